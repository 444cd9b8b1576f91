package org.gmdb.gearman.client;

import java.util.concurrent.Executor;
import org.gmdb.gearman.GearmanConnectionException;
import org.gmdb.gearman.GearmanJobException;
import org.gmdb.gearman.GearmanJobFailedException;
import org.gmdb.gearman.internal.WireText;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;

/**
 * A foreground submission: waits for JOB_CREATED, then for the WORK_* packets of its handle.
 * Before JOB_CREATED it may be sent again elsewhere; after it, the result can only come on
 * that one connection, so losing the connection fails it.
 */
final class ForegroundSubmit extends Request<byte[]> {

    private final GearmanClient client;
    private final JobListener listener;
    private final long jobTimeoutNanos;
    private volatile String handle;

    ForegroundSubmit(GearmanClient client, Packet packet, String description, JobListener listener,
            long jobTimeoutNanos, Executor completionExecutor) {
        super(packet, description, completionExecutor);
        this.client = client;
        this.listener = listener;
        this.jobTimeoutNanos = jobTimeoutNanos;
    }

    @Override
    boolean acceptsReply(PacketType type) {
        return type == PacketType.JOB_CREATED;
    }

    @Override
    void onReply(ClientConnection connection, Packet reply) {
        handle = WireText.handle(reply.field(0));
        // Attached even when finished (timed out): the server sends this connection one copy of
        // each WORK_* per attachment, and the extra copies must land somewhere harmless.
        connection.attach(handle, this);
        if (!isFinished()) {
            cancelTimer();
            if (jobTimeoutNanos > 0) {
                client.scheduleJobTimeout(this, jobTimeoutNanos);
            }
        }
    }

    @Override
    void onUnsent(ClientConnection connection, Throwable cause) {
        client.redispatch(this, connection, cause);
    }

    @Override
    void onLost(ClientConnection connection, Throwable cause) {
        client.redispatch(this, connection, cause);
    }

    String handle() {
        return handle;
    }

    void onWork(Packet packet) {
        if (isFinished()) {
            return;
        }
        switch (packet.type()) {
            case WORK_DATA -> listener.onData(packet.field(1));
            case WORK_WARNING -> listener.onWarning(packet.field(1));
            case WORK_STATUS -> listener.onStatus(WireText.parseLong(packet.field(1)), WireText.parseLong(packet.field(2)));
            case WORK_COMPLETE -> complete(packet.field(1));
            case WORK_FAIL -> fail(new GearmanJobFailedException(handle));
            case WORK_EXCEPTION -> fail(new GearmanJobException(handle, packet.field(1)));
            default -> throw new IllegalArgumentException("not a WORK_* packet: " + packet);
        }
    }

    void onLostAfterCreated(ClientConnection connection, Throwable cause) {
        fail(new GearmanConnectionException("connection to " + connection.address() + " lost after JOB_CREATED "
                + handle + " for " + description + ": its result cannot arrive any more; submit again", cause));
    }
}
