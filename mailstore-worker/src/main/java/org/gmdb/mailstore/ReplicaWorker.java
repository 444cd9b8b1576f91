package org.gmdb.mailstore;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gmdb.gearman.Priority;
import org.gmdb.gearman.ServerAddress;
import org.gmdb.gearman.client.GearmanClient;
import org.gmdb.gearman.client.SubmitOptions;
import org.gmdb.gearman.worker.GearmanWorker;
import org.gmdb.gearman.worker.Job;
import org.gmdb.mail.event.EventCodec;
import org.gmdb.mail.event.MailEvent;
import org.gmdb.mail.event.MalformedEventException;
import org.gmdb.mail.topology.HostPort;
import org.gmdb.mail.topology.Replica;
import org.gmdb.mailstore.antientropy.AntiEntropyCodec;
import org.gmdb.mailstore.antientropy.AntiEntropyRequest;
import org.gmdb.mailstore.antientropy.AntiEntropyResponder;
import org.gmdb.mailstore.antientropy.AntiEntropySync;
import org.gmdb.mailstore.antientropy.LogSummary;
import org.gmdb.mailstore.antientropy.ReplicaStatus;
import org.gmdb.mailstore.query.QueryHandler;
import org.gmdb.mailstore.store.EventApplier;
import org.gmdb.mailstore.store.ExpungedPurge;
import org.gmdb.mailstore.store.MailQueries;
import org.gmdb.mailstore.store.ShardDatabase;
import org.gmdb.mailstore.write.DatabaseFailures;
import org.gmdb.mailstore.write.EventAdmission;
import org.gmdb.mailstore.write.RefusedEventException;
import org.gmdb.mailstore.write.WriteBatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker of one replica of one shard: a HikariCP pool on the replica's database
 * (created if missing, migrated at start) and a Gearman worker registered with every job
 * server of the topology under
 * <ul>
 *   <li>{@code mail<N>@<replica>}: write events ({@link EventCodec} payloads, applied in
 *   batches, one transaction per batch), queries pinned to this replica
 *   ({@link org.gmdb.mail.event.query.QueryCodec}, key {@code "q"}) and anti-entropy
 *   requests ({@link AntiEntropyRequest}, key {@code "ae"});</li>
 *   <li>{@code mail<N>}: queries for the shard, answered by whichever replica takes them.</li>
 * </ul>
 * It also runs anti-entropy rounds against its peers ({@link AntiEntropySync}) and purges the
 * bytes of messages expunged longer ago than the retention ({@link ExpungedPurge}).
 *
 * <p>Failures: a malformed event, and an event {@link EventAdmission} refuses (a user of another
 * shard, a timestamp too far ahead), fail their job (WORK_EXCEPTION with the reason); a query
 * that cannot be answered gets WORK_EXCEPTION with the reason; a database that is away
 * never fails a write job: the batch is retried until the database is back, and a shutdown
 * meanwhile closes the job server connections without answering, so the jobs are requeued.
 *
 * <p>Caveat: write jobs are completed only after their transaction commits, so a job
 * server restart or a lost connection can replay an applied event; events are idempotent.
 */
public final class ReplicaWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaWorker.class);

    private final ReplicaWorkerSettings settings;
    private final String replicaFunction;
    private final String shardFunction;
    private final String instance = UUID.randomUUID().toString();
    private final ShardDatabase db;
    private final EventApplier applier;
    private final EventAdmission admission;
    private final ExpungedPurge purge;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService purgeScheduler;
    private final LogSummary summary;
    private final WriteBatcher batcher;
    private final QueryHandler queries;
    private final AntiEntropyResponder responder;
    private final GearmanClient peerClient;
    private final AntiEntropySync sync;
    private final GearmanWorker worker;
    private volatile boolean stopped;

    private ReplicaWorker(ReplicaWorkerSettings settings, ShardDatabase db) {
        this.settings = settings;
        this.replicaFunction = settings.replicaFunction();
        this.shardFunction = settings.shardFunction();
        this.db = db;
        this.applier = new EventApplier(db);
        this.admission = new EventAdmission(settings.shard(), replicaFunction, settings.topology().shardCount(),
                settings.admission().reshardingFromShards(), settings.admission().maxClockSkew(), clock);
        this.purge = new ExpungedPurge(db);
        this.purgeScheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "purge-" + replicaFunction);
            t.setDaemon(true);
            return t;
        });
        this.summary = new LogSummary(db);
        int digested = summary.log().fillMissingDigests();
        if (digested > 0) {
            log.info("computed the content digests of {} events logged before digests were kept", digested);
        }
        this.batcher = new WriteBatcher(replicaFunction, this::store, settings.maxBatch(), settings.linger(),
                settings.retryInitial(), settings.retryMax());
        this.queries = new QueryHandler(new MailQueries(db), replicaFunction);
        this.responder = new AntiEntropyResponder(settings.shard(), settings.replica(), instance, summary, this::status);
        List<ServerAddress> servers = servers(settings);
        this.peerClient = GearmanClient.builder().servers(servers).clientId(replicaFunction + "-anti-entropy")
                .requestTimeout(settings.peerTimeout()).build();
        List<String> peers = new ArrayList<>();
        for (Replica r : settings.topology().shard(settings.shard()).replicas()) {
            if (!r.name().equals(settings.replica())) {
                peers.add(r.name());
            }
        }
        this.sync = new AntiEntropySync(settings.shard(), settings.replica(), peers, peerClient, summary, this::storePulled,
                settings.peerTimeout());
        this.worker = GearmanWorker.builder().servers(servers).clientId(replicaFunction)
                .concurrency(settings.concurrency()).build();
        worker.registerAsync(replicaFunction, this::onReplicaJob);
        worker.register(shardFunction, this::onShardJob);
    }

    /**
     * Opens (creating and migrating) the database, registers with every job server, starts
     * anti-entropy, and returns once each job server has passed a job of this replica's
     * function back to it (or did not within the peer timeout: logged).
     *
     * @throws IllegalStateException if the database cannot be reached within the startup timeout
     */
    public static ReplicaWorker start(ReplicaWorkerSettings settings) {
        ShardDatabase db = openDatabase(settings);
        ReplicaWorker w;
        try {
            w = new ReplicaWorker(settings, db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        w.worker.start();
        w.awaitRegistered();
        if (!settings.antiEntropyInterval().isNegative() && !settings.antiEntropyInterval().isZero()) {
            w.sync.start(settings.antiEntropyInterval());
        }
        long purgeEvery = settings.purge().interval().toMillis();
        if (purgeEvery > 0) {
            w.purgeScheduler.scheduleWithFixedDelay(w::purgeQuietly, purgeEvery, purgeEvery, TimeUnit.MILLISECONDS);
        }
        log.info("worker {} ready ({} job servers, database {})", w.replicaFunction,
                settings.topology().jobServers().size(), db.dataSource().getPoolName());
        return w;
    }

    public String replicaFunction() {
        return replicaFunction;
    }

    public String shardFunction() {
        return shardFunction;
    }

    /** The replica's database (for dumps and checks). */
    public ShardDatabase database() {
        return db;
    }

    /** Runs an anti-entropy round now, against every peer. */
    public AntiEntropySync.Round runAntiEntropyRound() {
        return sync.runRound();
    }

    /**
     * Purges now what was expunged longer ago than the retention, in batches, and reports what
     * went (also run every purge interval).
     */
    public ExpungedPurge.Report purgeExpunged() {
        ReplicaWorkerSettings.Purge p = settings.purge();
        long cutoff = clock.millis() - p.retention().toMillis();
        ExpungedPurge.Report report = purge.purgeUpTo(cutoff, p.batchSize());
        if (report.messages() > 0) {
            log.info("{}: purged {} messages first expunged more than {} ms ago: {} contents, {} bytes, {} flags",
                    replicaFunction, report.messages(), p.retention().toMillis(), report.contents(), report.bytes(),
                    report.flags());
        }
        return report;
    }

    private void purgeQuietly() {
        try {
            purgeExpunged();
        } catch (RuntimeException e) {
            log.warn("{}: purge of expunged messages failed; next try in {} ms: {}", replicaFunction,
                    settings.purge().interval().toMillis(), e.toString());
        }
    }

    /** The write batcher's counters. */
    public WriteBatcher writes() {
        return batcher;
    }

    /** What {@code {"ae":"status"}} answers. */
    public ReplicaStatus status() {
        LogSummary.Totals totals = summary.totals();
        return new ReplicaStatus(settings.shard(), settings.replica(), instance, totals.events(), totals.newestTs(),
                summary.digests(), batcher.applied(), batcher.failed(), batcher.isDatabaseAway(), sync.state(),
                totals.conflicts());
    }

    // ---- jobs ----

    private CompletionStage<byte[]> onReplicaJob(Job job) {
        byte[] data = job.data();
        return switch (PayloadKind.of(data)) {
            case QUERY -> CompletableFuture.completedFuture(queries.answer(data));
            case ANTI_ENTROPY -> CompletableFuture.completedFuture(responder.answer(data));
            case EVENT -> write(job);
        };
    }

    private byte[] onShardJob(Job job) {
        byte[] data = job.data();
        if (PayloadKind.of(data) != PayloadKind.QUERY) {
            throw new IllegalArgumentException(shardFunction + " takes queries only (JSON line with \"q\"); write events go to "
                    + shardFunction + "@<replica>, one job per replica");
        }
        return queries.answer(data);
    }

    private CompletionStage<byte[]> write(Job job) {
        MailEvent event;
        try {
            event = EventCodec.decode(job.data());
        } catch (MalformedEventException e) {
            log.warn("{}: malformed event payload of {} bytes (unique '{}'), job failed: {}", job, job.data().length,
                    job.unique(), e.getMessage());
            throw new IllegalArgumentException("malformed event: " + e.getMessage(), e);
        }
        try {
            admission.check(event);
        } catch (RefusedEventException e) {
            log.warn("{}: {}", job, e.getMessage());
            throw e;
        }
        byte[] answer = event.id().toString().getBytes(StandardCharsets.US_ASCII);
        return batcher.submit(event).thenApply(v -> answer);
    }

    private int store(List<MailEvent> events) {
        return applier.apply(events).applied();
    }

    private int storePulled(List<MailEvent> events, Map<MailEvent, byte[]> loggedDigests) {
        return applier.apply(events, loggedDigests).applied();
    }

    // ---- start and stop ----

    private static ShardDatabase openDatabase(ReplicaWorkerSettings settings) {
        String jdbcUrl = settings.topology().requireJdbc(settings.shard(), settings.replica());
        String shown = jdbcUrl.replaceAll("\\?.*", "");
        long deadline = System.nanoTime() + settings.startupTimeout().toNanos();
        long pause = 200;
        while (true) {
            try {
                DatabaseBootstrap.createIfMissing(jdbcUrl);
                String database = DatabaseBootstrap.parse(jdbcUrl).database();
                ShardDatabase db = ShardDatabase.open(jdbcUrl, null, null, settings.poolSize(), config -> {
                    // A short wait for a connection, so an outage shows (and is retried) quickly;
                    // the pool name must not carry the URL's options (a password).
                    config.setConnectionTimeout(Math.max(250, settings.dbConnectTimeout().toMillis()));
                    config.setPoolName("shard-" + database);
                });
                return db;
            } catch (SQLException | RuntimeException e) {
                boolean away = DatabaseFailures.isDatabaseAway(e);
                if (!away || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause) > deadline) {
                    throw new IllegalStateException("cannot open the database of " + settings.replicaFunction() + " at "
                            + shown + (away ? " within " + settings.startupTimeout().toMillis() + " ms" : "") + ": "
                            + e.getMessage(), e);
                }
                log.warn("database of {} at {} not reachable yet, retrying in {} ms: {}", settings.replicaFunction(), shown,
                        pause, e.getMessage());
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the database of "
                            + settings.replicaFunction(), ie);
                }
                pause = Math.min(pause * 2, 5000);
            }
        }
    }

    /** Sends a ping through each job server to this replica's function: proof that CAN_DO arrived. */
    private void awaitRegistered() {
        byte[] ping = AntiEntropyCodec.encodeRequest(new AntiEntropyRequest.Ping());
        List<CompletableFuture<byte[]>> answers = new ArrayList<>();
        List<GearmanClient> clients = new ArrayList<>();
        for (ServerAddress server : servers(settings)) {
            GearmanClient c = GearmanClient.builder().servers(List.of(server)).requestTimeout(settings.peerTimeout())
                    .clientId(replicaFunction + "-ready").build();
            clients.add(c);
            answers.add(c.submit(replicaFunction, ping, SubmitOptions.defaults().priority(Priority.HIGH)
                    .timeout(settings.peerTimeout())));
        }
        try {
            for (int i = 0; i < answers.size(); i++) {
                try {
                    answers.get(i).get(settings.peerTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    log.warn("{}: no job came back through job server {} ({}); serving the others",
                            replicaFunction, clients.get(i).servers(), e.toString());
                }
            }
        } finally {
            clients.forEach(GearmanClient::close);
        }
    }

    private static List<ServerAddress> servers(ReplicaWorkerSettings settings) {
        List<ServerAddress> out = new ArrayList<>();
        for (HostPort hp : settings.topology().jobServerAddresses()) {
            out.add(new ServerAddress(hp.host(), hp.port()));
        }
        return out;
    }

    /**
     * Stops taking jobs, lets the jobs in hand finish within {@code grace} (a batch waiting
     * for the database is abandoned at the deadline: its jobs go back to the job servers'
     * queues), then closes everything.
     *
     * @return whether every job in hand was answered
     */
    public boolean shutdown(Duration grace) {
        synchronized (this) {
            if (stopped) {
                return true;
            }
            stopped = true;
        }
        sync.close();
        stopPurges();
        boolean finished = worker.shutdown(grace);
        batcher.close();
        peerClient.close();
        db.close();
        log.info("worker {} stopped{}", replicaFunction, finished ? "" : " (jobs in hand requeued by the job servers)");
        return finished;
    }

    private void stopPurges() {
        purgeScheduler.shutdownNow();
        try {
            purgeScheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #shutdown(Duration)} with the settings' grace period. */
    @Override
    public void close() {
        shutdown(settings.shutdownGrace());
    }

    /** Drops every job server connection at once, like a crash: jobs in hand are requeued. */
    public void kill() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        sync.close();
        stopPurges();
        worker.close();
        batcher.close();
        peerClient.close();
        db.close();
    }
}
