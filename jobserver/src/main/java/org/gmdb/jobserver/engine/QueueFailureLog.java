package org.gmdb.jobserver.engine;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One line per {@value #INTERVAL_SECONDS} s about persistent-queue failures of one kind, with the
 * reason and how many were left unsaid since the last line: while the queue's database is away
 * every background submission fails, and a stack trace each would bury everything else.
 *
 * <p>Caveat: the reason shown is the first of each interval's failures; the others are counted.
 */
final class QueueFailureLog {

    static final long INTERVAL_SECONDS = 10;

    private final EngineClock clock;
    private final Consumer<String> sink;
    private long lastLineNanos;
    private boolean anyLine;
    private long unsaid;

    QueueFailureLog(EngineClock clock, Consumer<String> sink) {
        this.clock = clock;
        this.sink = sink;
    }

    /** Records a failure; writes {@code what: reason} unless a line was written within the interval. */
    synchronized void failed(String what, Throwable reason) {
        long now = clock.nanos();
        if (anyLine && now - lastLineNanos < TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS)) {
            unsaid++;
            return;
        }
        String more = unsaid == 0 ? "" : " (and " + unsaid + " more like it in the last " + INTERVAL_SECONDS + " s or so)";
        sink.accept(what + more + ": " + describe(reason));
        anyLine = true;
        lastLineNanos = now;
        unsaid = 0;
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "no row id came back";
        }
        Throwable shown = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        return shown.getMessage() != null ? shown.getMessage() : shown.toString();
    }
}
