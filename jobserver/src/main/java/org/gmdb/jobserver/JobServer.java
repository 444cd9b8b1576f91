package org.gmdb.jobserver;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gmdb.jobserver.engine.EngineClock;
import org.gmdb.jobserver.engine.EngineSettings;
import org.gmdb.jobserver.engine.JobServerEngine;
import org.gmdb.jobserver.metrics.MetricsHttpServer;
import org.gmdb.jobserver.metrics.PrometheusMetrics;
import org.gmdb.jobserver.metrics.ServerMetrics;
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
 * <p>Threading: one thread accepts; one event loop runs every connection <em>and</em> the
 * engine, so the engine is single-threaded with no locks and no hand-offs, and a request
 * that wakes or answers other connections writes to them directly. Persistent-queue
 * completions and metric snapshots hop onto that loop.
 */
public final class JobServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobServer.class);

    private final MultiThreadIoEventLoopGroup acceptGroup;
    private final MultiThreadIoEventLoopGroup engineGroup;
    private final EventLoop engineLoop;
    private final JobServerEngine engine;
    private final Channel serverChannel;
    private final ServerChannelInitializer connections;
    private final PersistentQueue queue;
    private final MetricsHttpServer metricsServer;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final LoopTimer timer;

    private JobServer(MultiThreadIoEventLoopGroup acceptGroup, MultiThreadIoEventLoopGroup engineGroup,
                      EventLoop engineLoop, LoopTimer timer, JobServerEngine engine, Channel serverChannel,
                      ServerChannelInitializer connections, PersistentQueue queue, MetricsHttpServer metricsServer) {
        this.connections = connections;
        this.timer = timer;
        this.acceptGroup = acceptGroup;
        this.engineGroup = engineGroup;
        this.engineLoop = engineLoop;
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
                new DefaultThreadFactory("gmdb-accept"), NioIoHandler.newFactory());
        MultiThreadIoEventLoopGroup engineGroup = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("gmdb-engine"), NioIoHandler.newFactory());
        MetricsHttpServer metricsServer = null;
        LoopTimer timer = new LoopTimer("gmdb-timer");
        try {
            EventLoop loop = engineGroup.next();
            ServerMetrics metrics = config.metrics();
            if (config.metricsPort() >= 0 && !(metrics instanceof PrometheusMetrics)) {
                metrics = new PrometheusMetrics();
            }
            EngineSettings settings = new EngineSettings(config.handlePrefix(), config.jobRetries(),
                    config.workerWakeup(), config.exceptions(), config.maxField(), config.grabWaitMicros(),
                    config.roundRobin());
            JobServerEngine engine = new JobServerEngine(settings, EngineClock.SYSTEM, new EventLoopScheduler(loop, timer),
                    loop, config.persistentQueue(), metrics);
            if (config.persistentQueue() != null) {
                List<StoredJob> rows = config.persistentQueue().replay();
                loop.submit(() -> engine.replay(rows)).syncUninterruptibly();
                LOG.info("replayed {} background jobs from the persistent queue", rows.size());
            }
            metrics.snapshotSource(() -> snapshot(loop, engine));
            if (config.metricsPort() >= 0) {
                metricsServer = MetricsHttpServer.start(new InetSocketAddress(config.listen(), config.metricsPort()),
                        (PrometheusMetrics) metrics);
            }
            ServerChannelInitializer initializer = new ServerChannelInitializer(engine, loop, timer, config.maxPayload(),
                    config.maxField(), config.maxPendingOutput(), config.jobCreatedDelayMicros());
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(acceptGroup, engineGroup)
                    .channel(NioServerSocketChannel.class)
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
            return new JobServer(acceptGroup, engineGroup, loop, timer, engine, channel, initializer,
                    config.persistentQueue(), metricsServer);
        } catch (IOException | RuntimeException e) {
            if (metricsServer != null) {
                metricsServer.close();
            }
            timer.close();
            acceptGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            engineGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            if (config.persistentQueue() != null) {
                config.persistentQueue().close();
            }
            if (e instanceof IllegalStateException ise) {
                throw ise;
            }
            throw new IllegalStateException("job server failed to start: " + e.getMessage(), e);
        }
    }

    private static List<ServerMetrics.FunctionSnapshot> snapshot(EventLoop loop, JobServerEngine engine) {
        if (loop.inEventLoop()) {
            return engine.snapshot();
        }
        try {
            return loop.submit(engine::snapshot).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("no metrics snapshot from the engine", e);
            return List.of();
        }
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The bound metrics port, or -1 when metrics are not served. */
    public int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.port();
    }

    /** The engine, for tests and tools that run code on {@link #engineLoop()}. */
    JobServerEngine engine() {
        return engine;
    }

    EventLoop engineLoop() {
        return engineLoop;
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
        engineLoop.execute(() -> engine.whenIdle(() -> engineLoop.execute(this::close)));
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
            if (!engineLoop.inEventLoop()) {
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
        var engineDone = engineGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        Runnable finish = () -> {
            timer.close();
            if (queue != null) {
                queue.close();
            }
            terminated.complete(null);
        };
        if (engineLoop.inEventLoop()) {
            // cannot wait for our own loop: finish once it has ended
            engineDone.addListener(f -> finish.run());
            return;
        }
        acceptDone.syncUninterruptibly();
        engineDone.syncUninterruptibly();
        finish.run();
    }
}
