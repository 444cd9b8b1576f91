package org.gmdb.bench;

import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;

/**
 * A raw-protocol client with one foreground job at a time (closed loop): SUBMIT_JOB, then
 * JOB_CREATED, then WORK_COMPLETE, then the next submission. Latency is from the submission's
 * write to the WORK_COMPLETE's arrival, so it includes the driver's own queueing.
 */
final class ForegroundClient extends PacketHandler {

    private static final byte[] NO_UNIQUE = new byte[0];

    private final byte[] function;
    private final byte[] payload;
    private final ForegroundWindow window;
    private final LatencyRecorder latencies = new LatencyRecorder();
    private long submittedNanos;
    private boolean finished;

    ForegroundClient(byte[] function, byte[] payload, ForegroundWindow window, Failures failures) {
        super(failures);
        this.function = function;
        this.payload = payload;
        this.window = window;
    }

    LatencyRecorder latencies() {
        return latencies;
    }

    @Override
    protected void started() {
        submit();
    }

    private void submit() {
        submittedNanos = System.nanoTime();
        send(Packet.request(PacketType.SUBMIT_JOB, function, NO_UNIQUE, payload));
    }

    @Override
    protected void received(Packet packet) {
        switch (packet.type()) {
            case JOB_CREATED -> {
                // the job is queued; its result follows
            }
            case WORK_COMPLETE -> {
                long now = System.nanoTime();
                if (window.counts(submittedNanos, now)) {
                    latencies.add(now - submittedNanos);
                }
                if (window.running()) {
                    submit();
                } else {
                    finish();
                }
            }
            default -> {
                unexpected(packet);
                finish();
            }
        }
    }

    @Override
    protected void lost() {
        finish();
    }

    private void finish() {
        if (!finished) {
            finished = true;
            window.clientsDone.countDown();
        }
    }
}
