package org.gmdb.jobserver.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import java.util.ArrayList;
import java.util.List;
import org.gmdb.jobserver.engine.Peer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One socket as the engine writes to it, with the memory guards: writes are batched
 * (flushed by {@link Flusher}); past the channel's high-water mark the connection stops
 * being read, and a connection whose request made another one unwritable is paused until
 * that one drains; past {@code hardCap} pending bytes the connection is closed.
 *
 * <p>Caveat: reading is paused, not writing: packets the engine produces for a slow peer
 * still queue, up to the hard cap. Only the engine thread uses this class.
 */
final class NetPeer implements Peer {

    private static final Logger LOG = LoggerFactory.getLogger(NetPeer.class);

    final Channel channel;
    private final Flusher flusher;
    private final long hardCap;
    private boolean dirty;
    /** Deadline of a deferred write not flushed yet, 0 for none. */
    private long deferredUntil;
    /** Reasons to keep reading paused: own unwritability plus one per blocking peer. */
    private int pauses;
    private boolean pausedForSelf;
    /** Senders paused because of this peer's full buffer. */
    private List<NetPeer> blockedSenders;

    NetPeer(Channel channel, Flusher flusher, long hardCap) {
        this.channel = channel;
        this.flusher = flusher;
        this.hardCap = hardCap;
    }

    @Override
    public void send(Object message) {
        if (!channel.isActive()) {
            return;
        }
        channel.write(message, channel.voidPromise());
        if (!dirty) {
            dirty = true;
            flusher.add(this);
        }
        checkPending();
    }

    /** Written now, flushed with this connection's next packet or when the flusher's deferral ends. */
    @Override
    public void sendDeferred(Object message) {
        if (!channel.isActive()) {
            return;
        }
        channel.write(message, channel.voidPromise());
        if (!dirty && deferredUntil == 0) {
            deferredUntil = flusher.addDeferred(this);
            dirty = deferredUntil == 0; // no deferral: flushed this turn
        }
        checkPending();
    }

    boolean isDeferredUntil(long deadlineNanos) {
        return deferredUntil == deadlineNanos;
    }

    private void checkPending() {
        if (!channel.isWritable()) {
            ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
            long pending = buffer == null ? 0 : buffer.totalPendingWriteBytes();
            if (pending > hardCap) {
                LOG.warn("closing {}: {} bytes wait to be sent (expected: <= {}); the peer does not read",
                        channel.remoteAddress(), pending, hardCap);
                channel.close();
                return;
            }
            NetPeer sender = flusher.source;
            if (sender != null && sender != this) {
                block(sender);
            }
        }
    }

    @Override
    public void close() {
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    void flushNow() {
        dirty = false;
        deferredUntil = 0;
        channel.flush();
    }

    private void block(NetPeer sender) {
        if (blockedSenders == null) {
            blockedSenders = new ArrayList<>(1);
        }
        if (!blockedSenders.contains(sender)) {
            blockedSenders.add(sender);
            sender.pause();
        }
    }

    /** Called when the channel's writability flips: stop reading while full, release senders when drained. */
    void writabilityChanged() {
        if (!channel.isWritable()) {
            if (!pausedForSelf) {
                pausedForSelf = true;
                pause();
            }
            return;
        }
        if (pausedForSelf) {
            pausedForSelf = false;
            resume();
        }
        releaseSenders();
    }

    /** The connection is gone: nobody stays paused on its account. */
    void closed() {
        releaseSenders();
    }

    private void releaseSenders() {
        if (blockedSenders != null) {
            List<NetPeer> senders = blockedSenders;
            blockedSenders = null;
            for (NetPeer sender : senders) {
                sender.resume();
            }
        }
    }

    private void pause() {
        if (pauses++ == 0) {
            channel.config().setAutoRead(false);
        }
    }

    private void resume() {
        if (--pauses == 0) {
            channel.config().setAutoRead(true);
        }
    }
}
