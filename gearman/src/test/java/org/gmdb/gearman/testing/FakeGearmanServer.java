package org.gmdb.gearman.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.gmdb.gearman.ServerAddress;
import org.gmdb.gearman.codec.GearmanDecoder;
import org.gmdb.gearman.codec.GearmanEncoder;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;

/**
 * A scripted Gearman peer for unit tests: it answers nothing by itself; the test takes
 * each packet it received ({@link #next()}) and replies, or closes, by hand.
 */
public final class FakeGearmanServer implements AutoCloseable {

    /** One packet the fake received, and the connection it came on. */
    public record Received(Channel channel, Packet packet) {

        public void reply(Packet... packets) {
            for (Packet p : packets) {
                channel.write(p);
            }
            channel.flush();
        }

        public void closeConnection() {
            channel.close().syncUninterruptibly();
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final Channel server;

    public FakeGearmanServer() {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(GearmanDecoder.forServer(), GearmanEncoder.INSTANCE,
                                new SimpleChannelInboundHandler<Packet>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, Packet packet) {
                                        received.add(new Received(ctx.channel(), packet));
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    public ServerAddress address() {
        return new ServerAddress("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort());
    }

    /** The next packet received, waiting up to 5 s. */
    public Received next() throws InterruptedException {
        Received r = received.poll(5, TimeUnit.SECONDS);
        assertNotNull(r, "the fake server received nothing within 5 s");
        return r;
    }

    /** The next packet, which must be of {@code type}. */
    public Received next(PacketType type) throws InterruptedException {
        Received r = next();
        assertEquals(type, r.packet().type(), "received " + r.packet());
        return r;
    }

    /** The next packet if one arrives within {@code millis}, else null. */
    public Received poll(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
