package org.gmdb.jobserver.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@link ServerMetrics} kept in a Prometheus registry, for {@link MetricsHttpServer}.
 *
 * <p>Series (all prefixed {@value #PREFIX}):
 * <ul>
 *   <li>{@code jobs_submitted_total{function,background}}, {@code jobs_completed_total{function}},
 *       {@code jobs_failed_total{function}}, {@code jobs_retried_total{function}}: counters;</li>
 *   <li>{@code job_duration_seconds{function}}: histogram from submission to the job's end;</li>
 *   <li>{@code connections}: open client and worker connections;</li>
 *   <li>{@code jobs_queued{function}}, {@code jobs_running{function}}, {@code workers{function}}:
 *       gauges read from the engine's snapshot source at scrape time;</li>
 *   <li>{@code queue_backlog}, {@code queue_transactions_total}, {@code queue_rows_inserted_total},
 *       {@code queue_rows_deleted_total}, {@code queue_write_failures_total}: the persistent
 *       queue's writer, read from {@link #persistentQueueSource} at scrape time.</li>
 * </ul>
 *
 * <p>Caveat, label cardinality: function names come from clients, so only the first
 * {@code maxFunctions} distinct names (default {@value #DEFAULT_MAX_FUNCTIONS}) get a series
 * of their own; every later function is counted under {@code function="other"}, also in the
 * gauges, whose values for "other" are summed.
 */
public final class PrometheusMetrics implements ServerMetrics {

    public static final String PREFIX = "gmdb_jobserver_";
    public static final int DEFAULT_MAX_FUNCTIONS = 1000;
    public static final String OTHER_FUNCTION = FunctionLabels.OTHER;

    /** Mail jobs take milliseconds when a replica is up, hours while it is down. */
    private static final double[] DURATION_BUCKETS_SECONDS = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300,
        900, 3600, 14400, 86400};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final FunctionLabels labels;
    private final Counter submitted;
    private final Counter completed;
    private final Counter failed;
    private final Counter retried;
    private final Histogram duration;
    private final Gauge connections;
    private final FunctionGauges functionGauges;
    private volatile Supplier<QueueStats> queueSource = () -> new QueueStats(0, 0, 0, 0, 0);

    public PrometheusMetrics() {
        this(DEFAULT_MAX_FUNCTIONS);
    }

    /** @param maxFunctions distinct function labels before the rest become "other" */
    public PrometheusMetrics(int maxFunctions) {
        this.labels = new FunctionLabels(maxFunctions);
        this.submitted = Counter.builder().name(PREFIX + "jobs_submitted")
                .help("Jobs submitted, by function and whether they run in the background")
                .labelNames("function", "background").register(registry);
        this.completed = Counter.builder().name(PREFIX + "jobs_completed")
                .help("Jobs that ended with WORK_COMPLETE").labelNames("function").register(registry);
        this.failed = Counter.builder().name(PREFIX + "jobs_failed")
                .help("Jobs that ended with WORK_FAIL, WORK_EXCEPTION, a cancel or the retry limit")
                .labelNames("function").register(registry);
        this.retried = Counter.builder().name(PREFIX + "jobs_retried")
                .help("Jobs put back in their queue after their worker was lost or timed out")
                .labelNames("function").register(registry);
        this.duration = Histogram.builder().name(PREFIX + "job_duration").unit(Unit.SECONDS)
                .help("Time from a job's submission to its end (complete or failed)")
                .labelNames("function").classicOnly()
                .classicUpperBounds(DURATION_BUCKETS_SECONDS).register(registry);
        this.connections = Gauge.builder().name(PREFIX + "connections")
                .help("Open client and worker connections").register(registry);
        this.functionGauges = new FunctionGauges(PREFIX, labels);
        registry.register(functionGauges);
        registerQueueMetrics();
    }

    /**
     * Where the persistent queue's writer statistics are read at scrape time
     * ({@code MySqlPersistentQueue::stats}); until set, they read 0.
     */
    public void persistentQueueSource(Supplier<QueueStats> source) {
        this.queueSource = source;
    }

    /** The registry to scrape; {@link MetricsHttpServer} serves it. */
    public PrometheusRegistry registry() {
        return registry;
    }

    private void registerQueueMetrics() {
        GaugeWithCallback.builder().name(PREFIX + "queue_backlog")
                .help("Persistent queue writes waiting for the writer thread")
                .callback(cb -> cb.call(queueSource.get().backlog())).register(registry);
        CounterWithCallback.builder().name(PREFIX + "queue_transactions")
                .help("Persistent queue transactions committed (each holds one or more writes)")
                .callback(cb -> cb.call(queueSource.get().transactions())).register(registry);
        CounterWithCallback.builder().name(PREFIX + "queue_rows_inserted")
                .help("Rows inserted into the persistent queue")
                .callback(cb -> cb.call(queueSource.get().rowsInserted())).register(registry);
        CounterWithCallback.builder().name(PREFIX + "queue_rows_deleted")
                .help("Rows deleted from the persistent queue")
                .callback(cb -> cb.call(queueSource.get().rowsDeleted())).register(registry);
        CounterWithCallback.builder().name(PREFIX + "queue_write_failures")
                .help("Persistent queue writes that failed (database unreachable or refusing)")
                .callback(cb -> cb.call(queueSource.get().failedWrites())).register(registry);
    }

    @Override
    public void jobSubmitted(String function, boolean background) {
        submitted.labelValues(labels.label(function), Boolean.toString(background)).inc();
    }

    @Override
    public void jobCompleted(String function, long nanos) {
        String label = labels.label(function);
        completed.labelValues(label).inc();
        duration.labelValues(label).observe(Math.max(0, nanos) / 1e9);
    }

    @Override
    public void jobFailed(String function, long nanos) {
        String label = labels.label(function);
        failed.labelValues(label).inc();
        duration.labelValues(label).observe(Math.max(0, nanos) / 1e9);
    }

    @Override
    public void jobRetried(String function) {
        retried.labelValues(labels.label(function)).inc();
    }

    @Override
    public void connectionOpened() {
        connections.inc();
    }

    @Override
    public void connectionClosed() {
        connections.dec();
    }

    @Override
    public void snapshotSource(Supplier<List<FunctionSnapshot>> source) {
        functionGauges.source(source);
    }
}
