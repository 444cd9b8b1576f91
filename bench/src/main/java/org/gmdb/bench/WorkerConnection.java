package org.gmdb.bench;

import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;

/**
 * A raw-protocol worker, the loop every libgearman worker runs: CAN_DO, then GRAB_JOB_UNIQ;
 * NO_JOB means PRE_SLEEP until a NOOP; a job is answered at once with WORK_COMPLETE (a fixed
 * result), sent together with the next GRAB_JOB_UNIQ. Stops grabbing once its tally has
 * reached its target.
 */
final class WorkerConnection extends PacketHandler {

    private static final Packet GRAB = Packet.request(PacketType.GRAB_JOB_UNIQ);
    private static final Packet SLEEP = Packet.request(PacketType.PRE_SLEEP);

    private final byte[] function;
    private final byte[] result;
    private final WorkTally tally;

    WorkerConnection(byte[] function, byte[] result, WorkTally tally, Failures failures) {
        super(failures);
        this.function = function;
        this.result = result;
        this.tally = tally;
    }

    @Override
    protected void started() {
        send(Packet.request(PacketType.CAN_DO, function));
        send(GRAB);
    }

    private void grabIfWanted() {
        if (tally.wantsMore()) {
            send(GRAB);
        }
    }

    @Override
    protected void received(Packet packet) {
        switch (packet.type()) {
            case JOB_ASSIGN_UNIQ -> {
                send(Packet.request(PacketType.WORK_COMPLETE, packet.field(0), result));
                tally.completed();
                grabIfWanted();
            }
            case NO_JOB -> send(SLEEP);
            case NOOP -> grabIfWanted();
            default -> unexpected(packet);
        }
    }
}
