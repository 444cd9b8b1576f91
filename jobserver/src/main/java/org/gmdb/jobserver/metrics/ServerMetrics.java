package org.gmdb.jobserver.metrics;

import java.util.List;
import java.util.function.Supplier;

/**
 * What the job server reports about itself. The engine calls the event methods on its own
 * thread; implementations must be cheap and thread-safe. Gauges are read at scrape time
 * from the snapshot source, which the engine keeps thread-safe.
 */
public interface ServerMetrics {

    void jobSubmitted(String function, boolean background);

    /** A job ended with WORK_COMPLETE; {@code nanos} since it was created. */
    void jobCompleted(String function, long nanos);

    /** A job ended with WORK_FAIL, WORK_EXCEPTION, cancel or the retry limit. */
    void jobFailed(String function, long nanos);

    /** A job went back to its queue after its worker was lost or timed out. */
    void jobRetried(String function);

    void connectionOpened();

    void connectionClosed();

    /** Where queue depths, running jobs and workers per function are read when scraped. */
    void snapshotSource(Supplier<List<FunctionSnapshot>> source);

    /** One function's state at scrape time. */
    record FunctionSnapshot(String function, long queued, long running, long workers) {
    }

    /** Reports nothing: for tests and for servers started without metrics. */
    ServerMetrics NONE = new ServerMetrics() {
        @Override public void jobSubmitted(String function, boolean background) { }
        @Override public void jobCompleted(String function, long nanos) { }
        @Override public void jobFailed(String function, long nanos) { }
        @Override public void jobRetried(String function) { }
        @Override public void connectionOpened() { }
        @Override public void connectionClosed() { }
        @Override public void snapshotSource(Supplier<List<FunctionSnapshot>> source) { }
    };
}
