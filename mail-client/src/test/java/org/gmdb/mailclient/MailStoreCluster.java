package org.gmdb.mailclient;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.gmdb.gearman.testing.GearmandServer;
import org.gmdb.jobserver.JobServer;
import org.gmdb.jobserver.JobServerConfig;
import org.gmdb.jobserver.queue.mysql.MySqlPersistentQueue;
import org.gmdb.mail.topology.Topology;
import org.gmdb.mail.topology.TopologyLoader;
import org.gmdb.mailstore.ReplicaWorker;
import org.gmdb.mailstore.ReplicaWorkerSettings;

/**
 * A whole mail store for end-to-end tests: a job server on a free port of 127.0.0.1 (ours in
 * this JVM, or Debian's gearmand as a child process) and, in this JVM, one {@link ReplicaWorker} per replica, each on its own database of the test
 * MariaDB (127.0.0.1:3306, root, no password) with a unique name, dropped on close.
 *
 * <p>Caveat: unless asked for a persistent queue, the job server keeps its queue in memory;
 * anti-entropy is off, so what a replica holds came through its own queue.
 */
final class MailStoreCluster implements AutoCloseable {

    private static final String MARIADB = "127.0.0.1:3306";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** Which job server carries the store. */
    enum JobServerKind { OURS, GEARMAND }

    private final AutoCloseable jobServer;
    private final Topology topology;
    private final List<String> databases = new ArrayList<>();
    private final List<ReplicaWorker> workers = new ArrayList<>();

    MailStoreCluster(JobServerKind kind, int shards, List<String> replicas) {
        this(kind, shards, replicas, false);
    }

    /** With {@code persistentQueue}, our job server keeps background jobs in a MySQL queue database of its own. */
    MailStoreCluster(JobServerKind kind, int shards, List<String> replicas, boolean persistentQueue) {
        int port;
        if (kind == JobServerKind.OURS) {
            JobServerConfig.Builder config = JobServerConfig.builder().listen("127.0.0.1").port(0);
            if (persistentQueue) {
                String db = "gmdb_mc_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet() + "_queue";
                databases.add(db);
                config.persistentQueue(MySqlPersistentQueue.open("mysql://root@" + MARIADB + "/" + db));
            }
            JobServer ours = JobServer.start(config.build());
            jobServer = ours;
            port = ours.port();
        } else {
            GearmandServer gearmand = GearmandServer.start();
            jobServer = gearmand;
            port = gearmand.port();
        }
        try {
            StringBuilder text = new StringBuilder("jobservers = 127.0.0.1:" + port + "\nshards = " + shards + "\n");
            for (int s = 1; s <= shards; s++) {
                text.append("shard.").append(s).append(".replicas = ").append(String.join(", ", replicas)).append('\n');
                for (String r : replicas) {
                    String db = "gmdb_mc_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet() + "_s" + s + r;
                    databases.add(db);
                    text.append("shard.").append(s).append(".replica.").append(r).append(".jdbc = jdbc:mysql://")
                            .append(MARIADB).append('/').append(db).append("?user=root&password=\n");
                }
            }
            topology = TopologyLoader.parse(text.toString(), "MailStoreCluster");
            for (int s = 1; s <= shards; s++) {
                for (String r : replicas) {
                    workers.add(ReplicaWorker.start(new ReplicaWorkerSettings(topology, s, r, 32, 2, 64,
                            Duration.ofMillis(2), Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(5),
                            Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5))));
                }
            }
        } catch (RuntimeException | Error e) {
            // also an Error (a class missing at worker start): the databases made so far must go
            try {
                close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    Topology topology() {
        return topology;
    }

    /** Stops every replica worker of shard {@code shard}: its functions then have no worker at all. */
    void stopShard(int shard) {
        for (ReplicaWorker w : workers) {
            if (w.shardFunction().equals("mail" + shard)) {
                w.shutdown(Duration.ofSeconds(2));
            }
        }
    }

    @Override
    public void close() {
        for (ReplicaWorker w : workers) {
            w.shutdown(Duration.ofSeconds(2));
        }
        try {
            jobServer.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the job server", e);
        }
        try (Connection c = DriverManager.getConnection("jdbc:mysql://" + MARIADB + "/?user=root&password=");
             Statement st = c.createStatement()) {
            for (String db : databases) {
                st.execute("DROP DATABASE IF EXISTS `" + db + "`");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test databases " + databases, e);
        }
    }
}
