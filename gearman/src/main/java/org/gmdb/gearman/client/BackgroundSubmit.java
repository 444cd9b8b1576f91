package org.gmdb.gearman.client;

import java.util.concurrent.Executor;
import org.gmdb.gearman.internal.WireText;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;

/**
 * A background (or epoch) submission: done once JOB_CREATED says the server holds the job.
 * Sent again elsewhere when its server is down or the connection drops before JOB_CREATED;
 * the job may then exist twice, which idempotent jobs tolerate.
 */
final class BackgroundSubmit extends Request<String> {

    private final GearmanClient client;

    BackgroundSubmit(GearmanClient client, Packet packet, String description, Executor completionExecutor) {
        super(packet, description, completionExecutor);
        this.client = client;
    }

    @Override
    boolean acceptsReply(PacketType type) {
        return type == PacketType.JOB_CREATED;
    }

    @Override
    void onReply(ClientConnection connection, Packet reply) {
        complete(WireText.handle(reply.field(0)));
    }

    @Override
    void onUnsent(ClientConnection connection, Throwable cause) {
        client.redispatch(this, connection, cause);
    }

    @Override
    void onLost(ClientConnection connection, Throwable cause) {
        client.redispatch(this, connection, cause);
    }
}
