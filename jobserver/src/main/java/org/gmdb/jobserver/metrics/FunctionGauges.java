package org.gmdb.jobserver.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.gmdb.jobserver.metrics.ServerMetrics.FunctionSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-function gauges (queued, running, workers), made at scrape time from ONE call of the
 * engine's snapshot source, so the three agree with each other and the engine is asked once.
 * Functions past the label cap are summed under "other".
 *
 * <p>Caveat: until a source is set, and when the source throws, the gauges have no series.
 */
final class FunctionGauges implements MultiCollector {

    private static final Logger LOG = LoggerFactory.getLogger(FunctionGauges.class);

    private final String queuedName;
    private final String runningName;
    private final String workersName;
    private final FunctionLabels labels;
    private volatile Supplier<List<FunctionSnapshot>> source = List::of;

    FunctionGauges(String prefix, FunctionLabels labels) {
        this.queuedName = prefix + "jobs_queued";
        this.runningName = prefix + "jobs_running";
        this.workersName = prefix + "workers";
        this.labels = labels;
    }

    void source(Supplier<List<FunctionSnapshot>> source) {
        this.source = source == null ? List::of : source;
    }

    @Override
    public MetricSnapshots collect() {
        // Sorted, so a scrape lists functions in a stable order.
        Map<String, long[]> byLabel = new TreeMap<>();
        for (FunctionSnapshot f : snapshot()) {
            long[] sums = byLabel.computeIfAbsent(labels.label(f.function()), k -> new long[3]);
            sums[0] += f.queued();
            sums[1] += f.running();
            sums[2] += f.workers();
        }
        GaugeSnapshot.Builder queued = GaugeSnapshot.builder().name(queuedName)
                .help("Jobs waiting for a worker, by function");
        GaugeSnapshot.Builder running = GaugeSnapshot.builder().name(runningName)
                .help("Jobs a worker is running, by function");
        GaugeSnapshot.Builder workers = GaugeSnapshot.builder().name(workersName)
                .help("Connected workers able to run the function");
        for (Map.Entry<String, long[]> e : byLabel.entrySet()) {
            Labels l = Labels.of("function", e.getKey());
            queued.dataPoint(point(l, e.getValue()[0]));
            running.dataPoint(point(l, e.getValue()[1]));
            workers.dataPoint(point(l, e.getValue()[2]));
        }
        return MetricSnapshots.of(queued.build(), running.build(), workers.build());
    }

    private List<FunctionSnapshot> snapshot() {
        try {
            return source.get();
        } catch (RuntimeException e) {
            // The counters are still worth serving; the gauges skip this scrape.
            LOG.warn("function snapshot failed, per-function gauges left out of this scrape", e);
            return List.of();
        }
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(queuedName, runningName, workersName);
    }

    private static GaugeDataPointSnapshot point(Labels labels, long value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}
