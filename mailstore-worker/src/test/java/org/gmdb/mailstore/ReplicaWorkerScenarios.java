package org.gmdb.mailstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.gmdb.gearman.GearmanJobException;
import org.gmdb.gearman.Priority;
import org.gmdb.gearman.client.SubmitOptions;
import org.gmdb.mail.event.EventCodec;
import org.gmdb.mail.event.MailEvent;
import org.gmdb.mail.event.query.QueryCodec;
import org.gmdb.mail.event.query.QueryRequest;
import org.gmdb.mail.event.query.QueryResponse;
import org.gmdb.mail.event.query.Sort;
import org.gmdb.mailstore.store.CanonicalDump;
import org.gmdb.mailstore.testing.JobServerKind;
import org.gmdb.mailstore.testing.ShardCluster;
import org.gmdb.mailstore.testing.Sleep;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two replicas of shard 1 on real MariaDB databases, behind a job server of the kind the
 * subclass names: the worker must work on gearmand and on ours alike.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReplicaWorkerScenarios {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final JobServerKind kind;
    private ShardCluster cluster;
    private ReplicaWorker a;
    private ReplicaWorker b;

    ReplicaWorkerScenarios(JobServerKind kind) {
        this.kind = kind;
    }

    @BeforeAll
    void startCluster() {
        cluster = ShardCluster.of(kind, "rw", "a", "b");
        a = cluster.start("a");
        b = cluster.start("b");
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldApplyBackgroundEventsOnBothReplicasAndAnswerShardQueries() throws Exception {
        String user = "carol@example.com";
        List<MailEvent> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            MailEvent e = ShardCluster.deliver(user, "hello " + i);
            sent.add(e);
            cluster.send("a", e);
            cluster.send("b", e);
        }
        Sleep.until(WAIT, "20 events for " + user + " on a and b", () -> count(user) == 20);

        QueryResponse.MessageList list = (QueryResponse.MessageList) query("mail1",
                new QueryRequest.ListMessages(user, "INBOX", Sort.UID, false, null, null));
        // UIDs follow the order of application, which batching across jobs does not fix.
        assertEquals(sent.stream().map(MailEvent::id).collect(java.util.stream.Collectors.toSet()),
                list.messages().stream().map(m -> m.id()).collect(java.util.stream.Collectors.toSet()));
        QueryResponse.FetchedMessage fetched = (QueryResponse.FetchedMessage) query("mail1@b",
                new QueryRequest.FetchMessage(user, sent.get(3).id()));
        assertEquals(new String(EventCodec.messageOf(sent.get(3)), StandardCharsets.UTF_8),
                new String(fetched.raw(), StandardCharsets.UTF_8));
        assertEquals(new CanonicalDump(a.database()).dump(), new CanonicalDump(b.database()).dump());
    }

    @Test
    void shouldFailMalformedPayloadWithItsReasonAndKeepWorking() throws Exception {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> cluster.client()
                .submit("mail1@a", "{\"v\":1,\"op\":\"deliver\"}\n".getBytes(StandardCharsets.UTF_8))
                .get(10, TimeUnit.SECONDS));
        GearmanJobException reason = assertInstanceOf(GearmanJobException.class, failed.getCause());
        assertTrue(reason.getMessage().contains("malformed event") && reason.getMessage().contains("\"id\""),
                reason.getMessage());
        ExecutionException notJson = assertThrows(ExecutionException.class, () -> cluster.client()
                .submit("mail1@a", "hello\n".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS));
        assertTrue(notJson.getCause().getMessage().contains("not JSON"), notJson.getCause().getMessage());
        // A background one too: nobody hears about it, the worker logs it and goes on.
        cluster.client().submitBackground("mail1@a", null, "{}".getBytes(StandardCharsets.UTF_8), Priority.NORMAL)
                .get(5, TimeUnit.SECONDS);

        String user = "dave@example.com";
        MailEvent good = ShardCluster.deliver(user, "after the bad ones");
        byte[] done = cluster.client().submit("mail1@a", EventCodec.encode(good)).get(10, TimeUnit.SECONDS);
        assertEquals(good.id().toString(), new String(done, StandardCharsets.US_ASCII));
        QueryResponse.CountsResult counts = (QueryResponse.CountsResult) query("mail1@a",
                new QueryRequest.Counts(user, null));
        assertEquals(1, counts.messages());
    }

    @Test
    void shouldAnswerUnknownUserOrMailboxWithAClearError() {
        ExecutionException user = assertThrows(ExecutionException.class,
                () -> query("mail1", new QueryRequest.ListMailboxes("nobody@example.com")));
        GearmanJobException e = assertInstanceOf(GearmanJobException.class, user.getCause());
        assertTrue(e.getMessage().contains("unknown user nobody@example.com"), e.getMessage());

        MailEvent first = ShardCluster.deliver("erin@example.com", "first");
        cluster.send("a", first);
        Sleep.until(WAIT, "erin's message on a", () -> cluster.events("a") > 0 && knows(a, "erin@example.com"));
        ExecutionException mailbox = assertThrows(ExecutionException.class, () -> query("mail1@a",
                new QueryRequest.ListMessages("erin@example.com", "Archive", Sort.UID, false, null, null)));
        assertTrue(mailbox.getCause().getMessage().contains("unknown mailbox 'Archive'"),
                mailbox.getCause().getMessage());
        ExecutionException garbage = assertThrows(ExecutionException.class,
                () -> cluster.client().submit("mail1", "{\"q\":\"nonsense\"}".getBytes(StandardCharsets.UTF_8))
                        .get(10, TimeUnit.SECONDS));
        assertTrue(garbage.getCause().getMessage().contains("query is not valid"), garbage.getCause().getMessage());
    }

    @Test
    void shouldRefuseWriteEventsSentToTheShardFunction() {
        MailEvent e = ShardCluster.deliver("frank@example.com", "wrong function");
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> cluster.client().submit("mail1", EventCodec.encode(e)).get(10, TimeUnit.SECONDS));
        assertTrue(refused.getCause().getMessage().contains("takes queries only"), refused.getCause().getMessage());
    }

    @Test
    void shouldCatchUpOnQueuedEventsWhenAReplicaWorkerReturns() throws Exception {
        String user = "grace@example.com";
        b.shutdown(Duration.ofSeconds(2));
        for (int i = 0; i < 20; i++) {
            MailEvent e = ShardCluster.deliver(user, "while b was down " + i);
            cluster.send("a", e);
            cluster.send("b", e);
        }
        Sleep.until(WAIT, "a to apply the 20 events", () -> count(a, user) == 20);
        Sleep.millis(200);
        assertEquals(0, countOrZero(user), "b's database has nothing yet");
        b = cluster.start("b");
        Sleep.until(WAIT, "b to catch up from the job server's queue", () -> count(b, user) == 20);
        assertTrue(b.writes().batches() < 20, "queued jobs in hand share transactions: " + b.writes().batches()
                + " batches for 20 events");
        assertEquals(new CanonicalDump(a.database()).dump(), new CanonicalDump(b.database()).dump());
    }

    private long countOrZero(String user) {
        return org.gmdb.mailstore.testing.TestMariaDb.count(cluster.database("b"),
                "SELECT COUNT(*) FROM applied_event WHERE user_addr = '" + user + "'");
    }

    private boolean knows(ReplicaWorker w, String user) {
        return count(w, user) > 0;
    }

    private long count(String user) {
        return Math.min(count(a, user), count(b, user));
    }

    private long count(ReplicaWorker w, String user) {
        return w.database().dsl().fetchCount(org.gmdb.schema.shard.Tables.APPLIED_EVENT,
                org.gmdb.schema.shard.Tables.APPLIED_EVENT.USER_ADDR.eq(user));
    }

    private QueryResponse query(String function, QueryRequest request) throws Exception {
        byte[] answer = cluster.client().submit(function, QueryCodec.encodeRequest(request),
                SubmitOptions.defaults().priority(Priority.HIGH)).get(10, TimeUnit.SECONDS);
        return QueryCodec.decodeResponse(answer);
    }
}
