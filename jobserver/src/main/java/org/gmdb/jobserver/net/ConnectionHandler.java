package org.gmdb.jobserver.net;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.function.Function;
import org.gmdb.gearman.codec.GearmanCodecException;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.TextLine;
import org.gmdb.jobserver.admin.AdminProtocol;
import org.gmdb.jobserver.engine.JobServerEngine;
import org.gmdb.jobserver.engine.RequestDispatcher;
import org.gmdb.jobserver.engine.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps one connection's decoded packets and admin lines to engine calls, each under the
 * engine lock. Runs on the connection's event loop.
 *
 * <p>Broken framing (bad magic, unknown type, a malformed or oversize packet or line) gets
 * ERROR with the reason, then only this connection closes. gearmand closes silently on bad
 * magic or type; an ERROR first is allowed by the conformance cases and tells the peer why.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);
    private static final int MAX_BATCH = 64;
    private static final int MAX_BATCH_BYTES = 16 * 1024;

    private final JobServerEngine engine;
    private final RequestDispatcher dispatcher;
    private final AdminProtocol admin;
    private final Function<EventLoop, Flusher> flushers;
    private final EngineGuard guard;
    private final long hardCap;
    private NetPeer peer;
    private Session session;
    /** Decoded since the last read completed; handled together (see {@link #channelReadComplete}). */
    private final ArrayList<Object> batch = new ArrayList<>();
    private long batchBytes;

    ConnectionHandler(JobServerEngine engine, RequestDispatcher dispatcher, AdminProtocol admin,
                      Function<EventLoop, Flusher> flushers,
                      EngineGuard guard, long hardCap) {
        this.engine = engine;
        this.dispatcher = dispatcher;
        this.admin = admin;
        this.flushers = flushers;
        this.guard = guard;
        this.hardCap = hardCap;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        NetPeer newPeer = new NetPeer(ctx.channel(), flushers, guard, hardCap);
        String address = address(ctx.channel().remoteAddress());
        session = guard.call(() -> engine.connect(newPeer, address));
        peer = newPeer;
        ctx.fireChannelActive();
    }

    private static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (session == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        batch.add(msg);
        batchBytes += msg instanceof Packet packet ? packet.payloadLength() : 0;
        // Large or many packets go at once: a pause for backpressure must take effect within the read.
        if (batch.size() >= MAX_BATCH || batchBytes >= MAX_BATCH_BYTES) {
            handleBatch(ctx);
        }
    }

    /** Handles what one read brought, in order, under one taking of the engine lock. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        handleBatch(ctx);
        ctx.fireChannelReadComplete();
    }

    private void handleBatch(ChannelHandlerContext ctx) {
        if (batch.isEmpty()) {
            return;
        }
        guard.lockFor(peer);
        try {
            for (Object msg : batch) {
                handle(ctx, msg);
            }
        } finally {
            batch.clear();
            batchBytes = 0;
            guard.unlockFor();
        }
    }

    private void handle(ChannelHandlerContext ctx, Object msg) {
        if (session == null) {
            ReferenceCountUtil.release(msg);
        } else if (msg instanceof Packet packet) {
            dispatcher.dispatch(session, packet);
        } else if (msg instanceof TextLine line) {
            engine.answerWaitingGrab(session);
            if (!admin.handle(session, line.text())) {
                LOG.debug("closing {}: admin line of more than {} words", ctx.channel().remoteAddress(),
                        AdminProtocol.MAX_WORDS);
                peer.close();
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (peer != null) {
            guard.run(peer::writabilityChanged);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        batch.forEach(ReferenceCountUtil::release);
        batch.clear();
        if (session != null) {
            Session gone = session;
            guard.run(() -> {
                engine.disconnect(gone);
                peer.closed();
            });
            session = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof GearmanCodecException codec) {
            // framing is lost: say why (gearmand closes silently on bad magic or type), then close
            LOG.debug("closing {} after ERROR {}: {}", ctx.channel().remoteAddress(), codec.code(), codec.getMessage());
            handleBatch(ctx); // the packets before the bad one were decoded: answer them first
            if (peer != null) {
                guard.run(peer::writePending);
            }
            ctx.writeAndFlush(Packet.error(codec.code(), codec.getMessage())).addListener(ChannelFutureListener.CLOSE);
        } else if (cause instanceof IOException) {
            LOG.debug("closing {}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        } else {
            LOG.error("closing {} after an unexpected failure", ctx.channel().remoteAddress(), cause);
            ctx.close();
        }
    }
}
