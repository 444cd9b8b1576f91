package org.gmdb.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gmdb.launcher.e2e.MailCorpus.Mail;
import org.gmdb.launcher.e2e.StoreChecks.Delivered;
import org.gmdb.mail.event.query.SearchCriteria;
import org.gmdb.mail.topology.Topology;
import org.gmdb.mailclient.Durability;
import org.gmdb.mailclient.MailClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mail store as separate processes on 127.0.0.1, as deployed: {@code gmdb jobserver} with
 * its MySQL queue, and 2 shards x 2 replicas, each a {@code gmdb worker} process with its own
 * database in the test MariaDB. Anti-entropy is off unless a test turns it on, so what a
 * replica has came through its own queue. The tests share the processes and run in order;
 * each uses its own users (a fresh token), and leaves every process running.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MailStoreProcessesIT {

    private static final List<String> REPLICAS = List.of("a", "b");

    @TempDir
    static Path dir;

    private static StoreProcesses store;
    private static Topology topology;

    @BeforeAll
    static void startStore() {
        store = StoreChecks.timed("start job server and 4 workers", () -> new StoreProcesses(
                StoreProcesses.JobServerKind.OURS_WITH_MYSQL_QUEUE, 2, REPLICAS, dir, 0));
        topology = store.topology();
    }

    @AfterAll
    static void stopStore() throws Exception {
        if (store != null) {
            store.close();
        }
    }

    @Test
    @Order(1)
    void shouldServeTwoThousandMessagesOfFiftyUsersByteIdenticalFromEveryReplicaAndMergeACrossShardSearch() throws Throwable {
        withDiagnostics(() -> {
            String token = MailCorpus.newToken();
            List<Mail> mails = MailCorpus.generate(token, 2000, 50, 1);
            try (MailClient client = store.client()) {
                // QUEUED: every replica's event is in the job server's MySQL queue; then wait for the workers.
                List<Delivered> delivered = StoreChecks.timed("deliver 2000 (QUEUED)",
                        () -> StoreChecks.deliver(client, mails, Durability.QUEUED));
                assertEquals(2, delivered.stream().map(Delivered::shard).distinct().count(), "users on both shards");
                StoreChecks.timed("until every replica has every message", () -> StoreChecks
                        .awaitEveryReplicaHasEveryMessage(client, topology, delivered, Duration.ofSeconds(120)));

                StoreChecks.timed("4000 pinned reads", () -> StoreChecks.awaitEveryReplicaServesEveryMessage(client,
                        topology, delivered, Duration.ofSeconds(30)));

                SearchCriteria weekly = new SearchCriteria(null, null, null, null, token + " WEEKLY", null, null, null,
                        null, null, null, null);
                StoreChecks.assertCrossShardSearch(client, delivered, weekly, Mail::weekly, 150);
                SearchCriteria all = new SearchCriteria(null, null, null, null, token, null, null, null, null, null,
                        null, null);
                StoreChecks.timed("two searches", () -> StoreChecks.assertCrossShardSearch(client, delivered, all,
                        m -> true, 2000));
            }
            StoreChecks.timed("dumps", () -> {
                for (var shard : topology.shards()) {
                    StoreChecks.awaitReplicasIdentical(shard, r -> store.database(shard.number(), r), Duration.ofSeconds(10));
                }
            });
        });
    }

    @Test
    @Order(2)
    void shouldCatchUpAReplicaWhoseWorkerWasDownDuringDeliveries() throws Throwable {
        withDiagnostics(() -> {
            List<Mail> mails = MailCorpus.generate(MailCorpus.newToken(), 200, 10, 2);
            store.stopWorker(1, "b");
            List<Delivered> delivered;
            try (MailClient client = store.client()) {
                // ONE: replica a applies; b's events wait in the job server's queue.
                delivered = StoreChecks.deliver(client, mails, Durability.ONE);
            }
            assertNotEquals(TestDatabases.dump(store.database(1, "a")), TestDatabases.dump(store.database(1, "b")),
                    "replica b should be behind while its worker is down");

            StoreChecks.timed("restart mail1@b", () -> store.startWorker(1, "b", 0)); // no anti-entropy: its queue alone
            try (MailClient client = store.client()) {
                StoreChecks.awaitEveryReplicaHasEveryMessage(client, topology, delivered, Duration.ofSeconds(60));
                StoreChecks.awaitEveryReplicaServesEveryMessage(client, topology, delivered, Duration.ofSeconds(10));
            }
            StoreChecks.awaitReplicasIdentical(topology.shard(1), r -> store.database(1, r), Duration.ofSeconds(30));
        });
    }

    @Test
    @Order(3)
    void shouldRebuildAWipedReplicaFromItsPeerByAntiEntropy() throws Throwable {
        withDiagnostics(() -> {
            List<Delivered> delivered;
            try (MailClient client = store.client()) {
                delivered = StoreChecks.deliver(client, MailCorpus.generate(MailCorpus.newToken(), 200, 10, 3),
                        Durability.ALL);
            }
            String before = TestDatabases.dump(store.database(2, "a"));

            store.stopWorker(2, "b");
            TestDatabases.wipe(store.database(2, "b"));
            assertNotEquals(before, TestDatabases.dump(store.database(2, "b")), "the wiped replica should be empty");
            StoreChecks.timed("restart mail2@b", () -> store.startWorker(2, "b", 500)); // anti-entropy every 0.5 s

            String rebuilt = StoreChecks.timed("rebuild by anti-entropy", () -> StoreChecks.awaitReplicasIdentical(
                    topology.shard(2), r -> store.database(2, r), Duration.ofSeconds(90)));
            assertEquals(before, rebuilt, "the rebuilt replica should equal its peer as it was before the wipe");
            try (MailClient client = store.client()) {
                StoreChecks.awaitEveryReplicaServesEveryMessage(client, topology,
                        delivered.stream().filter(d -> d.shard() == 2).toList(), Duration.ofSeconds(30));
            }
        });
    }

    @Test
    @Order(4)
    void shouldLoseNoQueuedEventWhenTheJobServerIsKilledAndRestarted() throws Throwable {
        withDiagnostics(() -> {
            StoreChecks.timed("stop all workers", () -> store.stopAllWorkers());
            List<Delivered> delivered;
            try (MailClient client = store.client()) {
                // QUEUED: acknowledged once the job server has the events in its MySQL queue; no worker runs.
                delivered = StoreChecks.deliver(client, MailCorpus.generate(MailCorpus.newToken(), 300, 20, 4),
                        Durability.QUEUED);
            }
            store.killJobServer(); // kill -9: whatever was only in its memory is gone
            StoreChecks.timed("restart the job server", () -> store.startJobServer());
            StoreChecks.timed("start all workers", () -> store.startWorkers(0));

            try (MailClient client = store.client()) {
                StoreChecks.timed("until every replica has every message", () -> StoreChecks
                        .awaitEveryReplicaHasEveryMessage(client, topology, delivered, Duration.ofSeconds(90)));
                StoreChecks.timed("pinned reads after the restart", () -> StoreChecks.awaitEveryReplicaServesEveryMessage(
                        client, topology, delivered, Duration.ofSeconds(10)));
            }
            for (var shard : topology.shards()) {
                StoreChecks.awaitReplicasIdentical(shard, r -> store.database(shard.number(), r), Duration.ofSeconds(30));
            }
        });
    }

    /** Runs {@code test}; a failure carries what the processes said lately. */
    private static void withDiagnostics(Executable test) throws Throwable {
        try {
            test.execute();
        } catch (Throwable e) {
            e.addSuppressed(new AssertionError("process output:\n" + store.diagnostics()));
            throw e;
        }
    }
}
