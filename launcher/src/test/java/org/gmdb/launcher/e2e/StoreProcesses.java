package org.gmdb.launcher.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.gmdb.mail.topology.Topology;
import org.gmdb.mail.topology.TopologyLoader;
import org.gmdb.mailclient.MailClient;

/**
 * A mail store made of real processes on 127.0.0.1: one job server (ours, {@code gmdb
 * jobserver} with its MySQL queue in the test MariaDB, or Debian's gearmand with its memory
 * queue) and one {@code gmdb worker} process per replica, each with its own database of the
 * test MariaDB. The topology file they all read is written under {@code dir}. Processes can
 * be stopped (SIGTERM), killed (SIGKILL) and started again; {@link #close()} kills whatever
 * still runs and drops the databases, also after a failed test.
 *
 * <p>Caveat: the job server's port is picked free once and reused for restarts; another
 * process could take it in between (unlikely on a test machine).
 */
final class StoreProcesses implements AutoCloseable {

    /** Which job server carries the store. */
    enum JobServerKind { OURS_WITH_MYSQL_QUEUE, GEARMAND }

    static final String GEARMAND = "/usr/sbin/gearmand";
    static final String GMDB = "org.gmdb.launcher.Gmdb";
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern JOBSERVER_READY = Pattern.compile("jobserver listening on 127\\.0\\.0\\.1:\\d+");

    private final JobServerKind kind;
    private final TestDatabases databases = new TestDatabases();
    private final int port;
    private final String queueDatabase;
    private final Map<String, String> replicaDatabases = new LinkedHashMap<>();
    private final Path topologyFile;
    private final Topology topology;
    private final Map<String, ChildProcess> workers = new LinkedHashMap<>();
    private final List<ChildProcess> retired = new ArrayList<>();
    private ChildProcess jobServer;

    /** Starts the job server and every worker, with anti-entropy off unless {@code antiEntropyMillis > 0}. */
    StoreProcesses(JobServerKind kind, int shards, List<String> replicas, Path dir, long antiEntropyMillis) {
        this.kind = kind;
        this.port = freePort();
        this.queueDatabase = kind == JobServerKind.OURS_WITH_MYSQL_QUEUE ? databases.newName("queue") : null;
        StringBuilder text = new StringBuilder("jobservers = 127.0.0.1:" + port + "\n");
        if (queueDatabase != null) {
            text.append("jobserver.1.queue = ").append(TestDatabases.queueUrl(queueDatabase)).append('\n');
        }
        text.append("shards = ").append(shards).append('\n');
        for (int s = 1; s <= shards; s++) {
            text.append("shard.").append(s).append(".replicas = ").append(String.join(", ", replicas)).append('\n');
            for (String r : replicas) {
                String db = databases.newName("s" + s + r);
                replicaDatabases.put(key(s, r), db);
                text.append("shard.").append(s).append(".replica.").append(r).append(".jdbc = ")
                        .append(TestDatabases.jdbcUrl(db)).append('\n');
            }
        }
        try {
            topologyFile = dir.resolve("topology.properties");
            Files.writeString(topologyFile, text);
            topology = TopologyLoader.load(topologyFile);
            startJobServer();
            startWorkers(antiEntropyMillis);
        } catch (IOException e) {
            closeQuietly(e);
            throw new UncheckedIOException("cannot write the topology file under " + dir, e);
        } catch (RuntimeException | Error e) {
            closeQuietly(e);
            throw e;
        }
    }

    Topology topology() {
        return topology;
    }

    Path topologyFile() {
        return topologyFile;
    }

    int jobServerPort() {
        return port;
    }

    /** The database of replica {@code replica} of shard {@code shard}. */
    String database(int shard, String replica) {
        return replicaDatabases.get(key(shard, replica));
    }

    /** A client for this store; the caller closes it. */
    MailClient client() {
        return MailClient.builder().topology(topology).author("e2e").queryTimeout(Duration.ofSeconds(30))
                .applyTimeout(Duration.ofSeconds(60)).requestTimeout(Duration.ofSeconds(15)).build();
    }

    // ---- job server ----

    void startJobServer() {
        if (jobServer != null && jobServer.isAlive()) {
            throw new IllegalStateException("the job server already runs: " + jobServer);
        }
        if (kind == JobServerKind.OURS_WITH_MYSQL_QUEUE) {
            jobServer = ChildProcess.java("jobserver", Map.of(), GMDB, "jobserver", "--listen", "127.0.0.1", "--config",
                    topologyFile.toString(), "--topology-index", "1");
            jobServer.awaitLine(JOBSERVER_READY, START_TIMEOUT);
        } else {
            jobServer = ChildProcess.start("gearmand", Map.of(), List.of(GEARMAND, "--listen", "127.0.0.1", "--port",
                    Integer.toString(port), "--log-file", "none", "--threads", "1"));
            awaitAccepting(jobServer);
        }
    }

    /** kill -9 of the job server: no graceful anything. */
    void killJobServer() {
        jobServer.kill();
        retired.add(jobServer);
    }

    // ---- workers ----

    /** Starts every replica's worker that is not running, all at once, and waits for each to be ready. */
    void startWorkers(long antiEntropyMillis) {
        List<String> started = new ArrayList<>();
        for (var shard : topology.shards()) {
            for (String r : shard.replicaNames()) {
                String key = key(shard.number(), r);
                ChildProcess w = workers.get(key);
                if (w == null || !w.isAlive()) {
                    workers.put(key, launchWorker(shard.number(), r, antiEntropyMillis));
                    started.add(key);
                }
            }
        }
        for (String key : started) {
            awaitWorker(workers.get(key));
        }
    }

    void startWorker(int shard, String replica, long antiEntropyMillis) {
        ChildProcess old = workers.get(key(shard, replica));
        if (old != null && old.isAlive()) {
            throw new IllegalStateException("the worker of mail" + shard + "@" + replica + " already runs");
        }
        ChildProcess w = launchWorker(shard, replica, antiEntropyMillis);
        workers.put(key(shard, replica), w);
        awaitWorker(w);
    }

    /** SIGTERM: the worker finishes or returns its jobs, then exits. */
    void stopWorker(int shard, String replica) {
        ChildProcess w = workers.get(key(shard, replica));
        w.stop(Duration.ofSeconds(20));
        retired.add(w);
    }

    void stopAllWorkers() {
        List<ChildProcess> running = workers.values().stream().filter(ChildProcess::isAlive).toList();
        running.forEach(ChildProcess::signalStop); // all at once: they stop in parallel
        running.forEach(w -> w.stop(Duration.ofSeconds(20)));
        retired.addAll(running);
    }

    private ChildProcess launchWorker(int shard, String replica, long antiEntropyMillis) {
        return ChildProcess.java("worker-mail" + shard + "@" + replica, Map.of(), GMDB, "worker",
                "--config", topologyFile.toString(), "--shard", Integer.toString(shard), "--replica", replica,
                "--anti-entropy-interval-ms", Long.toString(antiEntropyMillis));
    }

    private static void awaitWorker(ChildProcess w) {
        w.awaitLine(Pattern.compile("^worker mail\\d+@\\S+ ready$"), START_TIMEOUT);
    }

    /** What every process said lately, for a failure message. */
    String diagnostics() {
        StringBuilder out = new StringBuilder();
        List<ChildProcess> all = new ArrayList<>(retired);
        if (jobServer != null) {
            all.add(jobServer);
        }
        all.addAll(workers.values());
        for (ChildProcess p : all) {
            String text = p.output();
            out.append("---- ").append(p).append(p.isAlive() ? " running" : " ended").append('\n')
                    .append(text.length() > 4000 ? "..." + text.substring(text.length() - 4000) : text).append('\n');
        }
        return out.toString();
    }

    @Override
    public void close() throws Exception {
        closeQuietly(null);
    }

    private void closeQuietly(Throwable primary) {
        workers.values().forEach(ChildProcess::close);
        if (jobServer != null) {
            jobServer.close();
        }
        try {
            databases.close();
        } catch (Exception e) {
            if (primary != null) {
                primary.addSuppressed(e);
            } else {
                throw new IllegalStateException("cannot drop the test databases", e);
            }
        }
    }

    private static String key(int shard, String replica) {
        return shard + "/" + replica;
    }

    private void awaitAccepting(ChildProcess process) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError(process + " does not accept connections on port " + port + "; it said:\n"
                            + process.output(), e);
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
