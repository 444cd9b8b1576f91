package org.gmdb.mailclient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.gmdb.mail.event.query.QueryResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A 30 MB message and an 8-bit one through the whole write path: MailClient, our job server
 * with its MySQL persistent queue (the background job is stored before it is acknowledged),
 * both replica workers and their databases; each replica gives back the very bytes delivered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LargeMessageIT {

    private static final String USER = "big@example.org";

    private MailStoreCluster cluster;
    private MailClient client;

    @BeforeAll
    void start() throws Exception {
        // The queue stores a job's data in one row: the server must take packets of that size.
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:3306/?user=root&password=");
             Statement st = c.createStatement()) {
            st.execute("SET GLOBAL max_allowed_packet = 1073741824");
        }
        cluster = new MailStoreCluster(MailStoreCluster.JobServerKind.OURS, 1, List.of("a", "b"), true);
        client = MailClient.builder().topology(cluster.topology()).author("LargeMessageIT").build();
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldStoreA30MegabyteMessageByteIdenticalOnEveryReplica() {
        byte[] message = messageOfSize(30 * 1024 * 1024);
        DeliveryReceipt receipt = client.deliver(List.of(USER), message, Durability.ALL).join();

        UUID id = receipt.recipients().get(0).eventId();
        assertEquals(List.of("a", "b"), receipt.recipients().get(0).applied());
        for (String replica : List.of("a", "b")) {
            QueryResponse.FetchedMessage fetched = client.fetch(USER, id, ReadFrom.replica(replica)).join();
            assertEquals(message.length, fetched.raw().length, "size on replica " + replica);
            assertArrayEquals(message, fetched.raw(), "bytes on replica " + replica);
        }
    }

    @Test
    void shouldStoreAn8BitMessageWithBareLineEndsAsReceived() {
        byte[] message = ("From: =?x?= \u00e9t\u00e9 <a@b>\nSubject: caf\u00e9 \u00fcber\r\n\r\n"
                + "body with \u00ff, a bare CR\r and NUL \0 bytes\n").getBytes(StandardCharsets.ISO_8859_1);
        DeliveryReceipt receipt = client.deliver(List.of(USER), message, Durability.ALL).join();

        UUID id = receipt.recipients().get(0).eventId();
        for (String replica : List.of("a", "b")) {
            assertArrayEquals(message, client.fetch(USER, id, ReadFrom.replica(replica)).join().raw(),
                    "bytes on replica " + replica);
        }
    }

    /** Headers, then random 8-bit lines up to {@code size} bytes in all. */
    private static byte[] messageOfSize(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        byte[] head = "From: sender@example.net\r\nTo: big@example.org\r\nSubject: thirty megabytes\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(head);
        Random random = new Random(30);
        byte[] line = new byte[998];
        while (out.size() < size) {
            random.nextBytes(line);
            int length = Math.min(line.length, size - out.size());
            out.write(line, 0, length);
        }
        byte[] bytes = out.toByteArray();
        assertTrue(bytes.length == size);
        return bytes;
    }
}
