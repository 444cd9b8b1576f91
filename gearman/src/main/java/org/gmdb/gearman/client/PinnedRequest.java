package org.gmdb.gearman.client;

import java.util.concurrent.Executor;
import java.util.function.Function;
import org.gmdb.gearman.GearmanConnectionException;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;

/**
 * A request whose answer only one server can give (GET_STATUS, GET_STATUS_UNIQUE, ECHO_REQ,
 * OPTION_REQ): never sent elsewhere; a lost connection fails it.
 */
class PinnedRequest<T> extends Request<T> {

    private final PacketType replyType;
    private final Function<Packet, T> parser;

    PinnedRequest(Packet packet, String description, PacketType replyType, Function<Packet, T> parser,
            Executor completionExecutor) {
        super(packet, description, completionExecutor);
        this.replyType = replyType;
        this.parser = parser;
    }

    @Override
    boolean acceptsReply(PacketType type) {
        return type == replyType;
    }

    @Override
    void onReply(ClientConnection connection, Packet reply) {
        complete(parser.apply(reply));
    }

    @Override
    void onUnsent(ClientConnection connection, Throwable cause) {
        fail(cause instanceof GearmanConnectionException ? cause
                : new GearmanConnectionException(description + " not sent to " + connection.address(), cause));
    }

    @Override
    void onLost(ClientConnection connection, Throwable cause) {
        fail(new GearmanConnectionException("connection to " + connection.address() + " lost before the reply to "
                + description, cause));
    }
}
