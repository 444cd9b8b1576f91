package org.gmdb.mailstore.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.gmdb.mailstore.ReplicaWorker;
import org.gmdb.mailstore.testing.ShardCluster;
import org.gmdb.mailstore.testing.Sleep;
import org.gmdb.mailstore.testing.TcpProxy;
import org.gmdb.mailstore.testing.TestMariaDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The replica's MySQL goes away while write jobs are in hand: through a TCP proxy the test
 * cuts and restores, and by KILLing the pool's connections. No job may fail; every event is
 * applied once the database is back, or by the next worker after a shutdown meanwhile.
 */
class DatabaseOutageIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static TcpProxy proxy;
    private static ShardCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        proxy = new TcpProxy(3306);
        cluster = new ShardCluster("outage", Map.of("a", proxy.hostPort()));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void shouldApplyEventsHeldDuringAnOutageOnceTheDatabaseIsBack() {
        ReplicaWorker a = cluster.start("a");
        try {
            String user = "held@example.com";
            for (int i = 0; i < 5; i++) {
                cluster.send("a", ShardCluster.deliver(user, "before " + i));
            }
            Sleep.until(WAIT, "5 events before the outage", () -> events(user) == 5);

            proxy.cut();
            for (int i = 0; i < 20; i++) {
                cluster.send("a", ShardCluster.deliver(user, "during " + i));
            }
            Sleep.until(WAIT, "the worker to hit the outage", () -> a.writes().isDatabaseAway());
            Sleep.millis(300); // jobs keep arriving and wait behind the batch in retry
            proxy.restore();

            Sleep.until(WAIT, "all 25 events after the outage", () -> events(user) == 25);
            assertEquals(0, a.writes().failed(), "no write job failed");
            Sleep.until(WAIT, "the batcher to see the database back", () -> !a.writes().isDatabaseAway());
        } finally {
            proxy.restore();
            a.shutdown(Duration.ofSeconds(2));
        }
    }

    @Test
    void shouldLeaveJobsToTheJobServerWhenStoppedDuringAnOutage() {
        String user = "requeued@example.com";
        ReplicaWorker a = cluster.start("a");
        proxy.cut();
        boolean finished;
        try {
            for (int i = 0; i < 10; i++) {
                cluster.send("a", ShardCluster.deliver(user, "stranded " + i));
            }
            Sleep.until(WAIT, "the worker to hold the jobs while the database is away", () -> a.writes().isDatabaseAway());
        } finally {
            finished = a.shutdown(Duration.ofMillis(500));
            proxy.restore();
        }
        assertFalse(finished, "jobs were still in hand at the deadline");
        assertEquals(0, events(user), "nothing could be applied during the outage");

        ReplicaWorker again = cluster.start("a");
        try {
            Sleep.until(WAIT, "the next worker to apply the requeued events", () -> events(user) == 10);
            assertEquals(0, again.writes().failed());
        } finally {
            again.shutdown(Duration.ofSeconds(2));
        }
    }

    @Test
    void shouldApplyEveryEventWhenPoolConnectionsAreKilledMidBatch() throws Exception {
        String user = "killed@example.com";
        ReplicaWorker a = cluster.start("a");
        AtomicBoolean killing = new AtomicBoolean(true);
        AtomicInteger killed = new AtomicInteger();
        Thread killer = new Thread(() -> {
            while (killing.get()) {
                killed.addAndGet(TestMariaDb.killConnections(cluster.database("a")));
                Sleep.millis(40);
            }
        }, "connection-killer");
        try {
            killer.start();
            for (int i = 0; i < 40; i++) {
                cluster.send("a", ShardCluster.deliver(user, "under fire " + i));
            }
            Sleep.until(WAIT, "the killer to hit some connections", () -> killed.get() >= 3);
        } finally {
            killing.set(false);
            killer.join();
        }
        try {
            Sleep.until(WAIT, "all 40 events despite the killed connections", () -> events(user) == 40);
            assertEquals(0, a.writes().failed());
        } finally {
            a.shutdown(Duration.ofSeconds(2));
        }
    }

    private static long events(String user) {
        return TestMariaDb.count(cluster.database("a"), "SELECT COUNT(*) FROM applied_event WHERE user_addr = '" + user + "'");
    }
}
