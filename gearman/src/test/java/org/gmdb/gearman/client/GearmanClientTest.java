package org.gmdb.gearman.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.gmdb.gearman.GearmanConnectionException;
import org.gmdb.gearman.GearmanJobException;
import org.gmdb.gearman.GearmanJobFailedException;
import org.gmdb.gearman.GearmanServerErrorException;
import org.gmdb.gearman.GearmanTimeoutException;
import org.gmdb.gearman.protocol.ErrorCode;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;
import org.gmdb.gearman.testing.FakeGearmanServer;
import org.gmdb.gearman.testing.FakeGearmanServer.Received;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client against scripted servers: reply matching, failover, and no future left pending. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class GearmanClientTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private FakeGearmanServer fake() {
        FakeGearmanServer fake = new FakeGearmanServer();
        toClose.add(fake);
        return fake;
    }

    private GearmanClient client(Duration requestTimeout, FakeGearmanServer... servers) {
        GearmanClient client = GearmanClient.builder()
                .servers(java.util.Arrays.stream(servers).map(FakeGearmanServer::address).toList())
                .exceptions(false)
                .requestTimeout(requestTimeout)
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(100))
                .build();
        toClose.add(client);
        return client;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static Throwable failure(CompletableFuture<?> future) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        return e.getCause();
    }

    private static Packet jobCreated(String handle) {
        return Packet.response(PacketType.JOB_CREATED, handle);
    }

    @Test
    void shouldMatchPipelinedJobCreatedRepliesInRequestOrderAndResultsByHandle() throws Exception {
        FakeGearmanServer server = fake();
        GearmanClient client = client(Duration.ofSeconds(5), server);

        List<CompletableFuture<byte[]>> results = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            results.add(client.submit("f", bytes("d" + i)));
        }
        List<Received> submits = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Received r = server.next(PacketType.SUBMIT_JOB);
            assertEquals("d" + i, r.packet().text(2));
            submits.add(r);
        }
        submits.get(0).reply(jobCreated("H:1"), jobCreated("H:2"), jobCreated("H:3"),
                Packet.response(PacketType.WORK_COMPLETE, "H:3", "r3"),
                Packet.response(PacketType.WORK_COMPLETE, "H:1", "r1"),
                Packet.response(PacketType.WORK_COMPLETE, "H:2", "r2"));

        for (int i = 1; i <= 3; i++) {
            assertEquals("r" + i, new String(results.get(i - 1).get(5, TimeUnit.SECONDS), UTF_8));
        }
    }

    @Test
    void shouldSendTheUniqueAndPriorityGiven() throws Exception {
        FakeGearmanServer server = fake();
        GearmanClient client = client(Duration.ofSeconds(5), server);

        client.submit("f", bytes("x"), SubmitOptions.defaults().unique("u1").priority(org.gmdb.gearman.Priority.LOW));
        client.submitBackground("g", "u2", bytes("y"), org.gmdb.gearman.Priority.HIGH);

        assertEquals(Packet.request(PacketType.SUBMIT_JOB_LOW, "f", "u1", "x"), server.next().packet());
        assertEquals(Packet.request(PacketType.SUBMIT_JOB_HIGH_BG, "g", "u2", "y"), server.next().packet());
    }

    @Test
    void shouldGenerateAUuidUniqueWhenNoneIsGiven() throws Exception {
        FakeGearmanServer server = fake();

        client(Duration.ofSeconds(5), server).submit("f", bytes("x"));

        assertEquals(36, server.next(PacketType.SUBMIT_JOB).packet().field(1).length);
    }

    @Test
    void shouldAskForExceptionsAndSetTheClientIdFirst() throws Exception {
        FakeGearmanServer server = fake();
        GearmanClient client = GearmanClient.builder().servers(server.address().toString()).clientId("mail-client-1")
                .build();
        toClose.add(client);

        client.submitBackground("f", bytes("x"));

        assertEquals(Packet.request(PacketType.SET_CLIENT_ID, "mail-client-1"), server.next().packet());
        Received option = server.next(PacketType.OPTION_REQ);
        assertEquals("exceptions", option.packet().text(0));
        server.next(PacketType.SUBMIT_JOB_BG);
    }

    @Test
    void shouldMapWorkFailAndWorkExceptionToTheirExceptions() throws Exception {
        FakeGearmanServer server = fake();
        GearmanClient client = client(Duration.ofSeconds(5), server);
        CompletableFuture<byte[]> failed = client.submit("f", bytes("1"));
        CompletableFuture<byte[]> thrown = client.submit("f", bytes("2"));
        Received first = server.next(PacketType.SUBMIT_JOB);
        server.next(PacketType.SUBMIT_JOB);

        // gearmand turns WORK_EXCEPTION into a WORK_FAIL whose payload keeps a trailing NUL: "H:1\0"
        first.reply(jobCreated("H:1"), jobCreated("H:2"),
                Packet.response(PacketType.WORK_FAIL, new byte[][] {bytes("H:1\0")}),
                Packet.response(PacketType.WORK_EXCEPTION, "H:2", "disk full"));

        assertInstanceOf(GearmanJobFailedException.class, failure(failed));
        Throwable exception = failure(thrown);
        assertInstanceOf(GearmanJobException.class, exception);
        assertEquals("disk full", exception.getMessage());
    }

    @Test
    void shouldFailWithTheServersErrorInTheRequestsPlace() throws Exception {
        FakeGearmanServer server = fake();
        GearmanClient client = client(Duration.ofSeconds(5), server);
        CompletableFuture<String> refused = client.submitBackground("f", bytes("1"));
        CompletableFuture<String> accepted = client.submitBackground("f", bytes("2"));
        Received first = server.next(PacketType.SUBMIT_JOB_BG);
        server.next(PacketType.SUBMIT_JOB_BG);

        first.reply(Packet.error(ErrorCode.QUEUE_ERROR), jobCreated("H:2"));

        Throwable error = failure(refused);
        assertInstanceOf(GearmanServerErrorException.class, error);
        assertTrue(error.getMessage().contains("ERROR QUEUE_ERROR Job queue is full"), error.getMessage());
        assertEquals("H:2", accepted.get(5, TimeUnit.SECONDS));
    }

    @Test
    void shouldReplayOnTheNextServerWhenTheConnectionDropsBeforeJobCreated() throws Exception {
        FakeGearmanServer dropping = fake();
        FakeGearmanServer healthy = fake();
        GearmanClient client = client(Duration.ofSeconds(5), dropping, healthy);

        // a unique whose hash picks the first server; try a few until one lands there
        CompletableFuture<String> handle = null;
        for (int i = 0; handle == null; i++) {
            CompletableFuture<String> attempt = client.submitBackground("f", "u" + i, bytes("x"),
                    org.gmdb.gearman.Priority.NORMAL);
            Received first = dropping.poll(300);
            if (first != null) {
                first.closeConnection();
                handle = attempt;
            } else {
                healthy.next(PacketType.SUBMIT_JOB_BG).reply(jobCreated("H:other"));
                attempt.get(5, TimeUnit.SECONDS);
            }
        }

        Received replayed = healthy.next(PacketType.SUBMIT_JOB_BG);
        replayed.reply(jobCreated("H:healthy:1"));
        assertEquals("H:healthy:1", handle.get(5, TimeUnit.SECONDS));
    }

    @Test
    void shouldFailAForegroundJobWhoseConnectionDropsAfterJobCreated() throws Exception {
        FakeGearmanServer server = fake();
        GearmanClient client = client(Duration.ofSeconds(5), server);
        CompletableFuture<byte[]> result = client.submit("f", bytes("x"));
        Received submit = server.next(PacketType.SUBMIT_JOB);

        submit.reply(jobCreated("H:7"));
        // a status round trip after it proves JOB_CREATED was read (replies come in order)
        CompletableFuture<JobStatus> status = client.status("H:7");
        server.next(PacketType.GET_STATUS).reply(Packet.response(PacketType.STATUS_RES, "H:7", "1", "1", "0", "0"));
        status.get(5, TimeUnit.SECONDS);
        submit.closeConnection();

        Throwable error = failure(result);
        assertInstanceOf(GearmanConnectionException.class, error);
        assertTrue(error.getMessage().contains("after JOB_CREATED H:7"), error.getMessage());
    }

    @Test
    void shouldStayInStepWhenAReplyComesAfterItsRequestTimedOut() throws Exception {
        FakeGearmanServer server = fake();
        GearmanClient client = client(Duration.ofMillis(300), server);
        CompletableFuture<String> slow = client.submitBackground("f", bytes("slow"));
        Received first = server.next(PacketType.SUBMIT_JOB_BG);

        Throwable error = failure(slow);
        assertInstanceOf(GearmanTimeoutException.class, error);
        CompletableFuture<String> next = client.submitBackground("f", bytes("next"));
        server.next(PacketType.SUBMIT_JOB_BG);
        first.reply(jobCreated("H:late"), jobCreated("H:next"));

        assertEquals("H:next", next.get(5, TimeUnit.SECONDS));
    }

    @Test
    void shouldCloseTheConnectionOnAnOutOfStepReplyAndReplayElsewhere() throws Exception {
        FakeGearmanServer confused = fake();
        GearmanClient client = client(Duration.ofSeconds(5), confused);
        CompletableFuture<String> handle = client.submitBackground("f", bytes("x"));
        Received submit = confused.next(PacketType.SUBMIT_JOB_BG);

        submit.reply(Packet.response(PacketType.STATUS_RES, "H:1", "0", "0", "0", "0"));

        // the connection is dropped, and the submission is sent again on a new one
        Received again = confused.next(PacketType.SUBMIT_JOB_BG);
        again.reply(jobCreated("H:2"));
        assertEquals("H:2", handle.get(5, TimeUnit.SECONDS));
    }

    @Test
    void shouldGiveEachCoalescedSubmissionOnOneConnectionItsOwnCopyOfEachPacket() throws Exception {
        FakeGearmanServer server = fake();
        GearmanClient client = client(Duration.ofSeconds(5), server);
        List<String> data1 = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> data2 = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<byte[]> r1 = client.submit("f", bytes("x"), listening("same", data1));
        CompletableFuture<byte[]> r2 = client.submit("f", bytes("x"), listening("same", data2));
        Received first = server.next(PacketType.SUBMIT_JOB);
        server.next(PacketType.SUBMIT_JOB);

        // a server sends each attachment its copy: two JOB_CREATED with one handle, then every WORK_* twice
        first.reply(jobCreated("H:1"), jobCreated("H:1"),
                Packet.response(PacketType.WORK_DATA, "H:1", "a"), Packet.response(PacketType.WORK_DATA, "H:1", "a"),
                Packet.response(PacketType.WORK_COMPLETE, "H:1", "r"),
                Packet.response(PacketType.WORK_COMPLETE, "H:1", "r"));

        assertEquals("r", new String(r1.get(5, TimeUnit.SECONDS), UTF_8));
        assertEquals("r", new String(r2.get(5, TimeUnit.SECONDS), UTF_8));
        assertEquals(List.of("a"), data1);
        assertEquals(List.of("a"), data2);
    }

    private static SubmitOptions listening(String unique, List<String> data) {
        return SubmitOptions.defaults().unique(unique).listener(new JobListener() {
            @Override
            public void onData(byte[] d) {
                data.add(new String(d, UTF_8));
            }
        });
    }

    @Test
    void shouldParseStatusAndStatusUniqueReplies() throws Exception {
        FakeGearmanServer server = fake();
        GearmanClient client = client(Duration.ofSeconds(5), server);

        CompletableFuture<JobStatus> byHandle = client.status("H:1");
        server.next(PacketType.GET_STATUS).reply(Packet.response(PacketType.STATUS_RES, "H:1", "1", "1", "3", "4"));
        CompletableFuture<JobStatus> byUnique = client.statusByUnique("u");
        server.next(PacketType.GET_STATUS_UNIQUE)
                .reply(Packet.response(PacketType.STATUS_RES_UNIQUE, "u", "1", "0", "0", "0", "2"));

        assertEquals(new JobStatus("H:1", true, true, 3, 4, -1), byHandle.get(5, TimeUnit.SECONDS));
        assertEquals(new JobStatus("u", true, false, 0, 0, 2), byUnique.get(5, TimeUnit.SECONDS));
    }

    @Test
    void shouldFailEveryPendingRequestOnClose() throws Exception {
        FakeGearmanServer server = fake();
        GearmanClient client = client(Duration.ofSeconds(30), server);
        CompletableFuture<byte[]> created = client.submit("f", bytes("1"));
        CompletableFuture<byte[]> waiting = client.submit("f", bytes("2"));
        server.next(PacketType.SUBMIT_JOB).reply(jobCreated("H:1"));
        server.next(PacketType.SUBMIT_JOB);

        client.close();

        assertInstanceOf(GearmanConnectionException.class, failure(created));
        assertInstanceOf(GearmanConnectionException.class, failure(waiting));
        assertInstanceOf(GearmanConnectionException.class, failure(client.submit("f", bytes("3"))));
    }

    @Test
    void shouldRefuseAUniqueLongerThan64BytesBeforeSending() {
        FakeGearmanServer server = fake();
        GearmanClient client = client(Duration.ofSeconds(5), server);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> client.submit("f", bytes("x"), SubmitOptions.defaults().unique("u".repeat(65))));

        assertEquals("unique of 65 bytes (expected: <= 64)", e.getMessage());
    }

    @Test
    void shouldNotSendAnythingForARefusedHandle() throws Exception {
        FakeGearmanServer server = fake();
        GearmanClient client = client(Duration.ofSeconds(5), server);

        assertThrows(IllegalArgumentException.class, () -> client.status("H".repeat(64)));

        assertNull(server.poll(100));
    }
}
