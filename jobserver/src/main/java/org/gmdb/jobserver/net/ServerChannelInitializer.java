package org.gmdb.jobserver.net;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.IdentityHashMap;
import java.util.Map;
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
 * Each connection gets the {@link Flusher} of its event loop.
 */
public final class ServerChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final JobServerEngine engine;
    private final RequestDispatcher dispatcher;
    private final AdminProtocol admin;
    private final EngineGuard guard;
    private final Map<EventExecutor, Flusher> flushers = new IdentityHashMap<>();
    private final int maxPayload;
    private final int maxField;
    private final long maxPendingOutput;
    private final ChannelGroup connections;

    /**
     * @param ioGroup     the event loops connections are registered on
     * @param deferMicros how long a deferred write (a foreground JOB_CREATED) may wait for company
     */
    public ServerChannelInitializer(JobServerEngine engine, EngineGuard guard, EventLoopGroup ioGroup, LoopTimer timer,
                                    int maxPayload,
                                    int maxField, long maxPendingOutput, long deferMicros) {
        this.engine = engine;
        this.guard = guard;
        this.dispatcher = new RequestDispatcher(engine);
        this.admin = new AdminProtocol(engine);
        for (EventExecutor loop : ioGroup) {
            flushers.put(loop, new Flusher((EventLoop) loop, timer, deferMicros));
        }
        this.maxPayload = maxPayload;
        this.maxField = maxField;
        this.maxPendingOutput = maxPendingOutput;
        this.connections = new DefaultChannelGroup("gearman-connections", guard.timerLoop());
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
                .addLast("handler", new ConnectionHandler(engine, dispatcher, admin, flushers::get, guard,
                        maxPendingOutput));
    }
}
