package org.gmdb.bench.mail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.gmdb.mail.topology.Topology;
import org.gmdb.mail.topology.TopologyLoader;
import org.gmdb.mail.topology.TopologyWriter;

/**
 * One mail store under load, on this machine: our job server in a JVM of its own
 * ({@code JobServerMain}, optionally with the MySQL persistent queue), a topology file,
 * and the replica workers, either one {@code ReplicaWorkerMain} process per replica (as
 * deployed) or all in one {@link WorkerHost} process. Every replica has its own database.
 *
 * <p>Database names are fixed by {@link #plan} before anything starts, so a caller can load
 * data into them first. Caveat: anti-entropy is off in every worker; what a replica holds
 * came through its own queue (or the loader).
 */
final class BenchCluster implements AutoCloseable {

    /** How the replica workers are run. */
    enum Workers { PROCESS_PER_REPLICA, ONE_PROCESS }

    private static final Pattern LISTENING = Pattern.compile("jobserver listening on [0-9.]+:(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final String tag;
    private final int shards;
    private final List<String> replicas;
    private final Map<String, String> databases = new LinkedHashMap<>();
    private final String queueDatabase;
    private final List<ChildJvm> workers = new ArrayList<>();
    private ChildJvm jobServer;
    private Topology topology;

    private BenchCluster(String tag, int shards, List<String> replicas, Map<String, String> databases,
            String queueDatabase) {
        this.tag = tag;
        this.shards = shards;
        this.replicas = List.copyOf(replicas);
        this.databases.putAll(databases);
        this.queueDatabase = queueDatabase;
    }

    /** Names the databases of {@code shards} x {@code replicas}, and of the job server's queue if wanted. */
    static BenchCluster plan(String tag, int shards, List<String> replicas, BenchDatabases dbs,
            boolean persistentQueue) {
        Map<String, String> names = new LinkedHashMap<>();
        for (int s = 1; s <= shards; s++) {
            for (String r : replicas) {
                names.put(key(s, r), dbs.name(tag + "_s" + s + r));
            }
        }
        return new BenchCluster(tag, shards, replicas, names, persistentQueue ? dbs.name(tag + "_queue") : null);
    }

    /**
     * One replica, {@code a}, per shard, on existing databases (shard 1 first), with a job
     * server that keeps its queue in memory. The caller owns (and drops) the databases.
     */
    static BenchCluster overDatabases(String tag, List<String> shardDatabases) {
        Map<String, String> names = new LinkedHashMap<>();
        for (int s = 1; s <= shardDatabases.size(); s++) {
            names.put(key(s, "a"), shardDatabases.get(s - 1));
        }
        return new BenchCluster(tag, shardDatabases.size(), List.of("a"), names, null);
    }

    String database(int shard, String replica) {
        String db = databases.get(key(shard, replica));
        if (db == null) {
            throw new IllegalArgumentException("no replica " + replica + " of shard " + shard + " in " + tag);
        }
        return db;
    }

    int shards() {
        return shards;
    }

    List<String> replicas() {
        return replicas;
    }

    /**
     * Starts the job server, writes the topology file to {@code dir} and starts the workers;
     * returns once all of them serve.
     */
    BenchCluster start(Workers layout, Path dir, Cleanup cleanup) {
        List<String> args = new ArrayList<>(List.of("--listen", "127.0.0.1", "--port", "0"));
        if (queueDatabase != null) {
            args.addAll(List.of("--queue", BenchDatabases.queueUrl(queueDatabase)));
        }
        jobServer = ChildJvm.launch(tag + "-jobserver", "org.gmdb.jobserver.JobServerMain", args, "1g", dir, cleanup);
        int port = Integer.parseInt(jobServer.awaitReady(LISTENING, START_TIMEOUT).group(1));

        StringBuilder text = new StringBuilder("jobservers = 127.0.0.1:" + port + "\nshards = " + shards + "\n");
        for (int s = 1; s <= shards; s++) {
            text.append("shard.").append(s).append(".replicas = ").append(String.join(", ", replicas)).append('\n');
            for (String r : replicas) {
                text.append("shard.").append(s).append(".replica.").append(r).append(".jdbc = ")
                        .append(BenchDatabases.jdbcUrl(database(s, r))).append('\n');
            }
        }
        topology = TopologyLoader.parse(text.toString(), tag);
        Path file = dir.resolve(tag + "-topology.properties");
        TopologyWriter.write(topology, file, "mail store bench " + tag);

        if (layout == Workers.ONE_PROCESS) {
            ChildJvm host = ChildJvm.launch(tag + "-workers", WorkerHost.class.getName(), List.of(file.toString()),
                    "1g", dir, cleanup);
            workers.add(host);
            host.awaitReady(Pattern.compile("workers ready: \\d+"), START_TIMEOUT);
        } else {
            for (int s = 1; s <= shards; s++) {
                for (String r : replicas) {
                    workers.add(ChildJvm.launch(tag + "-mail" + s + "@" + r, "org.gmdb.mailstore.ReplicaWorkerMain",
                            List.of("--config", file.toString(), "--shard", String.valueOf(s), "--replica", r,
                                    "--anti-entropy-interval-ms", "0"), "512m", dir, cleanup));
                }
            }
            for (ChildJvm w : workers) {
                w.awaitReady(Pattern.compile("worker mail\\d+@\\S+ ready"), START_TIMEOUT);
            }
        }
        return this;
    }

    Topology topology() {
        if (topology == null) {
            throw new IllegalStateException(tag + " is not started");
        }
        return topology;
    }

    /** The pids of the job server and workers, for the report. */
    String describeProcesses() {
        StringBuilder out = new StringBuilder();
        if (jobServer != null) {
            out.append(jobServer.label()).append(" pid ").append(jobServer.pid());
        }
        for (ChildJvm w : workers) {
            out.append(", ").append(w.label()).append(" pid ").append(w.pid());
        }
        return out.toString();
    }

    /** Stops the workers, then the job server (its queue database is dropped by the cleanup). */
    @Override
    public void close() {
        workers.forEach(ChildJvm::requestStop);
        workers.forEach(ChildJvm::close);
        if (jobServer != null) {
            jobServer.close();
        }
    }

    /** Drops this cluster's databases now (after {@link #close()}), e.g. to free the buffer pool for the next phase. */
    void dropDatabases() throws java.sql.SQLException {
        for (String db : databases.values()) {
            BenchDatabases.drop(db);
        }
        if (queueDatabase != null) {
            BenchDatabases.drop(queueDatabase);
        }
    }

    private static String key(int shard, String replica) {
        return shard + "/" + replica;
    }
}
