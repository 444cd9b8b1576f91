package org.gmdb.mailstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.gmdb.gearman.GearmanJobException;
import org.gmdb.gearman.Priority;
import org.gmdb.gearman.client.SubmitOptions;
import org.gmdb.mail.event.EventCodec;
import org.gmdb.mail.event.EventHeader;
import org.gmdb.mail.event.EventIds;
import org.gmdb.mail.event.MailEvent;
import org.gmdb.mail.event.query.QueryCodec;
import org.gmdb.mail.event.query.QueryRequest;
import org.gmdb.mail.event.query.QueryResponse;
import org.gmdb.mailstore.store.ExpungedPurge;
import org.gmdb.mailstore.testing.JobServerKind;
import org.gmdb.mailstore.testing.LogTap;
import org.gmdb.mailstore.testing.ShardCluster;
import org.gmdb.mailstore.testing.Sleep;
import org.gmdb.mailstore.testing.TestMariaDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a replica worker refuses and what it purges, through a job server: shard 1 of a
 * topology of 2 shards, replica a with the default admission and purges run by hand,
 * replica b resharding from 1 shard and purging on its own every 300 ms with no retention.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicaWorkerRulesIT {

    // With 2 shards, alice routes to shard 1 and dave to shard 2.
    private static final String SHARD_1_USER = "alice@example.com";
    private static final String SHARD_2_USER = "dave@example.com";
    private static final long YEAR_5138 = 99_999_999_999_999L;

    private ShardCluster cluster;
    private ReplicaWorker a;
    private ReplicaWorker b;

    @BeforeAll
    void startCluster() {
        cluster = ShardCluster.of(JobServerKind.GMDB, "wrules", 2, "a", "b");
        a = cluster.start(cluster.settings("a")
                .withPurge(new ReplicaWorkerSettings.Purge(Duration.ZERO, Duration.ZERO, 2)));
        b = cluster.start(cluster.settings("b")
                .withAdmission(new ReplicaWorkerSettings.Admission(Duration.ofMinutes(10), 1))
                .withPurge(new ReplicaWorkerSettings.Purge(Duration.ZERO, Duration.ofMillis(300), 2)));
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldFailAnEventForAUserOfAnotherShardWithTheReasonAndKeepWorking() throws Exception {
        MailEvent misrouted = ShardCluster.deliver(SHARD_2_USER, "sent to the wrong shard");
        String reason = failureOf("mail1@a", misrouted);
        assertTrue(reason.contains("user " + SHARD_2_USER + " routes to shard 2 of 2, not to this shard 1 (mail1@a)"),
                reason);
        cluster.send("a", misrouted); // in the background too: nobody hears, nothing is stored

        MailEvent good = ShardCluster.deliver(SHARD_1_USER, "after the misrouted one");
        assertEquals(good.id().toString(), submit("mail1@a", good));
        assertEquals(0, events("a", SHARD_2_USER));
    }

    @Test
    void shouldTakeAUserMovingAwayWhileReshardingFromOneShard() throws Exception {
        MailEvent moving = ShardCluster.deliver(SHARD_2_USER, "during the move");
        assertEquals(moving.id().toString(), submit("mail1@b", moving));
        assertEquals(1, events("b", SHARD_2_USER));
    }

    @Test
    void shouldFailAnEventStampedInTheYear5138WithTheReasonAndKeepWorking() throws Exception {
        MailEvent future = new MailEvent.Deliver(new EventHeader(EventIds.next(), YEAR_5138, "test", SHARD_1_USER),
                "INBOX", java.util.Set.of(), "Subject: from the future\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII));
        String reason = failureOf("mail1@a", future);
        assertTrue(reason.contains("timestamp 99999999999999 (5138-11-16T09:46:39.999Z) is "), reason);
        assertTrue(reason.contains("ms ahead of the clock of mail1@a") && reason.contains("(expected: at most 600000 ms ahead)"),
                reason);

        MailEvent good = ShardCluster.deliver(SHARD_1_USER, "after the one from the future");
        assertEquals(good.id().toString(), submit("mail1@a", good));
        assertEquals(0, TestMariaDb.count(cluster.database("a"), "SELECT COUNT(*) FROM applied_event WHERE ts = " + YEAR_5138));
    }

    @Test
    void shouldLogOneLineNamingTheReasonForEachRefusedBackgroundEvent() throws Exception {
        MailEvent misrouted = ShardCluster.deliver(SHARD_2_USER, "misrouted in the background");
        MailEvent future = new MailEvent.Deliver(new EventHeader(EventIds.next(), YEAR_5138, "test", SHARD_1_USER),
                "INBOX", java.util.Set.of(), "Subject: from the future\r\n\r\nin the background\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        MailEvent good = ShardCluster.deliver(SHARD_1_USER, "after the refused background ones");
        try (LogTap log = LogTap.open()) {
            cluster.send("a", misrouted);
            cluster.send("a", future);
            // Jobs run in order of submission only roughly; the good one applied and both lines
            // written means all three were taken, and a repeated line would show by then.
            cluster.send("a", good);
            Sleep.until(Duration.ofSeconds(10), "the good event applied and both refusals logged",
                    () -> applied("a", good) == 1
                            && !log.linesContaining(misrouted.id() + " refused").isEmpty()
                            && !log.linesContaining(future.id() + " refused").isEmpty());
            Sleep.millis(300);

            List<String> misroutedLines = log.linesContaining(misrouted.id() + " refused");
            assertEquals(1, misroutedLines.size(), misroutedLines.toString());
            assertTrue(misroutedLines.get(0).contains("WARN") && misroutedLines.get(0).contains(
                    "refused: user " + SHARD_2_USER + " routes to shard 2 of 2, not to this shard 1 (mail1@a)"),
                    misroutedLines.get(0));
            List<String> futureLines = log.linesContaining(future.id() + " refused");
            assertEquals(1, futureLines.size(), futureLines.toString());
            assertTrue(futureLines.get(0).contains("WARN") && futureLines.get(0).contains(
                    "refused: timestamp 99999999999999 (5138-11-16T09:46:39.999Z) is "), futureLines.get(0));
        }
        assertEquals(0, applied("a", misrouted) + applied("a", future));
    }

    @Test
    void shouldPurgeExpungedBytesWhenAskedAndReportThem() throws Exception {
        MailEvent.Deliver d = ShardCluster.deliver(SHARD_1_USER, "purged by hand");
        submit("mail1@a", d);
        submit("mail1@a", new MailEvent.Expunge(EventHeader.create("test", SHARD_1_USER), List.of(d.id())));

        assertEquals(new ExpungedPurge.Report(1, 1, d.message().length, 0), a.purgeExpunged());

        assertEquals(0, contents("a", d));
        ExecutionException gone = assertThrows(ExecutionException.class, () -> cluster.client()
                .submit("mail1@a", QueryCodec.encodeRequest(new QueryRequest.FetchMessage(SHARD_1_USER, d.id())),
                        SubmitOptions.defaults().priority(Priority.HIGH)).get(10, TimeUnit.SECONDS));
        assertTrue(gone.getCause().getMessage().contains(d.id().toString()), gone.getCause().getMessage());
        // The deliver sent again (a job server replay) stores nothing.
        submit("mail1@a", d);
        assertEquals(0, contents("a", d));
    }

    @Test
    void shouldPurgeExpungedBytesOnItsOwnEveryInterval() throws Exception {
        MailEvent.Deliver d = ShardCluster.deliver(SHARD_1_USER, "purged on schedule");
        submit("mail1@b", d);
        assertEquals(1, contents("b", d));
        submit("mail1@b", new MailEvent.Expunge(EventHeader.create("test", SHARD_1_USER), List.of(d.id())));
        Sleep.until(Duration.ofSeconds(10), "b's periodic purge", () -> contents("b", d) == 0);
        QueryResponse.CountsResult counts = (QueryResponse.CountsResult) QueryCodec.decodeResponse(cluster.client()
                .submit("mail1@b", QueryCodec.encodeRequest(new QueryRequest.Counts(SHARD_1_USER, null)),
                        SubmitOptions.defaults().priority(Priority.HIGH)).get(10, TimeUnit.SECONDS));
        assertEquals(0, counts.messages());
    }

    private String submit(String function, MailEvent event) throws Exception {
        return new String(cluster.client().submit(function, EventCodec.encode(event)).get(10, TimeUnit.SECONDS),
                StandardCharsets.US_ASCII);
    }

    private String failureOf(String function, MailEvent event) {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> submit(function, event));
        return assertInstanceOf(GearmanJobException.class, failed.getCause()).getMessage();
    }

    private long events(String replica, String user) {
        return TestMariaDb.count(cluster.database(replica), "SELECT COUNT(*) FROM applied_event WHERE user_addr = '"
                + user + "'");
    }

    private long contents(String replica, MailEvent message) {
        return TestMariaDb.count(cluster.database(replica), "SELECT COUNT(*) FROM message_content WHERE id = "
                + unhex(message));
    }

    private long applied(String replica, MailEvent event) {
        return TestMariaDb.count(cluster.database(replica), "SELECT COUNT(*) FROM applied_event WHERE id = " + unhex(event));
    }

    private static String unhex(MailEvent event) {
        return "UNHEX('" + event.id().toString().replace("-", "") + "')";
    }
}
