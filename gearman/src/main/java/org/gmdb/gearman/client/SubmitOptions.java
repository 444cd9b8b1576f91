package org.gmdb.gearman.client;

import java.time.Duration;
import java.util.Objects;
import org.gmdb.gearman.Priority;

/**
 * How to submit a foreground job: unique key, priority, a listener for intermediate packets,
 * and how long to wait for the result. Immutable; each {@code with} method returns a copy.
 *
 * <p>A null unique (the default) makes the client generate a UUID, as libgearman does, so
 * the job coalesces with nothing; an empty unique is sent empty (gearmand never coalesces it).
 */
public final class SubmitOptions {

    public static final SubmitOptions DEFAULT = new SubmitOptions(null, Priority.NORMAL, JobListener.NONE, null);

    private final String unique;
    private final Priority priority;
    private final JobListener listener;
    private final Duration timeout;

    private SubmitOptions(String unique, Priority priority, JobListener listener, Duration timeout) {
        this.unique = unique;
        this.priority = Objects.requireNonNull(priority, "priority");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.timeout = timeout;
    }

    public static SubmitOptions defaults() {
        return DEFAULT;
    }

    /** Jobs with the same function and unique are run once, and every submitter gets the result. */
    public SubmitOptions unique(String unique) {
        return new SubmitOptions(unique, priority, listener, timeout);
    }

    public SubmitOptions priority(Priority priority) {
        return new SubmitOptions(unique, priority, listener, timeout);
    }

    public SubmitOptions listener(JobListener listener) {
        return new SubmitOptions(unique, priority, listener, timeout);
    }

    /** Longest wait for the result, from submission; null means the client's default job timeout. */
    public SubmitOptions timeout(Duration timeout) {
        return new SubmitOptions(unique, priority, listener, timeout);
    }

    public String unique() {
        return unique;
    }

    public Priority priority() {
        return priority;
    }

    public JobListener listener() {
        return listener;
    }

    public Duration timeout() {
        return timeout;
    }
}
