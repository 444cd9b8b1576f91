package org.gmdb.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Background jobs: a pipelined fill (SUBMIT_JOB_BG over several connections, a window of
 * unacknowledged submissions each) with no worker connected, then a drain by workers that
 * grab and complete until the queue is empty.
 */
final class BackgroundLoad {

    private BackgroundLoad() {
    }

    /** A finished fill: when each thousandth ack came, overall rate, CPU. */
    record Fill(AckTimeline timeline, long jobs, double jobsPerSecond, CpuMeter.Usage cpu) {
    }

    /**
     * A finished drain: jobs per second up to the target, CPU, and how many jobs the workers
     * completed in all (a few more than the target when several workers held one as it was reached).
     */
    record Drain(long completed, double jobsPerSecond, CpuMeter.Usage cpu) {
    }

    static Fill fill(Driver driver, ServerUnderBench server, String function, long jobs, int connections, int window,
                     int payloadSize, long timeoutSeconds) throws InterruptedException {
        byte[] name = function.getBytes(StandardCharsets.US_ASCII);
        byte[] payload = new byte[payloadSize];
        new Random(payloadSize).nextBytes(payload);
        Failures failures = new Failures();
        CountDownLatch done = new CountDownLatch(connections);
        List<PacketHandler> handlers = new ArrayList<>();
        try {
            CpuMeter cpu = CpuMeter.start(server.pid());
            long start = System.nanoTime();
            AckTimeline timeline = new AckTimeline(jobs, start);
            for (int i = 0; i < connections; i++) {
                long quota = jobs / connections + (i < jobs % connections ? 1 : 0);
                BackgroundSubmitter submitter = new BackgroundSubmitter(name, payload, quota, window, timeline, done,
                        failures);
                handlers.add(submitter);
                driver.connect(server.port(), submitter);
            }
            if (!done.await(timeoutSeconds, TimeUnit.SECONDS)) {
                failures.add("only " + timeline.acks() + " of " + jobs + " JOB_CREATED within " + timeoutSeconds + " s");
            }
            long end = System.nanoTime();
            CpuMeter.Usage usage = cpu.stop();
            failures.throwIfAny(server.name() + " fill of " + function);
            return new Fill(timeline, jobs, jobs * 1e9 / (end - start), usage);
        } finally {
            handlers.forEach(PacketHandler::closeQuietly);
        }
    }

    /** Drains {@code jobs} jobs (all, or the first part of a deeper queue) with {@code workers} workers. */
    static Drain drain(Driver driver, ServerUnderBench server, String function, long jobs, int workers,
                       long timeoutSeconds) throws InterruptedException {
        byte[] name = function.getBytes(StandardCharsets.US_ASCII);
        byte[] result = new byte[0];
        Failures failures = new Failures();
        WorkTally tally = new WorkTally(jobs);
        List<PacketHandler> handlers = new ArrayList<>();
        try {
            CpuMeter cpu = CpuMeter.start(server.pid());
            long start = System.nanoTime();
            for (int i = 0; i < workers; i++) {
                WorkerConnection worker = new WorkerConnection(name, result, tally, failures);
                handlers.add(worker);
                driver.connect(server.port(), worker);
            }
            long end = tally.awaitTarget(timeoutSeconds, TimeUnit.SECONDS);
            CpuMeter.Usage usage = cpu.stop();
            if (end < 0) {
                failures.add("only " + tally.count() + " of " + jobs + " jobs done within " + timeoutSeconds + " s");
            }
            failures.throwIfAny(server.name() + " drain of " + function);
            Thread.sleep(50); // let the last WORK_COMPLETEs leave before the connections close
            return new Drain(tally.count(), jobs * 1e9 / (end - start), usage);
        } finally {
            handlers.forEach(PacketHandler::closeQuietly);
        }
    }
}
