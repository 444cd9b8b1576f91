package org.gmdb.bench.mail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.gmdb.mail.topology.Replica;
import org.gmdb.mail.topology.Shard;
import org.gmdb.mail.topology.Topology;
import org.gmdb.mail.topology.TopologyLoader;
import org.gmdb.mailstore.ReplicaWorker;
import org.gmdb.mailstore.ReplicaWorkerSettings;

/**
 * Runs the worker of every replica of a topology in one JVM, anti-entropy off, until
 * SIGTERM: {@code WorkerHost TOPOLOGY_FILE}. Prints {@code workers ready: N} once all are
 * registered. The search phase uses it so that 8 shards cost one JVM, not 8, on a small
 * machine.
 *
 * <p>Caveat: the workers share one heap and one JIT; a deployment runs one process per
 * replica ({@code ReplicaWorkerMain}), as the delivery phase does.
 */
public final class WorkerHost {

    private WorkerHost() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: WorkerHost TOPOLOGY_FILE");
            System.exit(2);
        }
        Topology topology = TopologyLoader.load(Path.of(args[0]));
        List<ReplicaWorker> workers = new ArrayList<>();
        try {
            for (Shard shard : topology.shards()) {
                for (Replica replica : shard.replicas()) {
                    ReplicaWorkerSettings s = ReplicaWorkerSettings.of(topology, shard.number(), replica.name());
                    workers.add(ReplicaWorker.start(s.withAntiEntropy(Duration.ZERO, s.peerTimeout())));
                }
            }
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            workers.forEach(w -> w.shutdown(Duration.ofSeconds(2)));
            System.exit(1);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            workers.forEach(w -> w.shutdown(Duration.ofSeconds(5)));
            stopped.countDown();
        }, "worker-host-stop"));
        System.out.println("workers ready: " + workers.size());
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
