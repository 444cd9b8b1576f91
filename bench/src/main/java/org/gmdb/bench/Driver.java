package org.gmdb.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;
import org.gmdb.gearman.codec.GearmanDecoder;
import org.gmdb.gearman.codec.GearmanEncoder;

/**
 * The load driver's network side: a few Netty event loop threads carrying every client and
 * worker connection, with the project's Gearman codec. The same driver serves both servers.
 *
 * <p>Caveat: it runs on the same cores as the server under test, so its CPU use is reported
 * beside each result.
 */
final class Driver implements AutoCloseable {

    private static final int MAX_PAYLOAD = 64 * 1024 * 1024;

    private final MultiThreadIoEventLoopGroup group;
    private final int threads;

    Driver(int threads) {
        this.threads = threads;
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("bench-driver", true),
                NioIoHandler.newFactory());
    }

    int threads() {
        return threads;
    }

    /**
     * Connects to 127.0.0.1:port and returns once connected; the handler starts its loop then.
     * Connections are made one at a time so that gearmand's listen backlog (32) never overflows.
     */
    Channel connect(int port, PacketHandler handler) {
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(GearmanDecoder.forClient(MAX_PAYLOAD), GearmanEncoder.INSTANCE, handler);
                    }
                });
        var future = bootstrap.connect("127.0.0.1", port).awaitUninterruptibly();
        if (!future.isSuccess()) {
            throw new IllegalStateException("driver cannot connect to 127.0.0.1:" + port, future.cause());
        }
        return future.channel();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
