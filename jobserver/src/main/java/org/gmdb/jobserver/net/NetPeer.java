package org.gmdb.jobserver.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.gmdb.gearman.codec.GearmanEncoder;
import org.gmdb.gearman.protocol.GearmanConstants;
import org.gmdb.gearman.protocol.Magic;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;
import org.gmdb.jobserver.engine.HandleReply;
import org.gmdb.jobserver.engine.Peer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One socket as the engine writes to it, with the memory guards: writes are batched
 * (flushed by its loop's {@link Flusher}); past the channel's high-water mark the connection
 * stops being read, and a connection whose request made another one unwritable is paused
 * until that one drains; past {@code hardCap} pending bytes the connection is closed.
 *
 * <p>The engine may run on another connection's event loop. A packet for this socket is then
 * kept in an outbox and written by this socket's own loop, in one task per burst, and before
 * anything its own loop writes later, so packets keep the engine's order.
 *
 * <p>A worker whose jobs keep coming from another loop's clients moves to that loop
 * (Netty re-registers the channel), so that a client and the worker serving it share a loop
 * and their packets need no hand-off. Clients never move, so pairs cannot chase each other.
 *
 * <p>Caveat: reading is paused, not writing: packets the engine produces for a slow peer
 * still queue, up to the hard cap. Every method runs under the engine lock
 * ({@link EngineGuard}) but {@link #flushNow} and {@link #isDeferredUntil}, which only this
 * socket's loop calls.
 */
final class NetPeer implements Peer {

    private static final Logger LOG = LoggerFactory.getLogger(NetPeer.class);

    /** Job assignments in a row from one other loop after which a worker moves there. */
    static final int MOVE_AFTER = 64;
    private static final int PENDING_INITIAL = 512;
    private static final int PENDING_LIMIT = 16 * 1024;

    final Channel channel;
    private Flusher flusher;
    private final Function<EventLoop, Flusher> flushers;
    private final EngineGuard guard;
    private final long hardCap;
    private boolean dirty;
    /**
     * Small packets written since the last flush, encoded back to back: one buffer and one trip
     * down the pipeline per flush instead of per packet. Handed to the channel at
     * {@link #PENDING_LIMIT}, so the write-buffer marks still see all but that much.
     */
    private ByteBuf pending;
    /** Where a handle's bytes are made before they are copied into {@link #pending}. */
    private final byte[] handleScratch = new byte[GearmanConstants.MAX_HANDLE_LENGTH];
    /** Deadline of a deferred write not flushed yet, 0 for none. */
    private long deferredUntil;
    /** Packets from other loops, each with the connection whose request produced it (or null). */
    private final ArrayList<Object> outbox = new ArrayList<>(0);
    private final ArrayList<NetPeer> outboxSources = new ArrayList<>(0);
    private boolean outboxScheduled;
    /** Bytes of the packets in the outbox; past the high-water mark the senders are paused. */
    private long outboxBytes;
    /** Between deregistration and registration on the new loop: everything goes to the outbox. */
    private boolean moving;
    private EventLoop streakLoop;
    private int streak;
    /** Reasons to keep reading paused: own unwritability plus one per blocking peer. */
    private int pauses;
    private boolean pausedForSelf;
    /** Senders paused because of this peer's full buffer. */
    private List<NetPeer> blockedSenders;

    NetPeer(Channel channel, Function<EventLoop, Flusher> flushers, EngineGuard guard, long hardCap) {
        this.channel = channel;
        this.flushers = flushers;
        this.flusher = flushers.apply(channel.eventLoop());
        this.guard = guard;
        this.hardCap = hardCap;
    }

    /** Whether the calling thread is this socket's loop, so that a write needs no hand-off. */
    @Override
    public boolean isLocal() {
        return !moving && channel.eventLoop().inEventLoop();
    }

    @Override
    public void send(Object message) {
        send(message, false);
    }

    /** Written now, flushed with this connection's next packet or when the flusher's deferral ends. */
    @Override
    public void sendDeferred(Object message) {
        send(message, true);
    }

    private void send(Object message, boolean deferrable) {
        if (!channel.isActive()) {
            return;
        }
        boolean local = isLocal();
        if (message instanceof Packet packet && isAssignment(packet.type())) {
            countAssignment(local);
        }
        if (!local) {
            outbox.add(message);
            outboxSources.add(guard.source);
            outboxBytes += wireBytes(message);
            NetPeer sender = guard.source;
            if (sender != null && sender != this
                    && outboxBytes > channel.config().getWriteBufferHighWaterMark()) {
                block(sender); // this socket's loop has not caught up: stop reading the sender meanwhile
            }
            if (!moving) {
                scheduleOutbox();
            }
            return;
        }
        if (!outbox.isEmpty()) {
            writeOutbox();
        }
        write(message, guard.source, deferrable);
    }

    /** Bytes a message takes on the wire; admin text lines are not counted. */
    private static long wireBytes(Object message) {
        if (message instanceof Packet packet) {
            return GearmanConstants.HEADER_LENGTH + packet.payloadLength();
        }
        return message instanceof HandleReply reply ? GearmanConstants.HEADER_LENGTH + reply.payloadLength() : 0;
    }

    private static boolean isAssignment(PacketType type) {
        return type == PacketType.JOB_ASSIGN || type == PacketType.JOB_ASSIGN_UNIQ || type == PacketType.JOB_ASSIGN_ALL;
    }

    /** Counts assignments made on other loops; after enough from one, moves this worker there. */
    private void countAssignment(boolean local) {
        if (local || moving) {
            streak = 0;
            return;
        }
        EventLoop from = guard.currentLoop();
        if (from == null) {
            streak = 0; // a timer or a queue completion: not a client's loop
            return;
        }
        if (from != streakLoop) {
            streakLoop = from;
            streak = 0;
        }
        if (++streak >= MOVE_AFTER) {
            streak = 0;
            EventLoop target = from;
            channel.eventLoop().execute(() -> guard.run(() -> moveTo(target)));
        }
    }

    /** On this socket's loop, under the lock: re-registers the channel on {@code target}. */
    private void moveTo(EventLoop target) {
        if (moving || !channel.isActive() || channel.eventLoop() == target) {
            return;
        }
        if (!outbox.isEmpty()) {
            writeOutbox();
        }
        flushNow();
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        if (buffer == null || buffer.totalPendingWriteBytes() > 0) {
            return; // the socket is backed up: stay, so that no pending write is stranded
        }
        moving = true;
        channel.deregister().addListener(deregistered -> {
            if (!deregistered.isSuccess()) {
                guard.run(this::moved);
                return;
            }
            target.register(channel).addListener(registered -> {
                if (!registered.isSuccess()) {
                    LOG.warn("closing {}: cannot move it to another event loop", channel.remoteAddress(),
                            registered.cause());
                    channel.close();
                }
                guard.run(this::moved);
            });
        });
    }

    /** Registered again (on the new loop, or not at all): writes resume from the outbox. */
    private void moved() {
        moving = false;
        flusher = flushers.apply(channel.eventLoop());
        if (!outbox.isEmpty()) {
            scheduleOutbox();
        }
    }

    /** Has this socket's loop write the outbox, once per burst. */
    private void scheduleOutbox() {
        if (!outboxScheduled) {
            outboxScheduled = true;
            channel.eventLoop().execute(() -> guard.run(this::writeOutbox));
        }
    }

    private void writeOutbox() {
        if (moving || !channel.eventLoop().inEventLoop()) {
            return; // moved() has it written; or a task left on the loop this socket moved away from
        }
        outboxScheduled = false;
        for (int i = 0; i < outbox.size(); i++) {
            if (channel.isActive()) {
                write(outbox.get(i), outboxSources.get(i), false);
            }
        }
        outbox.clear();
        outboxSources.clear();
        outboxBytes = 0;
        if (channel.isWritable()) {
            releaseSenders(); // those paused for the outbox; a full socket pauses them again
        }
    }

    /** On this socket's loop. */
    private void write(Object message, NetPeer sender, boolean deferrable) {
        if (message instanceof HandleReply reply) {
            int length = reply.handles().write(reply.number(), handleScratch);
            GearmanEncoder.writeHeader(pending(), Magic.RES, reply.type(), length);
            pending.writeBytes(handleScratch, 0, length);
            writePendingIfFull();
        } else if (message instanceof Packet packet && GearmanEncoder.sharesBuffer(packet)) {
            GearmanEncoder.encodeInto(pending(), packet);
            writePendingIfFull();
        } else {
            writePending();
            channel.write(message, channel.voidPromise());
        }
        if (!dirty) {
            if (!deferrable) {
                dirty = true;
                flusher.add(this);
            } else if (deferredUntil == 0) {
                deferredUntil = flusher.addDeferred(this);
                dirty = deferredUntil == 0; // no deferral: flushed this turn
            }
        }
        if (!channel.isWritable()) {
            ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
            long pending = buffer == null ? 0 : buffer.totalPendingWriteBytes();
            if (pending > hardCap) {
                LOG.warn("closing {}: {} bytes wait to be sent (expected: <= {}); the peer does not read",
                        channel.remoteAddress(), pending, hardCap);
                channel.close();
                return;
            }
            if (sender != null && sender != this) {
                block(sender);
            }
        }
    }

    /** Only from this socket's loop. */
    boolean isDeferredUntil(long deadlineNanos) {
        return deferredUntil == deadlineNanos;
    }

    @Override
    public void close() {
        if (isLocal()) {
            closeAfterWrites();
        } else {
            // after the outbox task, if one is queued: the loop runs tasks in order
            channel.eventLoop().execute(() -> guard.run(this::closeAfterWrites));
        }
    }

    private void closeAfterWrites() {
        if (!outbox.isEmpty()) {
            writeOutbox();
        }
        writePending();
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** Only from this socket's loop (its {@link Flusher}). */
    void flushNow() {
        dirty = false;
        deferredUntil = 0;
        writePending();
        channel.flush();
    }

    private ByteBuf pending() {
        if (pending == null) {
            pending = channel.alloc().buffer(PENDING_INITIAL);
        }
        return pending;
    }

    private void writePendingIfFull() {
        if (pending.readableBytes() >= PENDING_LIMIT) {
            writePending();
        }
    }

    /** Hands the packets encoded so far to the channel; on this socket's loop. */
    void writePending() {
        if (pending != null) {
            ByteBuf packets = pending;
            pending = null;
            channel.write(packets, channel.voidPromise());
        }
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
        if (pending != null) {
            pending.release();
            pending = null;
        }
        outbox.clear();
        outboxSources.clear();
        outboxBytes = 0;
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

    // setAutoRead may be called from any thread: Netty hands it to the channel's loop
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
