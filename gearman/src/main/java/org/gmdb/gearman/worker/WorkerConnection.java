package org.gmdb.gearman.worker;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gmdb.gearman.ServerAddress;
import org.gmdb.gearman.internal.Backoff;
import org.gmdb.gearman.internal.WireText;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's connection to one job server, running the loop of the protocol: CAN_DO for
 * each function, then GRAB_JOB_UNIQ; on NO_JOB, PRE_SLEEP and wait for NOOP; on
 * JOB_ASSIGN_UNIQ, hand the job to the worker and grab again while concurrency allows.
 * Reconnects with backoff and registers its functions again.
 *
 * <p>A GRAB in flight holds one of the worker's concurrency permits, so the worker never
 * holds more jobs than its concurrency, whatever the number of servers. Caveat: state is
 * confined to the connection's event loop.
 */
final class WorkerConnection {

    private static final Logger log = LoggerFactory.getLogger(WorkerConnection.class);

    private enum State { DISCONNECTED, CONNECTING, CONNECTED, CLOSED }

    /** Where the grab loop stands: free to grab, waiting for a GRAB reply, or asleep until NOOP. */
    private enum Grab { IDLE, GRABBING, SLEEPING }

    private final GearmanWorker worker;
    private final ServerAddress address;
    private final EventLoop loop;
    private final Backoff backoff;
    final AtomicBoolean waitingForPermit = new AtomicBoolean();

    private State state = State.DISCONNECTED;
    private Grab grab = Grab.IDLE;
    private Channel channel;

    WorkerConnection(GearmanWorker worker, ServerAddress address, EventLoop loop, Backoff backoff) {
        this.worker = worker;
        this.address = address;
        this.loop = loop;
        this.backoff = backoff;
    }

    ServerAddress address() {
        return address;
    }

    void start() {
        execute(this::connect);
    }

    /** A permit may be free: try to grab (called from any thread). */
    void wakeForPermit() {
        execute(() -> {
            waitingForPermit.set(false);
            tryGrab();
        });
    }

    void onRegistered(Registration registration) {
        execute(() -> {
            if (state != State.CONNECTED) {
                return;
            }
            channel.write(registration.canDo());
            if (grab == Grab.SLEEPING) {
                // CAN_DO never wakes a sleeper; a fresh PRE_SLEEP gets an immediate NOOP if jobs wait
                channel.write(Packet.request(PacketType.PRE_SLEEP));
            }
            channel.flush();
            tryGrab();
        });
    }

    void onUnregistered(Registration registration) {
        execute(() -> {
            if (state == State.CONNECTED) {
                channel.writeAndFlush(registration.cantDo());
            }
        });
    }

    /** Closes for good; completes once the channel is closed (or at once if the loop is gone). */
    java.util.concurrent.CompletableFuture<Void> close() {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        try {
            loop.execute(() -> {
                state = State.CLOSED;
                if (channel == null) {
                    done.complete(null);
                } else {
                    channel.close().addListener(f -> done.complete(null));
                }
            });
        } catch (RejectedExecutionException e) {
            done.complete(null);
        }
        return done;
    }

    /**
     * Ends a GRAB the server may still hold: our job server lets a GRAB wait a little for a
     * job, and answers it at once when the worker sends anything else. A PRE_SLEEP is that
     * something: harmless to any server, and a stopping worker ignores the NOOP it may bring.
     */
    java.util.concurrent.CompletableFuture<Void> endPendingGrab() {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        try {
            loop.execute(() -> {
                if (grab != Grab.GRABBING || channel == null) {
                    done.complete(null);
                } else {
                    channel.writeAndFlush(Packet.request(PacketType.PRE_SLEEP)).addListener(f -> done.complete(null));
                }
            });
        } catch (RejectedExecutionException e) {
            done.complete(null);
        }
        return done;
    }

    private void execute(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("worker loop for {} is shut down", address);
        }
    }

    private void connect() {
        if (state != State.DISCONNECTED || worker.isClosed()) {
            return;
        }
        state = State.CONNECTING;
        ChannelFuture connecting = worker.transport().connect(loop, address, Handler::new);
        connecting.addListener(done -> onConnectDone(connecting));
    }

    private void onConnectDone(ChannelFuture connecting) {
        if (state == State.CLOSED) {
            connecting.channel().close();
            return;
        }
        if (!connecting.isSuccess()) {
            state = State.DISCONNECTED;
            log.debug("worker cannot connect to {}: {}", address, connecting.cause().toString());
            scheduleReconnect();
            return;
        }
        Channel ch = connecting.channel();
        channel = ch;
        state = State.CONNECTED;
        grab = Grab.IDLE;
        backoff.reset();
        ch.closeFuture().addListener(closed -> onClosed(ch));
        log.debug("worker connected to {}", address);
        if (worker.clientId() != null) {
            ch.write(Packet.request(PacketType.SET_CLIENT_ID, WireText.utf8(worker.clientId())));
        }
        for (Registration registration : worker.registrations()) {
            ch.write(registration.canDo());
        }
        ch.flush();
        tryGrab();
    }

    private void scheduleReconnect() {
        if (worker.isClosed() || state == State.CLOSED) {
            return;
        }
        long delay = backoff.nextDelayNanos();
        try {
            loop.schedule(this::connect, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("worker loop for {} is shut down", address);
        }
    }

    private void onClosed(Channel ch) {
        if (ch != channel) {
            return;
        }
        channel = null;
        if (grab == Grab.GRABBING) {
            worker.releasePermit();
        }
        grab = Grab.IDLE;
        if (state != State.CLOSED) {
            state = State.DISCONNECTED;
            log.info("worker lost its connection to {}; reconnecting", address);
            scheduleReconnect();
        }
    }

    private void tryGrab() {
        if (state != State.CONNECTED || grab != Grab.IDLE || worker.takesNoJobs() || worker.registrations().isEmpty()) {
            return;
        }
        if (!worker.tryAcquirePermit()) {
            worker.awaitPermit(this);
            return;
        }
        grab = Grab.GRABBING;
        channel.writeAndFlush(Packet.request(PacketType.GRAB_JOB_UNIQ)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    private void onPacket(Packet packet) {
        switch (packet.type()) {
            case NO_JOB -> {
                if (grab != Grab.GRABBING) {
                    log.debug("{} sent NO_JOB without a GRAB", address);
                    return;
                }
                worker.releasePermit();
                grab = Grab.SLEEPING;
                if (!worker.takesNoJobs()) {
                    channel.writeAndFlush(Packet.request(PacketType.PRE_SLEEP));
                }
            }
            case NOOP -> {
                if (grab == Grab.SLEEPING) {
                    grab = Grab.IDLE;
                    tryGrab();
                }
            }
            case JOB_ASSIGN_UNIQ, JOB_ASSIGN, JOB_ASSIGN_ALL -> {
                if (grab != Grab.GRABBING) {
                    // a job we hold no permit for: closing makes the server hand it to another worker
                    log.warn("{} assigned a job without a GRAB; closing the connection: {}", address, packet);
                    channel.close();
                    return;
                }
                grab = Grab.IDLE;
                worker.startJob(channel, packet); // the GRAB's permit now belongs to the job
                tryGrab();
            }
            case ERROR -> log.warn("{} sent ERROR {} {}", address, packet.text(0), packet.text(1));
            default -> log.debug("{} sent {} to a worker; ignored", address, packet);
        }
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
            log.warn("worker connection to {} failed: {}", address, cause.toString());
            ctx.close();
        }
    }
}
