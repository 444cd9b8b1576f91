package org.gmdb.jobserver;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.gmdb.jobserver.engine.EngineClock;
import org.gmdb.jobserver.engine.EngineSettings;
import org.gmdb.jobserver.engine.JobServerEngine;
import org.gmdb.jobserver.metrics.MetricsHttpServer;
import org.gmdb.jobserver.metrics.PrometheusMetrics;
import org.gmdb.jobserver.metrics.ServerMetrics;
import org.gmdb.jobserver.net.EngineGuard;
import org.gmdb.jobserver.net.EventLoopScheduler;
import org.gmdb.jobserver.net.LoopTimer;
import org.gmdb.jobserver.net.ServerChannelInitializer;
import org.gmdb.jobserver.queue.PersistentQueue;
import org.gmdb.jobserver.queue.StoredJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Gearman job server: {@link #start} binds, replays the persistent queue and
 * serves until {@link #close} (immediate, like SIGTERM) or {@link #shutdownGracefully}
 * (like gearmand's SIGUSR1: stop accepting, finish the jobs left, then stop).
 *
 * <p>Threading: one thread accepts; connections are spread over {@code ioThreads} event
 * loops, and every call into the engine holds one lock ({@link EngineGuard}). The engine's
 * rules stay single-threaded, a request is handled on the thread that read it with no
 * hand-off, and socket reads and writes, most of the server's work, use more than one core.
 * A packet for a connection of another loop is written by that loop. Timers and
 * persistent-queue completions run on the first loop, under the lock.
 */
public final class JobServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobServer.class);

    private final MultiThreadIoEventLoopGroup acceptGroup;
    private final MultiThreadIoEventLoopGroup ioGroup;
    private final EngineGuard guard;
    private final JobServerEngine engine;
    private final Channel serverChannel;
    private final ServerChannelInitializer connections;
    private final PersistentQueue queue;
    private final MetricsHttpServer metricsServer;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final LoopTimer timer;

    private JobServer(MultiThreadIoEventLoopGroup acceptGroup, MultiThreadIoEventLoopGroup ioGroup,
                      EngineGuard guard, LoopTimer timer, JobServerEngine engine, Channel serverChannel,
                      ServerChannelInitializer connections, PersistentQueue queue, MetricsHttpServer metricsServer) {
        this.connections = connections;
        this.timer = timer;
        this.acceptGroup = acceptGroup;
        this.ioGroup = ioGroup;
        this.guard = guard;
        this.engine = engine;
        this.serverChannel = serverChannel;
        this.queue = queue;
        this.metricsServer = metricsServer;
    }

    /**
     * Starts a server: replays the persistent queue, then binds and serves.
     *
     * @throws IllegalStateException when the port cannot be bound or the queue cannot be replayed
     */
    public static JobServer start(JobServerConfig config) {
        MultiThreadIoEventLoopGroup acceptGroup = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("gmdb-accept"), config.transport().ioHandlerFactory());
        MultiThreadIoEventLoopGroup ioGroup = new MultiThreadIoEventLoopGroup(config.ioThreads(),
                new DefaultThreadFactory("gmdb-io"), config.transport().ioHandlerFactory());
        MetricsHttpServer metricsServer = null;
        LoopTimer timer = new LoopTimer("gmdb-timer");
        try {
            EngineGuard guard = new EngineGuard(ioGroup.next());
            ServerMetrics metrics = config.metrics();
            if (config.metricsPort() >= 0 && !(metrics instanceof PrometheusMetrics)) {
                metrics = new PrometheusMetrics();
            }
            EngineSettings settings = new EngineSettings(config.handlePrefix(), config.jobRetries(),
                    config.workerWakeup(), config.exceptions(), config.maxField(), config.grabWaitMicros(),
                    config.roundRobin());
            JobServerEngine engine = new JobServerEngine(settings, EngineClock.SYSTEM,
                    new EventLoopScheduler(guard, timer), guard.executor(), config.persistentQueue(), metrics);
            if (config.persistentQueue() != null) {
                List<StoredJob> rows = config.persistentQueue().replay();
                guard.run(() -> engine.replay(rows));
                LOG.info("replayed {} background jobs from the persistent queue", rows.size());
            }
            metrics.snapshotSource(() -> guard.call(engine::snapshot));
            if (config.metricsPort() >= 0) {
                metricsServer = MetricsHttpServer.start(new InetSocketAddress(config.listen(), config.metricsPort()),
                        (PrometheusMetrics) metrics);
            }
            ServerChannelInitializer initializer = new ServerChannelInitializer(engine, guard, ioGroup, timer,
                    config.maxPayload(),
                    config.maxField(), config.maxPendingOutput(), config.jobCreatedDelayMicros());
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(acceptGroup, ioGroup)
                    .channel(config.transport().serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(config.writeLowWater(), config.writeHighWater()))
                    .childHandler(initializer);
            Channel channel;
            try {
                channel = bootstrap.bind(config.listen(), config.port()).syncUninterruptibly().channel();
            } catch (Exception e) {
                throw new IllegalStateException("cannot listen on " + config.listen() + ":" + config.port() + ": " + e, e);
            }
            LOG.info("serving on {} event loop(s) over {}", config.ioThreads(), config.transport().resolve());
            return new JobServer(acceptGroup, ioGroup, guard, timer, engine, channel, initializer,
                    config.persistentQueue(), metricsServer);
        } catch (IOException | RuntimeException e) {
            if (metricsServer != null) {
                metricsServer.close();
            }
            timer.close();
            acceptGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            ioGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            if (config.persistentQueue() != null) {
                config.persistentQueue().close();
            }
            if (e instanceof IllegalStateException ise) {
                throw ise;
            }
            throw new IllegalStateException("job server failed to start: " + e.getMessage(), e);
        }
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return localAddress().getPort();
    }

    /** The address and port actually bound: the wildcard address when serving every interface. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** The bound metrics port, or -1 when metrics are not served. */
    public int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.port();
    }

    /**
     * Bytes handed to the connections' outbound buffers and not yet taken by their sockets,
     * over all open connections: what slow readers make the server hold. Caveat: a snapshot
     * read from outside the event loops; a connection's batch still being encoded (under
     * 16 KiB) and packets waiting to cross to another loop are not counted.
     */
    public long pendingOutputBytes() {
        long total = 0;
        for (Channel connection : connections.connections()) {
            ChannelOutboundBuffer buffer = connection.unsafe().outboundBuffer();
            total += buffer == null ? 0 : buffer.totalPendingWriteBytes();
        }
        return total;
    }

    /** The engine, for tests and tools; call it only through {@link EngineGuard#run}. */
    JobServerEngine engine() {
        return engine;
    }

    /**
     * Graceful stop, gearmand's SIGUSR1: the listening socket closes at once (new connects are
     * refused), existing connections keep working, and the server stops once no job is left.
     * Returns at once; see {@link #awaitTermination}.
     */
    public void shutdownGracefully() {
        serverChannel.close();
        LOG.info("graceful stop: no new connections; stopping when the last job ends");
        // close as a later task, so that the last results are flushed first
        guard.run(() -> engine.whenIdle(() -> afterPendingWrites(() -> afterPendingWrites(this::close))));
    }

    /** Waits until the server has stopped; returns whether it did within the time. */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            terminated.get(timeout, unit);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /** Completes when the server has stopped. */
    public CompletableFuture<Void> terminationFuture() {
        return terminated;
    }

    /** Immediate stop, like SIGTERM: connections drop; background jobs survive only in the persistent queue. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            if (!onIoThread()) {
                terminated.join();
            }
            return;
        }
        serverChannel.close();
        connections.connections().close();
        if (metricsServer != null) {
            metricsServer.close();
        }
        var acceptDone = acceptGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        var ioDone = ioGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        Runnable finish = () -> {
            timer.close();
            if (queue != null) {
                queue.close();
            }
            terminated.complete(null);
        };
        if (onIoThread()) {
            // cannot wait for our own loop: finish once it has ended
            ioDone.addListener(f -> finish.run());
            return;
        }
        acceptDone.syncUninterruptibly();
        ioDone.syncUninterruptibly();
        finish.run();
    }

    /**
     * Runs {@code action} on the timer loop once every I/O loop has run the tasks queued on it
     * so far: the last results, handed to other loops, are written before the connections close.
     */
    private void afterPendingWrites(Runnable action) {
        AtomicInteger left = new AtomicInteger(ioGroup.executorCount());
        for (EventExecutor loop : ioGroup) {
            loop.submit(() -> { }).addListener(barrier -> {
                if (left.decrementAndGet() == 0) {
                    guard.timerLoop().execute(action);
                }
            });
        }
    }

    private boolean onIoThread() {
        for (EventExecutor loop : ioGroup) {
            if (loop.inEventLoop()) {
                return true;
            }
        }
        return false;
    }
}
