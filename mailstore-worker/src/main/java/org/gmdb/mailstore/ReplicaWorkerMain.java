package org.gmdb.mailstore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.gmdb.mail.topology.Topology;
import org.gmdb.mail.topology.TopologyLoader;

/**
 * Runs one replica's worker until SIGTERM/SIGINT:
 * <pre>
 * java -cp ... org.gmdb.mailstore.ReplicaWorkerMain --config topology.properties --shard 1 --replica a
 *     [--concurrency 128] [--anti-entropy-interval-ms 30000] [--max-clock-skew-ms 600000]
 *     [--resharding-from-shards N] [--expunged-retention-days 30] [--purge-interval-ms 3600000]
 * </pre>
 * Prints {@code worker mail<N>@<R> ready} on stdout once the database is migrated and every
 * job server hands it jobs. Without {@code --config}, the topology is found as
 * {@link TopologyLoader#discover(Path)} does. Exit codes: 0 after a graceful stop, 2 for bad
 * arguments or topology, 1 if the worker cannot start.
 */
public final class ReplicaWorkerMain {

    private ReplicaWorkerMain() {
    }

    /** Parsed command line. */
    record Args(Path config, int shard, String replica, Integer concurrency, Long antiEntropyMillis,
            Long maxClockSkewMillis, Integer reshardingFromShards, Long expungedRetentionDays, Long purgeIntervalMillis) {

        static Args parse(String... argv) {
            Path config = null;
            Integer shard = null;
            String replica = null;
            Integer concurrency = null;
            Long antiEntropy = null;
            Long skew = null;
            Integer resharding = null;
            Long retentionDays = null;
            Long purgeInterval = null;
            for (int i = 0; i < argv.length; i++) {
                String a = argv[i];
                if (i + 1 >= argv.length) {
                    throw new IllegalArgumentException("option " + a + " needs a value" + USAGE);
                }
                String v = argv[++i];
                switch (a) {
                    case "--config" -> config = Path.of(v);
                    case "--shard" -> shard = number(a, v);
                    case "--replica" -> replica = v;
                    case "--concurrency" -> concurrency = number(a, v);
                    case "--anti-entropy-interval-ms" -> antiEntropy = longNumber(a, v);
                    case "--max-clock-skew-ms" -> skew = longNumber(a, v);
                    case "--resharding-from-shards" -> resharding = number(a, v);
                    case "--expunged-retention-days" -> retentionDays = longNumber(a, v);
                    case "--purge-interval-ms" -> purgeInterval = longNumber(a, v);
                    default -> throw new IllegalArgumentException("unknown option " + a + USAGE);
                }
            }
            if (shard == null || replica == null) {
                throw new IllegalArgumentException("--shard and --replica are required" + USAGE);
            }
            return new Args(config, shard, replica, concurrency, antiEntropy, skew, resharding, retentionDays,
                    purgeInterval);
        }

        private static int number(String option, String value) {
            long n = longNumber(option, value);
            if (n != (int) n) {
                throw new IllegalArgumentException(option + " " + value + " is too large (expected: <= "
                        + Integer.MAX_VALUE + ")" + USAGE);
            }
            return (int) n;
        }

        private static long longNumber(String option, String value) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " '" + value + "' is not a number" + USAGE, e);
            }
        }

        ReplicaWorkerSettings settings() {
            Topology topology = TopologyLoader.discover(config);
            ReplicaWorkerSettings s = ReplicaWorkerSettings.of(topology, shard, replica);
            if (concurrency != null) {
                s = s.withConcurrency(concurrency);
            }
            if (antiEntropyMillis != null) {
                s = s.withAntiEntropy(Duration.ofMillis(antiEntropyMillis), s.peerTimeout());
            }
            if (maxClockSkewMillis != null || reshardingFromShards != null) {
                ReplicaWorkerSettings.Admission a = s.admission();
                s = s.withAdmission(new ReplicaWorkerSettings.Admission(
                        maxClockSkewMillis != null ? Duration.ofMillis(maxClockSkewMillis) : a.maxClockSkew(),
                        reshardingFromShards != null ? reshardingFromShards : a.reshardingFromShards()));
            }
            if (expungedRetentionDays != null || purgeIntervalMillis != null) {
                ReplicaWorkerSettings.Purge p = s.purge();
                s = s.withPurge(new ReplicaWorkerSettings.Purge(
                        expungedRetentionDays != null ? Duration.ofDays(expungedRetentionDays) : p.retention(),
                        purgeIntervalMillis != null ? Duration.ofMillis(purgeIntervalMillis) : p.interval(),
                        p.batchSize()));
            }
            return s;
        }
    }

    private static final String USAGE = " (usage: --config FILE --shard N --replica NAME [--concurrency N]"
            + " [--anti-entropy-interval-ms MS] [--max-clock-skew-ms MS] [--resharding-from-shards N]"
            + " [--expunged-retention-days D] [--purge-interval-ms MS])";

    public static void main(String[] argv) {
        ReplicaWorkerSettings settings;
        try {
            settings = Args.parse(argv).settings();
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        ReplicaWorker worker;
        try {
            worker = ReplicaWorker.start(settings);
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.shutdown(settings.shutdownGrace());
            stopped.countDown();
        }, "replica-worker-shutdown"));
        System.out.println("worker " + worker.replicaFunction() + " ready");
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
