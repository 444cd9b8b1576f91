package org.gmdb.mailstore.antientropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.gmdb.mail.event.EventHeader;
import org.gmdb.mail.event.MailEvent;
import org.gmdb.mailstore.ReplicaWorker;
import org.gmdb.mailstore.admin.ReplicaStatusReport;
import org.gmdb.mailstore.store.CanonicalDump;
import org.gmdb.mailstore.store.MailQueries;
import org.gmdb.mailstore.testing.ShardCluster;
import org.gmdb.mailstore.testing.Sleep;
import org.gmdb.mailstore.testing.TestMariaDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Replicas a and b of shard 1 repair each other by comparing event-log digests over Gearman. */
class AntiEntropyIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static ShardCluster cluster;
    private static ReplicaWorker a;
    private static ReplicaWorker b;

    @BeforeAll
    static void start() {
        cluster = ShardCluster.of("ae", "a", "b");
        a = cluster.start("a");
        b = cluster.start("b");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    /** Each test starts from two converged replicas, whatever the one before left. */
    @BeforeEach
    void converge() {
        b.runAntiEntropyRound();
        a.runAntiEntropyRound();
        assertTrue(b.runAntiEntropyRound().inSync(), "replicas converged before the test");
    }

    @Test
    void shouldPullEventsAReplicaMissedInAPeriodicRound() {
        long before = cluster.events("a");
        b.shutdown(Duration.ofSeconds(2));
        for (int i = 0; i < 12; i++) {
            cluster.send("a", ShardCluster.deliver("henry@example.com", "only on a " + i));
        }
        Sleep.until(WAIT, "a to apply 12 events", () -> cluster.events("a") == before + 12);

        b = cluster.start(cluster.settings("b").withAntiEntropy(Duration.ofMillis(500), Duration.ofSeconds(3)));
        try {
            Sleep.until(WAIT, "b to pull the 12 events from a", () -> cluster.events("b") == before + 12);
            Sleep.until(WAIT, "b's round to end in sync", () -> b.status().sync().inSync());
            assertEquals(12, b.status().sync().totalPulled());
            assertEquals(dump(a), dump(b));
        } finally {
            b.shutdown(Duration.ofSeconds(2)); // back to rounds run by the tests only
            b = cluster.start("b");
        }
    }

    @Test
    void shouldRebuildAWipedReplicaToTheSameCanonicalDump() {
        String user = "iris@example.com";
        List<MailEvent> history = history(user);
        long before = cluster.events("a");
        for (MailEvent e : history) {
            cluster.send("a", e);
            cluster.send("b", e);
        }
        long total = before + history.size();
        Sleep.until(WAIT, "both replicas to apply the history",
                () -> cluster.events("a") == total && cluster.events("b") == total);
        String dumped = dump(a);
        assertEquals(dumped, dump(b));

        b.kill();
        TestMariaDb.drop(cluster.database("b"));
        b = cluster.start("b");
        assertEquals(0, cluster.events("b"), "b starts empty, in a new database");

        // Every version is pulled: an id another test sent with two contents counts twice.
        long versions = total + TestMariaDb.count(cluster.database("a"), "SELECT COUNT(*) FROM event_conflict");
        AntiEntropySync.Round round = b.runAntiEntropyRound();
        assertEquals(versions, round.pulled());
        assertTrue(round.inSync(), "b equals a after one round: " + round);
        assertEquals(dumped, dump(b));
        assertTrue(a.runAntiEntropyRound().inSync());
    }

    @Test
    void shouldExchangeEventsBothWaysWhenEachReplicaHasSomeTheOtherLacks() {
        long before = cluster.events("a");
        cluster.send("a", ShardCluster.deliver("jack@example.com", "a only"));
        cluster.send("b", ShardCluster.deliver("jack@example.com", "b only"));
        Sleep.until(WAIT, "one event on each", () -> cluster.events("a") == before + 1 && cluster.events("b") == before + 1);

        List<ReplicaStatusReport.ShardReport> split = new ReplicaStatusReport(cluster.topology(), cluster.client()).collect();
        assertFalse(split.get(0).converged());
        assertEquals(1, split.get(0).rows().get(0).missing());
        assertEquals(1, split.get(0).rows().get(1).missing());

        AntiEntropySync.Round first = a.runAntiEntropyRound();
        assertEquals(1, first.pulled());
        assertFalse(first.inSync(), "b still lacks a's event");
        assertEquals(1, b.runAntiEntropyRound().pulled());
        assertTrue(a.runAntiEntropyRound().inSync());
        assertEquals(dump(a), dump(b));

        List<ReplicaStatusReport.ShardReport> joined = new ReplicaStatusReport(cluster.topology(), cluster.client()).collect();
        assertTrue(joined.get(0).converged());
        for (ReplicaStatusReport.Row row : joined.get(0).rows()) {
            assertEquals(0, row.missing());
            assertEquals(0, row.behindMillis());
            assertEquals(before + 2, row.status().events());
            assertNull(row.error());
        }
        String table = ReplicaStatusReport.render(joined);
        assertTrue(table.contains("shard 1: converged (2 of 2 replicas answered)"), table);
    }

    @Test
    void shouldDetectSettleAndReportAnEventIdSentToEachReplicaWithDifferentContent() {
        String user = "kate@example.com";
        long before = cluster.events("a");
        MailEvent.Deliver onA = ShardCluster.deliver(user, "version for a");
        MailEvent.Deliver onB = new MailEvent.Deliver(onA.header(), "INBOX", Set.of(),
                ShardCluster.deliver(user, "version for b").message());
        cluster.send("a", onA);
        cluster.send("b", onB);
        Sleep.until(WAIT, "one event on each", () -> cluster.events("a") == before + 1 && cluster.events("b") == before + 1);

        List<ReplicaStatusReport.ShardReport> split = new ReplicaStatusReport(cluster.topology(), cluster.client()).collect();
        assertFalse(split.get(0).converged(), "same ids, different content: not converged");
        assertTrue(ReplicaStatusReport.render(split).contains("shard 1: NOT converged"));

        a.runAntiEntropyRound();
        b.runAntiEntropyRound();
        assertTrue(a.runAntiEntropyRound().inSync());
        assertEquals(dump(a), dump(b));
        for (ReplicaWorker w : List.of(a, b)) {
            MailQueries q = new MailQueries(w.database());
            assertEquals(2, q.counts(user, "INBOX").messages(), "both versions' messages are kept");
            assertEquals(1, w.status().conflicts());
        }

        List<ReplicaStatusReport.ShardReport> joined = new ReplicaStatusReport(cluster.topology(), cluster.client()).collect();
        assertTrue(joined.get(0).converged());
        for (ReplicaStatusReport.Row row : joined.get(0).rows()) {
            assertEquals(1, row.status().conflicts());
            assertEquals(0, row.missing());
        }
        String table = ReplicaStatusReport.render(joined);
        assertTrue(table.contains("CONFLICTS"), table);
        assertTrue(table.contains("shard 1: converged (2 of 2 replicas answered; 1 event id arrived with different content"),
                table);
    }

    @Test
    void shouldReportAReplicaThatIsDownWithoutHanging() {
        b.shutdown(Duration.ofSeconds(2));
        ReplicaStatusReport report = new ReplicaStatusReport(cluster.topology(), cluster.client(), Duration.ofMillis(800));
        long start = System.nanoTime();
        List<ReplicaStatusReport.ShardReport> shards = report.collect();
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "answered within the timeout");
        ReplicaStatusReport.Row rowB = shards.get(0).rows().get(1);
        assertFalse(rowB.isUp());
        assertFalse(shards.get(0).converged());
        String table = ReplicaStatusReport.render(shards);
        assertTrue(table.contains("DOWN") && table.contains("NOT converged (1 of 2 replicas answered)"), table);

        AntiEntropySync.Round round = a.runAntiEntropyRound();
        assertEquals(0, round.peersAnswered());
        assertFalse(round.inSync());
        b = cluster.start("b");
    }

    private static String dump(ReplicaWorker w) {
        return new CanonicalDump(w.database()).dump();
    }

    /** Deliveries, a move, flags, a new mailbox, an expunge: the state a rebuild must reproduce. */
    private static List<MailEvent> history(String user) {
        List<MailEvent> out = new ArrayList<>();
        MailEvent.Deliver first = ShardCluster.deliver(user, "first");
        MailEvent.Deliver second = ShardCluster.deliver(user, "second");
        MailEvent.Deliver third = ShardCluster.deliver(user, "third");
        out.add(first);
        out.add(second);
        out.add(third);
        out.add(new MailEvent.CreateMailbox(EventHeader.create("test", user), "Archive"));
        out.add(new MailEvent.Move(EventHeader.create("test", user), List.of(first.id()), "Archive"));
        out.add(new MailEvent.SetFlags(EventHeader.create("test", user), List.of(second.id()), Set.of("\\Seen", "$Work")));
        out.add(new MailEvent.Expunge(EventHeader.create("test", user), List.of(third.id())));
        out.add(new MailEvent.Copy(EventHeader.create("test", user), second.id(), "Archive", Set.of("\\Flagged")));
        return out;
    }
}
