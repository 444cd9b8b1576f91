package org.gmdb.launcher.up;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gmdb.jobserver.JobServer;
import org.gmdb.jobserver.JobServerConfig;
import org.gmdb.jobserver.queue.mysql.MySqlPersistentQueue;
import org.gmdb.launcher.EmbeddedMariaDb;
import org.gmdb.mail.event.query.SearchCriteria;
import org.gmdb.mail.event.query.Sort;
import org.gmdb.mail.topology.GmdbHome;
import org.gmdb.mail.topology.HostPort;
import org.gmdb.mail.topology.Replica;
import org.gmdb.mail.topology.Shard;
import org.gmdb.mail.topology.Topology;
import org.gmdb.mail.topology.TopologyLoader;
import org.gmdb.mail.topology.TopologyWriter;
import org.gmdb.mailclient.MailClient;
import org.gmdb.mailclient.SearchResult;
import org.gmdb.mailstore.ReplicaWorker;
import org.gmdb.mailstore.ReplicaWorkerSettings;

/**
 * A whole mail store in this JVM, as {@code ./gmdb up} runs it: an embedded MariaDB (unless
 * JDBC URLs are given), our job server with its persistent queue in that MariaDB, and a
 * {@link ReplicaWorker} per replica. {@link #start} brings the parts up in that order, waits
 * until every shard answers a query, and only then writes the topology file that
 * {@code ./gmdb deliver}, {@code list} etc. discover; {@link #close} takes them down in the
 * reverse order and removes the file.
 *
 * <p>Caveat: one job server, so no failover, and its traffic is neither authenticated nor
 * encrypted (it listens on 127.0.0.1 only). The embedded MariaDB is watched and restarted if it
 * dies ({@link MariaDbSupervisor}); {@link #failure()} says when that gave up. If this JVM is
 * killed with -9, mariadbd keeps running until the next {@code up} on this home stops it.
 */
public final class LocalStore implements AutoCloseable {

    /** Database of the job server's persistent queue on the embedded MariaDB. */
    public static final String QUEUE_DATABASE = "gmdb_queue";

    /**
     * What to start.
     *
     * @param home          where the topology file and the embedded MariaDB's data go
     * @param layout        shards and replicas
     * @param port          job server port on 127.0.0.1; 0 picks a free one
     * @param jdbcTemplate  replica JDBC URLs with {shard} and {replica}; null: embedded MariaDB
     * @param mariadbPort   port of the embedded MariaDB; 0 picks a free one
     * @param queueUrl      the job server's queue ({@code mysql://...}); null: in the embedded MariaDB, or memory
     * @param readyTimeout  how long the shards may take to answer their first query
     */
    public record Settings(GmdbHome home, StoreLayout layout, int port, String jdbcTemplate, int mariadbPort,
            String queueUrl, Duration readyTimeout) {
    }

    static final String HOST = "127.0.0.1";

    private final Settings settings;
    private final PrintWriter out;
    private EmbeddedMariaDb mariaDb;
    private JobServer jobServer;
    private String queueUrl;
    private Topology topology;
    private final List<ReplicaWorker> workers = new ArrayList<>();
    private boolean topologyWritten;
    private boolean closed;
    private final CompletableFuture<String> failure = new CompletableFuture<>();

    private LocalStore(Settings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    /**
     * Starts everything and returns once every shard answered a query and the topology file
     * is written; on any failure stops what had started and throws, saying what failed.
     */
    public static LocalStore start(Settings settings, PrintWriter out) {
        LocalStore store = new LocalStore(settings, out);
        try {
            store.startAll();
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private void startAll() {
        Path topologyFile = settings.home().runTopologyFile();
        refuseIfAnotherUpRuns(topologyFile);
        if (settings.port() != 0) {
            requirePortFree(settings.port());
        }
        if (settings.jdbcTemplate() == null) {
            startMariaDb();
        } else {
            StoreLayout.requireTemplate(settings.jdbcTemplate());
        }
        startJobServer();
        HostPort address = new HostPort(HOST, jobServer.port());
        topology = settings.layout().topology(address, queueUrl, this::jdbcUrl);
        startWorkers();
        awaitShardsAnswer();
        TopologyWriter.write(topology, topologyFile, "Written by a running './gmdb up' (pid " + ProcessHandle.current().pid()
                + "); removed when it stops.");
        topologyWritten = true;
        say("topology in " + topologyFile + " (it holds the database password: only you may read it)");
        if (mariaDb != null) {
            new MariaDbSupervisor(mariaDb, this::say, failure::complete).start();
        }
    }

    /** Completes, with the reason, when a part died and could not be brought back: time to stop. */
    public CompletableFuture<String> failure() {
        return failure;
    }

    /** The layout clients and workers use: written to {@link GmdbHome#runTopologyFile()}. */
    public Topology topology() {
        return topology;
    }

    /** The port the job server listens on, on 127.0.0.1. */
    public int jobServerPort() {
        return jobServer.port();
    }

    // ---- the parts ----

    private void startMariaDb() {
        Path dir = settings.home().mariadbDir();
        long t0 = System.nanoTime();
        mariaDb = settings.mariadbPort() == 0 ? EmbeddedMariaDb.start(dir) : EmbeddedMariaDb.start(dir, settings.mariadbPort());
        mariaDb.createDatabase(QUEUE_DATABASE);
        for (int s = 1; s <= settings.layout().shards(); s++) {
            for (String r : settings.layout().replicaNames()) {
                mariaDb.createDatabase(StoreLayout.databaseName(s, r));
            }
        }
        say("MariaDB (embedded, pid " + mariaDb.pid() + ") on " + HOST + ":" + mariaDb.port() + " and socket "
                + mariaDb.socket() + ", data in " + mariaDb.dataDir() + ", user " + mariaDb.user() + " with the password in "
                + mariaDb.passwordFile() + " (ready in " + millis(t0) + " ms)");
    }

    private String jdbcUrl(int shard, String replica) {
        return mariaDb != null ? mariaDb.jdbcUrl(StoreLayout.databaseName(shard, replica))
                : StoreLayout.fromTemplate(settings.jdbcTemplate(), shard, replica);
    }

    private void startJobServer() {
        queueUrl = settings.queueUrl();
        if (queueUrl == null && mariaDb != null) {
            queueUrl = mariaDb.queueUrl(QUEUE_DATABASE);
        }
        JobServerConfig.Builder config = JobServerConfig.builder().listen(HOST).port(settings.port());
        if (queueUrl != null) {
            config.persistentQueue(MySqlPersistentQueue.open(queueUrl));
        }
        try {
            jobServer = JobServer.start(config.build());
        } catch (IllegalStateException e) {
            if (settings.port() != 0 && !portIsFree(settings.port())) {
                throw new IllegalStateException(portTaken(settings.port()), e);
            }
            throw e;
        }
        say("job server on " + HOST + ":" + jobServer.port() + ", " + (queueUrl == null
                ? "queue in memory (background events are lost when it stops; --queue mysql://... keeps them)"
                : "persistent queue " + hidePassword(queueUrl)));
        say("job server traffic is neither authenticated nor encrypted: anyone who reaches " + HOST + ":"
                + jobServer.port() + " can submit and read mail jobs; keep it on a trusted network");
    }

    private void startWorkers() {
        List<Replica> replicas = topology.replicas();
        ExecutorService starter = Executors.newFixedThreadPool(Math.min(4, replicas.size()), r -> {
            Thread t = new Thread(r, "gmdb-up-worker-start");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ReplicaWorker>> started = new ArrayList<>();
            for (Replica r : replicas) {
                started.add(starter.submit(() -> ReplicaWorker.start(ReplicaWorkerSettings.of(topology, r.shard(), r.name()))));
            }
            RuntimeException failure = null;
            for (int i = 0; i < started.size(); i++) {
                try {
                    workers.add(started.get(i).get());
                } catch (ExecutionException e) {
                    RuntimeException f = new IllegalStateException("the worker of " + replicas.get(i).functionName()
                            + " did not start: " + e.getCause().getMessage(), e.getCause());
                    if (failure == null) {
                        failure = f;
                    } else {
                        failure.addSuppressed(f);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while starting the workers", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            starter.shutdown();
        }
        for (Shard shard : topology.shards()) {
            List<String> parts = new ArrayList<>();
            for (Replica r : shard.replicas()) {
                parts.add(r.functionName() + " on " + hidePassword(r.jdbcUrl().orElse("?")));
            }
            say("shard " + shard.number() + ": " + String.join(", ", parts));
        }
    }

    /** Asks every shard (function {@code mail<N>}) a query until all answer: proof that reads work. */
    private void awaitShardsAnswer() {
        long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
        SearchCriteria anything = new SearchCriteria(null, null, null, null, null, null, null, null, null, null, null, null);
        try (MailClient client = MailClient.builder().topology(topology).author("gmdb-up").build()) {
            while (true) {
                SearchResult result = client.search(anything, Sort.ARRIVAL, true, 1, Duration.ofSeconds(5)).join();
                if (result.complete()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the shards did not all answer a query within "
                            + settings.readyTimeout().toSeconds() + " s: " + result.describeMissing());
                }
                sleep(200);
            }
        }
    }

    // ---- checks ----

    private static void refuseIfAnotherUpRuns(Path topologyFile) {
        if (!Files.isRegularFile(topologyFile)) {
            return;
        }
        HostPort js;
        try {
            js = TopologyLoader.load(topologyFile).jobServerAddresses().get(0);
        } catch (RuntimeException e) {
            return; // unreadable: not a running up's; it is replaced once we are ready
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(js.host(), js.port()), 500);
        } catch (IOException e) {
            return; // left behind by an up that was killed: replaced once we are ready
        }
        throw new IllegalStateException("a './gmdb up' already runs with this home: " + topologyFile
                + " names job server " + js + ", which answers (stop it first, or pass another --home)");
    }

    private static void requirePortFree(int port) {
        if (!portIsFree(port)) {
            throw new IllegalStateException(portTaken(port));
        }
    }

    static String portTaken(int port) {
        return "port " + port + " on " + HOST + " is already in use (another './gmdb up', a gearmand or a job server?);"
                + " stop it, or pass --port N (--port 0 picks a free port)";
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as the job server binds: a socket in TIME_WAIT does not count
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A JDBC or queue URL fit to print: a {@code password=} option's value and a {@code user:pass@} password replaced. */
    static String hidePassword(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("^(\\w+://[^:/@]+:)[^@/]*@", "$1***@");
    }

    // ---- stop ----

    /**
     * Removes the topology file (no new client finds a store going away), stops the workers
     * (jobs in hand finish or go back to the queue), then the job server, then MariaDB.
     * Idempotent; failures are printed, not thrown, so every part gets its turn.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (topologyWritten) {
            attempt("remove " + settings.home().runTopologyFile(),
                    () -> Files.deleteIfExists(settings.home().runTopologyFile()));
        }
        List<Thread> stopping = new ArrayList<>();
        for (ReplicaWorker w : workers) {
            Thread t = new Thread(() -> attempt("stop the worker of " + w.replicaFunction(),
                    () -> w.shutdown(Duration.ofSeconds(5))), "gmdb-up-stop-" + w.replicaFunction());
            t.start();
            stopping.add(t);
        }
        for (Thread t : stopping) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (jobServer != null) {
            attempt("stop the job server", jobServer::close); // it closes its persistent queue
        }
        if (mariaDb != null) {
            attempt("stop the embedded MariaDB", mariaDb::close);
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private void attempt(String what, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            out.println("gmdb up: could not " + what + ": " + e.getMessage());
            out.flush();
        }
    }

    private void say(String line) {
        out.println("gmdb up: " + line);
        out.flush();
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the shards", e);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "LocalStore[%d shards x %d replicas, job server %s:%d]",
                settings.layout().shards(), settings.layout().replicas(), HOST, jobServer == null ? -1 : jobServer.port());
    }
}
