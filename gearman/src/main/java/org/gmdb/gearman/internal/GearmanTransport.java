package org.gmdb.gearman.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.gmdb.gearman.ConnectionSettings;
import org.gmdb.gearman.ServerAddress;
import org.gmdb.gearman.Transport;
import org.gmdb.gearman.codec.GearmanDecoder;
import org.gmdb.gearman.codec.GearmanEncoder;

/**
 * The Netty side shared by client and worker: one event loop group and the pipeline
 * (decoder, encoder, a handler of the caller's). Each connection is pinned to one event
 * loop, and its state is only touched there.
 */
public final class GearmanTransport implements AutoCloseable {

    private final EventLoopGroup group;
    private final Duration connectTimeout;
    private final int maxPayload;

    public GearmanTransport(String threadName, ConnectionSettings settings) {
        this.group = new MultiThreadIoEventLoopGroup(settings.ioThreads(), new DefaultThreadFactory(threadName, true),
                Transport.AUTO.ioHandlerFactory());
        this.connectTimeout = settings.connectTimeout();
        this.maxPayload = settings.maxPayload();
    }

    /** The loop a new connection will live on. */
    public EventLoop nextLoop() {
        return group.next();
    }

    /** Connects on {@code loop}; {@code handler} gets decoded packets. */
    public ChannelFuture connect(EventLoop loop, ServerAddress address, Supplier<ChannelHandler> handler) {
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(Transport.AUTO.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("decoder", GearmanDecoder.forClient(maxPayload))
                                .addLast("encoder", GearmanEncoder.INSTANCE)
                                .addLast("handler", handler.get());
                    }
                });
        return bootstrap.connect(address.host(), address.port());
    }

    /** Stops the IO threads after at most {@code timeout}. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
