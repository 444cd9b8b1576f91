package org.gmdb.gearman.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.gmdb.gearman.GearmanConnectionException;
import org.gmdb.gearman.ServerAddress;
import org.gmdb.gearman.internal.Backoff;
import org.gmdb.gearman.internal.WireText;
import org.gmdb.gearman.protocol.Magic;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's connection to one job server: connects on demand, pipelines requests, and
 * matches replies to them.
 *
 * <p>Direct replies (JOB_CREATED, STATUS_RES, ECHO_RES, OPTION_RES, ERROR) come back in
 * request order, so they are matched to a FIFO of sent requests; WORK_* packets are matched
 * by handle. After a failed connect or a drop, the server counts as down until an
 * exponential backoff has passed; requests offered meanwhile are handed back at once so the
 * client can try another server.
 *
 * <p>Caveat: every field is confined to the connection's event loop; only
 * {@link #nextAttemptAtNanos()} is read from elsewhere.
 */
final class ClientConnection {

    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

    private enum State { IDLE, CONNECTING, READY, CLOSED }

    private final GearmanClient client;
    private final ServerAddress address;
    private final EventLoop loop;
    private final Backoff backoff;

    private State state = State.IDLE;
    private Channel channel;
    private Throwable lastError;
    private final ArrayDeque<Request<?>> awaitingReply = new ArrayDeque<>();
    private final List<Request<?>> waitingForConnect = new ArrayList<>();
    private final Map<String, Attachments> jobs = new HashMap<>();
    private volatile long nextAttemptAtNanos = System.nanoTime();

    ClientConnection(GearmanClient client, ServerAddress address, EventLoop loop, Backoff backoff) {
        this.client = client;
        this.address = address;
        this.loop = loop;
        this.backoff = backoff;
    }

    ServerAddress address() {
        return address;
    }

    /** When a connect may be tried again (System.nanoTime); in the past when up or never tried. */
    long nextAttemptAtNanos() {
        return nextAttemptAtNanos;
    }

    /** Sends the request, connecting first if needed; hands it back through onUnsent if impossible. */
    void send(Request<?> request) {
        try {
            loop.execute(() -> sendOnLoop(request));
        } catch (RejectedExecutionException e) {
            request.onUnsent(this, new GearmanConnectionException("client closed", e));
        }
    }

    private void sendOnLoop(Request<?> request) {
        if (request.isFinished()) {
            return;
        }
        switch (state) {
            case READY -> write(request, true);
            case CONNECTING -> waitingForConnect.add(request);
            case CLOSED -> request.onUnsent(this, new GearmanConnectionException("client closed"));
            case IDLE -> {
                long waitNanos = nextAttemptAtNanos - System.nanoTime();
                if (waitNanos > 0) {
                    request.onUnsent(this, new GearmanConnectionException(address + " is down ("
                            + describe(lastError) + "); next connect attempt in "
                            + TimeUnit.NANOSECONDS.toMillis(waitNanos) + " ms", lastError));
                } else {
                    waitingForConnect.add(request);
                    connect();
                }
            }
        }
    }

    private void connect() {
        state = State.CONNECTING;
        ChannelFuture connecting = client.transport().connect(loop, address, Handler::new);
        connecting.addListener(done -> onConnectDone(connecting));
    }

    private void onConnectDone(ChannelFuture connecting) {
        if (state == State.CLOSED) {
            connecting.channel().close();
            failWaiting(new GearmanConnectionException("client closed"));
            return;
        }
        if (!connecting.isSuccess()) {
            lastError = connecting.cause();
            markDown();
            log.debug("cannot connect to {}: {}", address, describe(lastError));
            failWaiting(new GearmanConnectionException("cannot connect to " + address + ": " + describe(lastError),
                    lastError));
            return;
        }
        Channel ch = connecting.channel();
        channel = ch;
        state = State.READY;
        lastError = null;
        backoff.reset();
        nextAttemptAtNanos = System.nanoTime();
        ch.closeFuture().addListener(closed -> onClosed(ch));
        log.debug("connected to {}", address);
        if (client.clientId() != null) {
            ch.write(Packet.request(PacketType.SET_CLIENT_ID, WireText.utf8(client.clientId())));
        }
        if (client.exceptions()) {
            write(new PinnedRequest<>(Packet.request(PacketType.OPTION_REQ, "exceptions"), "OPTION_REQ exceptions",
                    PacketType.OPTION_RES, reply -> reply.text(0), null) {
                @Override
                void onError(ClientConnection connection, String code, String text) {
                    log.warn("{} refused OPTION_REQ exceptions: {} {}; job exceptions arrive as WORK_FAIL",
                            address, code, text);
                }
            }, false);
        }
        List<Request<?>> waiting = new ArrayList<>(waitingForConnect);
        waitingForConnect.clear();
        for (Request<?> request : waiting) {
            if (!request.isFinished()) {
                write(request, false);
            }
        }
        ch.flush();
    }

    private void failWaiting(GearmanConnectionException cause) {
        List<Request<?>> waiting = new ArrayList<>(waitingForConnect);
        waitingForConnect.clear();
        for (Request<?> request : waiting) {
            request.onUnsent(this, cause);
        }
    }

    private void markDown() {
        state = State.IDLE;
        nextAttemptAtNanos = System.nanoTime() + backoff.nextDelayNanos();
    }

    private void write(Request<?> request, boolean flush) {
        awaitingReply.add(request);
        request.sentTo = this;
        ChannelFuture written = flush ? channel.writeAndFlush(request.packet) : channel.write(request.packet);
        written.addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    /** Registers a foreground submission for the WORK_* packets of its handle. */
    void attach(String handle, ForegroundSubmit request) {
        jobs.computeIfAbsent(handle, h -> new Attachments()).list.add(request);
    }

    private void onPacket(Packet packet) {
        if (packet.magic() != Magic.RES) {
            protocolError("request magic from the server: " + packet);
            return;
        }
        switch (packet.type()) {
            case JOB_CREATED, STATUS_RES, STATUS_RES_UNIQUE, OPTION_RES, ECHO_RES, ERROR -> onDirectReply(packet);
            case WORK_DATA, WORK_WARNING, WORK_STATUS, WORK_COMPLETE, WORK_FAIL, WORK_EXCEPTION -> onWork(packet);
            default -> log.debug("{} sent {} to a client; ignored", address, packet);
        }
    }

    private void onDirectReply(Packet packet) {
        Request<?> request = awaitingReply.poll();
        if (request == null) {
            protocolError("reply " + packet + " without a request");
            return;
        }
        if (packet.type() == PacketType.ERROR) {
            request.sentTo = null;
            request.onError(this, packet.text(0), packet.text(1));
        } else if (request.acceptsReply(packet.type())) {
            request.sentTo = null;
            request.onReply(this, packet);
        } else {
            awaitingReply.addFirst(request); // it goes with the others when the channel closes
            protocolError("reply " + packet + " to " + request);
        }
    }

    private void onWork(Packet packet) {
        String handle = WireText.handle(packet.field(0));
        Attachments attachments = jobs.get(handle);
        if (attachments == null) {
            log.debug("{} sent {} for a job this client does not wait for", address, packet.type());
            return;
        }
        // One copy of each WORK_* per attachment, sent back to back: give copy i to attachment i.
        List<ForegroundSubmit> list = attachments.list;
        int index = attachments.cursor % list.size();
        ForegroundSubmit target;
        boolean terminal = packet.type() == PacketType.WORK_COMPLETE || packet.type() == PacketType.WORK_FAIL
                || packet.type() == PacketType.WORK_EXCEPTION;
        if (terminal) {
            target = list.remove(index);
            if (list.isEmpty()) {
                jobs.remove(handle);
            } else {
                attachments.cursor = index % list.size();
            }
        } else {
            target = list.get(index);
            attachments.cursor = (index + 1) % list.size();
        }
        try {
            target.onWork(packet);
        } catch (RuntimeException e) {
            log.warn("job listener of {} threw on {}", target, packet.type(), e);
        }
    }

    private void protocolError(String what) {
        log.warn("protocol out of step with {}: {}; closing the connection", address, what);
        lastError = new GearmanConnectionException("protocol out of step: " + what);
        if (channel != null) {
            channel.close();
        }
    }

    private void onClosed(Channel ch) {
        if (ch != channel) {
            return;
        }
        channel = null;
        boolean closing = state == State.CLOSED;
        if (!closing) {
            markDown();
        }
        GearmanConnectionException lost = closing
                ? new GearmanConnectionException("client closed")
                : new GearmanConnectionException("connection to " + address + " lost"
                        + (lastError == null ? "" : ": " + describe(lastError)), lastError);
        log.debug("connection to {} closed with {} requests and {} jobs pending", address, awaitingReply.size(),
                jobs.size());
        List<Request<?>> sent = new ArrayList<>(awaitingReply);
        awaitingReply.clear();
        for (Request<?> request : sent) {
            request.sentTo = null;
            request.onLost(this, lost);
        }
        List<Attachments> attached = new ArrayList<>(jobs.values());
        jobs.clear();
        for (Attachments attachments : attached) {
            for (ForegroundSubmit request : attachments.list) {
                request.onLostAfterCreated(this, lost);
            }
        }
    }

    /** Closes for good; everything pending fails. Completes once done on the loop. */
    CompletableFuture<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                state = State.CLOSED;
                failWaiting(new GearmanConnectionException("client closed"));
                if (channel == null) {
                    done.complete(null);
                } else {
                    channel.close().addListener(f -> loop.execute(() -> done.complete(null)));
                }
            });
        } catch (RejectedExecutionException e) {
            done.complete(null);
        }
        return done;
    }

    private static String describe(Throwable error) {
        if (error == null) {
            return "no error recorded";
        }
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }

    /** The foreground submissions one handle has on this connection, and whose turn the next WORK_* copy is. */
    private static final class Attachments {
        final List<ForegroundSubmit> list = new ArrayList<>(1);
        int cursor;
    }

    private final class Handler extends SimpleChannelInboundHandler<Packet> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Packet packet) {
            if (ctx.channel() == channel) {
                onPacket(packet);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("connection to {} failed: {}", address, describe(cause));
            if (ctx.channel() == channel) {
                lastError = cause;
            }
            ctx.close();
        }
    }
}
