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
 */
public record ReplicaWorkerSettings(Topology topology, int shard, String replica, int concurrency, int poolSize,
        int maxBatch, Duration linger, Duration retryInitial, Duration retryMax, Duration dbConnectTimeout,
        Duration antiEntropyInterval, Duration peerTimeout, Duration startupTimeout, Duration shutdownGrace) {

    /** Jobs in hand at once by default; {@code gmdb worker --help} shows it. */
    public static final int DEFAULT_CONCURRENCY = 128;

    /** Milliseconds between anti-entropy rounds by default; {@code gmdb worker --help} shows it. */
    public static final long DEFAULT_ANTI_ENTROPY_INTERVAL_MS = 30_000;

    public static final Duration DEFAULT_ANTI_ENTROPY_INTERVAL = Duration.ofMillis(DEFAULT_ANTI_ENTROPY_INTERVAL_MS);

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
    }

    /** Production defaults for replica {@code replica} of shard {@code shard}. */
    public static ReplicaWorkerSettings of(Topology topology, int shard, String replica) {
        return new ReplicaWorkerSettings(topology, shard, replica, DEFAULT_CONCURRENCY, 8, 128, Duration.ofMillis(2),
                Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(5), DEFAULT_ANTI_ENTROPY_INTERVAL,
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(10));
    }

    public ReplicaWorkerSettings withConcurrency(int concurrency) {
        return new ReplicaWorkerSettings(topology, shard, replica, concurrency, poolSize, maxBatch, linger, retryInitial,
                retryMax, dbConnectTimeout, antiEntropyInterval, peerTimeout, startupTimeout, shutdownGrace);
    }

    public ReplicaWorkerSettings withBatching(int maxBatch, Duration linger) {
        return new ReplicaWorkerSettings(topology, shard, replica, concurrency, poolSize, maxBatch, linger, retryInitial,
                retryMax, dbConnectTimeout, antiEntropyInterval, peerTimeout, startupTimeout, shutdownGrace);
    }

    public ReplicaWorkerSettings withRetry(Duration retryInitial, Duration retryMax, Duration dbConnectTimeout) {
        return new ReplicaWorkerSettings(topology, shard, replica, concurrency, poolSize, maxBatch, linger, retryInitial,
                retryMax, dbConnectTimeout, antiEntropyInterval, peerTimeout, startupTimeout, shutdownGrace);
    }

    public ReplicaWorkerSettings withAntiEntropy(Duration interval, Duration peerTimeout) {
        return new ReplicaWorkerSettings(topology, shard, replica, concurrency, poolSize, maxBatch, linger, retryInitial,
                retryMax, dbConnectTimeout, interval, peerTimeout, startupTimeout, shutdownGrace);
    }

    public ReplicaWorkerSettings withTimeouts(Duration startupTimeout, Duration shutdownGrace) {
        return new ReplicaWorkerSettings(topology, shard, replica, concurrency, poolSize, maxBatch, linger, retryInitial,
                retryMax, dbConnectTimeout, antiEntropyInterval, peerTimeout, startupTimeout, shutdownGrace);
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
