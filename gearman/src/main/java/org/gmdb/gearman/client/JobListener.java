package org.gmdb.gearman.client;

/**
 * Receives the intermediate packets of a foreground job, in the order the worker sent them.
 *
 * <p>Caveat: called on the connection's IO thread, before the result future completes; it
 * must return quickly and never block (hand work to an executor of your own).
 */
public interface JobListener {

    /** WORK_DATA: a partial result. */
    default void onData(byte[] data) {
    }

    /** WORK_WARNING: a warning the worker chose to send. */
    default void onWarning(byte[] data) {
    }

    /** WORK_STATUS: progress as numerator/denominator, parsed from the worker's text like C's atoi. */
    default void onStatus(long numerator, long denominator) {
    }

    JobListener NONE = new JobListener() {
    };
}
