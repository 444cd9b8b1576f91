package org.gmdb.bench;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;

/**
 * Base of the driver's connections: Gearman packets in, packets out, with every write of one
 * read burst flushed together (one syscall), as a lean client library would.
 *
 * <p>Caveat: runs on one driver event loop thread; subclasses keep their state unsynchronized
 * and publish results through latches or atomics.
 */
abstract class PacketHandler extends ChannelInboundHandlerAdapter {

    protected final Failures failures;
    private ChannelHandlerContext ctx;
    private volatile boolean closing;

    PacketHandler(Failures failures) {
        this.failures = failures;
    }

    /** Called once the connection is up; writes are flushed after it. */
    protected abstract void started();

    /** Called for each packet from the server. */
    protected abstract void received(Packet packet);

    /** Called when the connection ended while still in use (after a failure was recorded). */
    protected void lost() {
    }

    protected final void send(Packet packet) {
        ctx.write(packet, ctx.voidPromise());
    }

    protected final void unexpected(Packet packet) {
        failures.add(getClass().getSimpleName() + " got " + packet);
    }

    /** Closes the connection as planned (not counted as a failure). */
    final void closeQuietly() {
        closing = true;
        if (ctx != null) {
            ctx.close();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        started();
        ctx.flush();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Packet packet = (Packet) msg;
        if (packet.type() == PacketType.ERROR) {
            failures.add("server sent ERROR " + packet.text(0) + ": " + packet.text(1));
            return;
        }
        received(packet);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!closing) {
            failures.add(getClass().getSimpleName() + ": " + cause);
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!closing) {
            failures.add(getClass().getSimpleName() + ": connection closed by the server");
            lost();
        }
        ctx.fireChannelInactive();
    }
}
