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
 *     [--concurrency 128] [--anti-entropy-interval-ms 30000]
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
    record Args(Path config, int shard, String replica, Integer concurrency, Long antiEntropyMillis) {

        static Args parse(String... argv) {
            Path config = null;
            Integer shard = null;
            String replica = null;
            Integer concurrency = null;
            Long antiEntropy = null;
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
                    case "--anti-entropy-interval-ms" -> antiEntropy = (long) number(a, v);
                    default -> throw new IllegalArgumentException("unknown option " + a + USAGE);
                }
            }
            if (shard == null || replica == null) {
                throw new IllegalArgumentException("--shard and --replica are required" + USAGE);
            }
            return new Args(config, shard, replica, concurrency, antiEntropy);
        }

        private static int number(String option, String value) {
            try {
                return Integer.parseInt(value);
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
            return s;
        }
    }

    private static final String USAGE = " (usage: --config FILE --shard N --replica NAME [--concurrency N]"
            + " [--anti-entropy-interval-ms MS])";

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
