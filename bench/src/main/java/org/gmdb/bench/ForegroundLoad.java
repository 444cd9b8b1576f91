package org.gmdb.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Foreground round trips: {@code pairs} clients, each with one SUBMIT_JOB in flight, and
 * {@code pairs} workers answering with a result as large as the payload. After a warm-up,
 * counts the jobs submitted and completed inside the measured window and their latencies.
 */
final class ForegroundLoad {

    private ForegroundLoad() {
    }

    /** Throughput, latency percentiles (nanoseconds) and CPU of one foreground run. */
    record Result(double jobsPerSecond, double p50Nanos, double p99Nanos, double p999Nanos, double maxNanos, int jobs,
                  CpuMeter.Usage cpu) {
    }

    static Result run(Driver driver, ServerUnderBench server, int pairs, int payloadSize, Duration warmup,
                      Duration measure) throws InterruptedException {
        String name = "bench_fg_" + pairs + "_" + payloadSize;
        byte[] function = name.getBytes(StandardCharsets.US_ASCII);
        byte[] payload = new byte[payloadSize];
        new Random(payloadSize).nextBytes(payload);
        byte[] result = new byte[payloadSize];
        Failures failures = new Failures();
        WorkTally tally = new WorkTally(Long.MAX_VALUE);
        ForegroundWindow window = new ForegroundWindow(pairs);
        List<PacketHandler> connections = new ArrayList<>();
        List<LatencyRecorder> latencies = new ArrayList<>();
        try {
            for (int i = 0; i < pairs; i++) {
                WorkerConnection worker = new WorkerConnection(function, result, tally, failures);
                connections.add(worker);
                driver.connect(server.port(), worker);
            }
            for (int i = 0; i < pairs; i++) {
                ForegroundClient client = new ForegroundClient(function, payload, window, failures);
                connections.add(client);
                latencies.add(client.latencies());
                driver.connect(server.port(), client);
            }
            long start = System.nanoTime() + warmup.toNanos();
            long end = start + measure.toNanos();
            window.measure(start, end);
            sleepUntil(start);
            CpuMeter cpu = CpuMeter.start(server.pid());
            sleepUntil(end);
            CpuMeter.Usage usage = cpu.stop();
            window.stop();
            if (!window.clientsDone.await(30, TimeUnit.SECONDS)) {
                failures.add(window.clientsDone.getCount() + " of " + pairs
                        + " clients still waiting for a result 30 s after the stop");
            }
            failures.throwIfAny(server.name() + " " + name);
            long[] sorted = LatencyRecorder.mergeSorted(latencies);
            return new Result(sorted.length * 1e9 / measure.toNanos(), LatencyRecorder.percentile(sorted, 50),
                    LatencyRecorder.percentile(sorted, 99), LatencyRecorder.percentile(sorted, 99.9),
                    LatencyRecorder.percentile(sorted, 100), sorted.length, usage);
        } finally {
            connections.forEach(PacketHandler::closeQuietly);
        }
    }

    static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, 100_000_000L));
        }
    }
}
