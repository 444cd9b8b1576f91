package org.gmdb.bench;

import java.util.concurrent.CountDownLatch;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;

/**
 * A raw-protocol client that pipelines SUBMIT_JOB_BG: keeps {@code window} submissions
 * unacknowledged and sends the next one for each JOB_CREATED, until its quota is in.
 */
final class BackgroundSubmitter extends PacketHandler {

    private static final byte[] NO_UNIQUE = new byte[0];

    private final byte[] function;
    private final byte[] payload;
    private final long quota;
    private final int window;
    private final AckTimeline timeline;
    private final CountDownLatch done;
    private long sent;
    private long acked;
    private boolean finished;

    BackgroundSubmitter(byte[] function, byte[] payload, long quota, int window, AckTimeline timeline,
                        CountDownLatch done, Failures failures) {
        super(failures);
        this.function = function;
        this.payload = payload;
        this.quota = quota;
        this.window = window;
        this.timeline = timeline;
        this.done = done;
    }

    @Override
    protected void started() {
        while (sent < quota && sent < window) {
            submit();
        }
        if (quota == 0) {
            finish();
        }
    }

    private void submit() {
        sent++;
        send(Packet.request(PacketType.SUBMIT_JOB_BG, function, NO_UNIQUE, payload));
    }

    @Override
    protected void received(Packet packet) {
        if (packet.type() != PacketType.JOB_CREATED) {
            unexpected(packet);
            finish();
            return;
        }
        acked++;
        timeline.ack();
        if (sent < quota) {
            submit();
        } else if (acked == quota) {
            finish();
        }
    }

    @Override
    protected void lost() {
        finish();
    }

    private void finish() {
        if (!finished) {
            finished = true;
            done.countDown();
        }
    }
}
