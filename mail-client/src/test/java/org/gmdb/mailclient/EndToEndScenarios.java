package org.gmdb.mailclient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.internet.MailDateFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.gmdb.mail.event.EventIds;
import org.gmdb.mail.event.query.MailboxInfo;
import org.gmdb.mail.event.query.MessageSummary;
import org.gmdb.mail.event.query.SearchCriteria;
import org.gmdb.mail.event.query.Sort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * End to end: MailClient, a job server and 2 shards x 2 replica workers on MariaDB; run once
 * on our job server ({@link MailClientIT}) and once on gearmand ({@link MailClientGearmandIT}).
 * The deliveries of the first test are the data of the later ones.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EndToEndScenarios {

    private static final List<String> REPLICAS = List.of("a", "b");
    private static final int USERS = 6;
    private static final int MESSAGES_PER_USER = 5;
    private static final long BASE_DATE = 1_790_000_000_000L;

    private MailStoreCluster cluster;
    private MailClient client;
    /** Per user, the message ids in delivery order, with the bytes delivered. */
    private final Map<String, Map<UUID, byte[]>> delivered = new LinkedHashMap<>();
    /** Date: header of every message, by id. */
    private final Map<UUID, Long> dates = new LinkedHashMap<>();
    private final Set<UUID> invoices = new HashSet<>();

    /** The job server the scenarios run on. */
    abstract MailStoreCluster.JobServerKind jobServer();

    @BeforeAll
    void start() {
        cluster = new MailStoreCluster(jobServer(), 2, REPLICAS);
        client = MailClient.builder().topology(cluster.topology()).author(getClass().getSimpleName()).build();
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

    private static String user(int i) {
        return "user" + i + "@example.org";
    }

    /** Message j of user i: distinct Date, every second one an "Invoice", 8-bit and broken MIME mixed in. */
    private static byte[] message(int i, int j, long date) {
        var out = new ByteArrayOutputStream();
        String subject = (j % 2 == 0 ? "Invoice " : "Hello ") + i + "-" + j;
        String head = "From: sender" + j + "@example.net\r\nTo: " + user(i) + "\r\nSubject: " + subject + "\r\n"
                + "Date: " + new MailDateFormat().format(new Date(date)) + "\r\nMessage-ID: <" + i + "." + j
                + "@example.net>\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        if (j % 3 == 0) {
            out.writeBytes(("Content-Type: multipart/mixed; boundary=\"zz\"\r\n\r\n--zz\r\nContent-Transfer-Encoding: "
                    + "base64\r\n\r\n***not base64***\r\n").getBytes(StandardCharsets.US_ASCII));
        } else {
            out.writeBytes("Content-Type: text/plain; charset=utf-8\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("Gr\u00fc\u00dfe, caf\u00e9 \u2603\r\n".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[] {0, (byte) 0xff, (byte) 0x80, '\n', '\r', 'x'}); // odd bytes, bare LF and CR
        return out.toByteArray();
    }

    @Test
    @Order(1)
    void shouldStoreEveryMessageByteIdenticalOnEveryReplicaWithDurabilityAll() {
        Set<Integer> shardsUsed = new HashSet<>();
        List<CompletableFuture<DeliveryReceipt>> pending = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        List<byte[]> raws = new ArrayList<>();
        List<Long> messageDates = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            shardsUsed.add(client.shardOf(user(i)));
            delivered.put(user(i), new LinkedHashMap<>());
            for (int j = 0; j < MESSAGES_PER_USER; j++) {
                long date = BASE_DATE + (j * USERS + i) * 60_000L; // all distinct, interleaved across users
                byte[] raw = message(i, j, date);
                pending.add(client.deliver(List.of(user(i).toUpperCase()), raw, Durability.ALL));
                owners.add(i);
                raws.add(raw);
                messageDates.add(date);
            }
        }
        assertEquals(Set.of(1, 2), shardsUsed, "the users must cover both shards");

        for (int k = 0; k < pending.size(); k++) {
            DeliveryReceipt receipt = pending.get(k).join();
            WriteReceipt r = receipt.recipients().get(0);
            assertEquals(REPLICAS, r.applied());
            assertEquals(client.shardOf(user(owners.get(k))), r.shard());
            delivered.get(user(owners.get(k))).put(r.eventId(), raws.get(k));
            dates.put(r.eventId(), messageDates.get(k));
            if (new String(raws.get(k), StandardCharsets.ISO_8859_1).contains("Subject: Invoice")) {
                invoices.add(r.eventId());
            }
        }

        // Durability ALL returned, so each replica already holds every message: no waiting here.
        List<Runnable> checks = new ArrayList<>();
        for (var entry : delivered.entrySet()) {
            for (String replica : REPLICAS) {
                ReadFrom pinned = ReadFrom.replica(replica);
                var list = client.listMessages(entry.getKey(), "INBOX", Sort.UID, false, null, null, pinned);
                checks.add(() -> assertEquals(MESSAGES_PER_USER, list.join().messages().size(),
                        entry.getKey() + " on replica " + replica));
                for (var message : entry.getValue().entrySet()) {
                    var fetched = client.fetch(entry.getKey(), message.getKey(), pinned);
                    checks.add(() -> {
                        assertArrayEquals(message.getValue(), fetched.join().raw(),
                                "message " + message.getKey() + " of " + entry.getKey() + " on replica " + replica);
                        assertEquals(message.getValue().length, fetched.join().message().size());
                    });
                }
            }
        }
        checks.forEach(Runnable::run);
    }

    @Test
    @Order(2)
    void shouldMergeACrossShardSearchIntoExactlyTheExpectedSortedSet() {
        int limit = 7;
        List<UUID> expected = invoices.stream()
                .sorted(Comparator.comparing((UUID id) -> dates.get(id)).reversed())
                .limit(limit).toList();

        SearchResult result = client.search(new SearchCriteria(null, null, null, null, "invoice", null, null, null,
                null, null, null, null), Sort.DATE, true, limit).join();

        assertTrue(result.complete(), result.describeMissing());
        assertEquals(List.of(1, 2), result.shardsAsked());
        assertEquals(expected, result.messages().stream().map(MessageSummary::id).toList());
        Set<Integer> shardsInAnswer = new HashSet<>();
        for (MessageSummary m : result.messages()) {
            shardsInAnswer.add(client.shardOf(m.user()));
        }
        assertEquals(Set.of(1, 2), shardsInAnswer, "the top " + limit + " come from both shards");
    }

    @Test
    @Order(3)
    void shouldReturnEveryInvoiceOnceWhenTheLimitIsLargerThanTheMatches() {
        SearchResult result = client.search(new SearchCriteria(null, null, null, null, "invoice", null, null, null,
                null, null, null, null), Sort.ARRIVAL, false, 1000).join();

        assertTrue(result.complete(), result.describeMissing());
        assertEquals(invoices, Set.copyOf(result.messages().stream().map(MessageSummary::id).toList()));
        assertEquals(invoices.size(), result.messages().size());
    }

    @Test
    @Order(4)
    void shouldApplyMailboxAndFlagEventsOnEveryReplica() {
        String user = user(0);
        UUID first = delivered.get(user).keySet().iterator().next();

        client.createMailbox(user, "Archive", Durability.ALL).join();
        client.move(user, List.of(first), "Archive", Durability.ALL).join();
        client.setFlags(user, List.of(first), Set.of("\\Seen"), Durability.ALL).join();
        WriteReceipt copy = client.copy(user, first, "Kept", Set.of("$Important"), Durability.ALL).join();

        for (String replica : REPLICAS) {
            ReadFrom pinned = ReadFrom.replica(replica);
            Map<String, MailboxInfo> boxes = new LinkedHashMap<>();
            for (MailboxInfo b : client.listMailboxes(user, pinned).join()) {
                boxes.put(b.name(), b);
            }
            assertEquals(1, boxes.get("Archive").messages(), "replica " + replica + ": " + boxes);
            assertEquals(0, boxes.get("Archive").unseen());
            assertEquals(MESSAGES_PER_USER - 1, boxes.get("INBOX").messages());
            assertEquals(1, boxes.get("Kept").messages());
            var kept = client.fetch(user, copy.eventId(), pinned).join();
            assertArrayEquals(delivered.get(user).get(first), kept.raw());
            assertEquals(List.of("$Important"), kept.message().flags());
        }
    }

    @Test
    @Order(5)
    void shouldFailAFetchOfAnUnknownUserWithTheWorkersReason() {
        var e = assertThrows(CompletionException.class,
                () -> client.fetch("nobody@example.org", EventIds.next(), ReadFrom.anyReplica()).join());

        var q = assertInstanceOf(MailQueryException.class, e.getCause());
        assertEquals(client.shardOf("nobody@example.org"), q.shard());
        assertTrue(q.getMessage().contains("nobody@example.org"), q.getMessage());
    }

    @Test
    @Order(6)
    void shouldNameTheShardWhoseWorkersAreDownAndStillQueueWritesForIt() {
        cluster.stopShard(2);
        String onShard2 = "dave@example.net"; // shard 2 of 2 (routing examples)
        String onShard1 = "alice@example.com";

        SearchResult result = client.search(new SearchCriteria(null, null, null, null, "invoice", null, null, null,
                null, null, null, null), Sort.DATE, true, 100, java.time.Duration.ofMillis(800)).join();

        assertEquals(Set.of(2), result.missingShards());
        assertTrue(result.errors().get(2).timedOut(), result.errors().get(2).message());
        assertEquals("mail2", result.errors().get(2).function());
        assertTrue(result.messages().stream().allMatch(m -> client.shardOf(m.user()) == 1));
        assertTrue(!result.messages().isEmpty());

        byte[] raw = "Subject: while down\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII);
        DeliveryReceipt queued = client.deliver(List.of(onShard2, onShard1), raw, Durability.QUEUED).join();
        assertEquals(List.of("a", "b"), queued.forRecipient(onShard2).orElseThrow().queued());

        try (MailClient impatient = MailClient.builder().topology(cluster.topology())
                .applyTimeout(java.time.Duration.ofMillis(500)).build()) {
            var e = assertThrows(CompletionException.class,
                    () -> impatient.deliver(List.of(onShard2), raw, Durability.ONE).join());
            var failed = assertInstanceOf(DeliveryException.class, e.getCause());
            WriteReceipt r = failed.receipt().recipients().get(0);
            assertEquals(List.of("a", "b"), r.queued());
            assertEquals(List.of(), r.applied());
            assertTrue(failed.getMessage().contains("replica a: queued, but not confirmed applied by mail2@a"),
                    failed.getMessage());
            assertTrue(failed.getMessage().contains("replica b: queued, but not confirmed applied by mail2@b"),
                    failed.getMessage());
        }
    }
}
