package org.gmdb.jobserver.net;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import org.gmdb.gearman.codec.GearmanDecoder;
import org.gmdb.gearman.codec.GearmanEncoder;
import org.gmdb.jobserver.admin.AdminProtocol;
import org.gmdb.jobserver.engine.JobServerEngine;
import org.gmdb.jobserver.engine.RequestDispatcher;

/**
 * The pipeline of every accepted connection: the server-mode decoder (binary packets and
 * admin lines, with our limits), the shared encoder, and a {@link ConnectionHandler}.
 * Every connection must be registered on the engine's event loop.
 */
public final class ServerChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final JobServerEngine engine;
    private final RequestDispatcher dispatcher;
    private final AdminProtocol admin;
    private final Flusher flusher;
    private final int maxPayload;
    private final int maxField;
    private final long maxPendingOutput;
    private final ChannelGroup connections;

    /** @param deferMicros how long a deferred write (a foreground JOB_CREATED) may wait for company */
    public ServerChannelInitializer(JobServerEngine engine, EventLoop engineLoop, LoopTimer timer, int maxPayload,
                                    int maxField, long maxPendingOutput, long deferMicros) {
        this.engine = engine;
        this.dispatcher = new RequestDispatcher(engine);
        this.admin = new AdminProtocol(engine);
        this.flusher = new Flusher(engineLoop, timer, deferMicros);
        this.maxPayload = maxPayload;
        this.maxField = maxField;
        this.maxPendingOutput = maxPendingOutput;
        this.connections = new DefaultChannelGroup("gearman-connections", engineLoop);
    }

    /** Every open connection (closed ones leave by themselves): for closing them all at stop. */
    public ChannelGroup connections() {
        return connections;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        connections.add(ch);
        ch.pipeline().addLast("decoder", new GearmanDecoder(true, maxPayload, maxField))
                .addLast("encoder", GearmanEncoder.INSTANCE)
                .addLast("handler", new ConnectionHandler(engine, dispatcher, admin, flusher, maxPendingOutput));
    }
}
