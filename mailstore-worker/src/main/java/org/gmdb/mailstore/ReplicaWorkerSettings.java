package org.gmdb.mailstore;

import java.time.Duration;
import java.util.Objects;
import org.gmdb.mail.topology.Topology;

/**
 * How to run one replica's worker: which replica of which topology, and the tuning knobs.
 * Immutable; {@code with...} methods return copies. Defaults suit production; tests shorten
 * the intervals.
 *
 * @param topology            job servers, shards, replicas and JDBC URLs
 * @param shard               the shard number, from 1
 * @param replica             the replica name within the shard
 * @param concurrency         jobs in hand at once (writes in a batch, queries, peer requests)
 * @param poolSize            database connections
 * @param maxBatch            write events per transaction at most
 * @param linger              how long a batch waits for more events after its first
 * @param retryInitial        first wait before retrying a batch while the database is away (doubles)
 * @param retryMax            longest wait between retries
 * @param dbConnectTimeout    how long taking a database connection may block (HikariCP connectionTimeout)
 * @param antiEntropyInterval time between anti-entropy rounds; zero or negative: none
 * @param peerTimeout         longest wait for a peer's answer to an anti-entropy request
 * @param startupTimeout      how long to keep trying to reach the database at start
 * @param shutdownGrace       how long a graceful shutdown waits for the jobs in hand
 * @param admission           which submitted events the replica takes
 * @param purge               when the bytes of expunged messages are deleted
 */
public record ReplicaWorkerSettings(Topology topology, int shard, String replica, int concurrency, int poolSize,
        int maxBatch, Duration linger, Duration retryInitial, Duration retryMax, Duration dbConnectTimeout,
        Duration antiEntropyInterval, Duration peerTimeout, Duration startupTimeout, Duration shutdownGrace,
        Admission admission, Purge purge) {

    // Defaults as constants, so that the worker command's help text is made of them.
    public static final int DEFAULT_CONCURRENCY = 128;
    public static final long DEFAULT_ANTI_ENTROPY_INTERVAL_MS = 30_000;
    public static final long DEFAULT_MAX_CLOCK_SKEW_MS = 600_000;
    public static final long DEFAULT_EXPUNGED_RETENTION_DAYS = 30;
    public static final long DEFAULT_PURGE_INTERVAL_MS = 3_600_000;
    public static final int DEFAULT_PURGE_BATCH = 500;

    public static final Duration DEFAULT_ANTI_ENTROPY_INTERVAL = Duration.ofMillis(DEFAULT_ANTI_ENTROPY_INTERVAL_MS);

    /**
     * Which submitted events the replica takes (see {@link org.gmdb.mailstore.write.EventAdmission}).
     *
     * @param maxClockSkew         how far ahead of this worker's clock an event's timestamp may be
     * @param reshardingFromShards while users move from that many shards to the topology's count, also
     *                             take the users that route here with the old count; 0: no move
     */
    public record Admission(Duration maxClockSkew, int reshardingFromShards) {

        public static final Admission DEFAULT = new Admission(Duration.ofMillis(DEFAULT_MAX_CLOCK_SKEW_MS), 0);

        public Admission {
            if (maxClockSkew == null || maxClockSkew.isNegative() || reshardingFromShards < 0) {
                throw new IllegalArgumentException("clock skew " + maxClockSkew + ", resharding from "
                        + reshardingFromShards + " shards (expected: skew >= 0, shards >= 0)");
            }
        }
    }

    /**
     * When the bytes of expunged messages go (see {@link org.gmdb.mailstore.store.ExpungedPurge}).
     *
     * @param retention how long after a message's first expunge its bytes are kept
     * @param interval  time between purges; zero or negative: none (run them with {@link ReplicaWorker#purgeExpunged})
     * @param batchSize messages per purge transaction
     */
    public record Purge(Duration retention, Duration interval, int batchSize) {

        public static final Purge DEFAULT = new Purge(Duration.ofDays(DEFAULT_EXPUNGED_RETENTION_DAYS),
                Duration.ofMillis(DEFAULT_PURGE_INTERVAL_MS), DEFAULT_PURGE_BATCH);

        public Purge {
            if (retention == null || retention.isNegative() || interval == null || batchSize < 1) {
                throw new IllegalArgumentException("retention " + retention + ", interval " + interval + ", batch size "
                        + batchSize + " (expected: retention >= 0, an interval, batch size >= 1)");
            }
        }
    }

    public ReplicaWorkerSettings {
        Objects.requireNonNull(topology, "topology");
        topology.replica(shard, replica); // fails clearly for an unknown shard or replica
        if (concurrency < 1 || poolSize < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("concurrency " + concurrency + ", pool size " + poolSize + ", max batch "
                    + maxBatch + " (expected: each >= 1)");
        }
        Objects.requireNonNull(linger, "linger");
        Objects.requireNonNull(dbConnectTimeout, "dbConnectTimeout");
        Objects.requireNonNull(retryInitial, "retryInitial");
        Objects.requireNonNull(retryMax, "retryMax");
        Objects.requireNonNull(antiEntropyInterval, "antiEntropyInterval");
        Objects.requireNonNull(peerTimeout, "peerTimeout");
        Objects.requireNonNull(startupTimeout, "startupTimeout");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(purge, "purge");
    }

    /** With the default admission and purge. */
    public ReplicaWorkerSettings(Topology topology, int shard, String replica, int concurrency, int poolSize,
            int maxBatch, Duration linger, Duration retryInitial, Duration retryMax, Duration dbConnectTimeout,
            Duration antiEntropyInterval, Duration peerTimeout, Duration startupTimeout, Duration shutdownGrace) {
        this(topology, shard, replica, concurrency, poolSize, maxBatch, linger, retryInitial, retryMax, dbConnectTimeout,
                antiEntropyInterval, peerTimeout, startupTimeout, shutdownGrace, Admission.DEFAULT, Purge.DEFAULT);
    }

    /** Production defaults for replica {@code replica} of shard {@code shard}. */
    public static ReplicaWorkerSettings of(Topology topology, int shard, String replica) {
        return new ReplicaWorkerSettings(topology, shard, replica, DEFAULT_CONCURRENCY, 8, 128, Duration.ofMillis(2),
                Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(5), DEFAULT_ANTI_ENTROPY_INTERVAL,
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(10), Admission.DEFAULT, Purge.DEFAULT);
    }

    public ReplicaWorkerSettings withConcurrency(int concurrency) {
        return new ReplicaWorkerSettings(topology, shard, replica, concurrency, poolSize, maxBatch, linger, retryInitial,
                retryMax, dbConnectTimeout, antiEntropyInterval, peerTimeout, startupTimeout, shutdownGrace, admission,
                purge);
    }

    public ReplicaWorkerSettings withBatching(int maxBatch, Duration linger) {
        return new ReplicaWorkerSettings(topology, shard, replica, concurrency, poolSize, maxBatch, linger, retryInitial,
                retryMax, dbConnectTimeout, antiEntropyInterval, peerTimeout, startupTimeout, shutdownGrace, admission,
                purge);
    }

    public ReplicaWorkerSettings withRetry(Duration retryInitial, Duration retryMax, Duration dbConnectTimeout) {
        return new ReplicaWorkerSettings(topology, shard, replica, concurrency, poolSize, maxBatch, linger, retryInitial,
                retryMax, dbConnectTimeout, antiEntropyInterval, peerTimeout, startupTimeout, shutdownGrace, admission,
                purge);
    }

    public ReplicaWorkerSettings withAntiEntropy(Duration interval, Duration peerTimeout) {
        return new ReplicaWorkerSettings(topology, shard, replica, concurrency, poolSize, maxBatch, linger, retryInitial,
                retryMax, dbConnectTimeout, interval, peerTimeout, startupTimeout, shutdownGrace, admission,
                purge);
    }

    public ReplicaWorkerSettings withTimeouts(Duration startupTimeout, Duration shutdownGrace) {
        return new ReplicaWorkerSettings(topology, shard, replica, concurrency, poolSize, maxBatch, linger, retryInitial,
                retryMax, dbConnectTimeout, antiEntropyInterval, peerTimeout, startupTimeout, shutdownGrace, admission,
                purge);
    }

    public ReplicaWorkerSettings withAdmission(Admission admission) {
        return new ReplicaWorkerSettings(topology, shard, replica, concurrency, poolSize, maxBatch, linger, retryInitial,
                retryMax, dbConnectTimeout, antiEntropyInterval, peerTimeout, startupTimeout, shutdownGrace, admission,
                purge);
    }

    public ReplicaWorkerSettings withPurge(Purge purge) {
        return new ReplicaWorkerSettings(topology, shard, replica, concurrency, poolSize, maxBatch, linger, retryInitial,
                retryMax, dbConnectTimeout, antiEntropyInterval, peerTimeout, startupTimeout, shutdownGrace, admission,
                purge);
    }

    /** {@code mail<N>@<replica>}. */
    public String replicaFunction() {
        return topology.replica(shard, replica).functionName();
    }

    /** {@code mail<N>}. */
    public String shardFunction() {
        return topology.shard(shard).functionName();
    }
}
