package org.gmdb.jobserver.metrics;

/**
 * The persistent queue's writer as seen at scrape time.
 *
 * @param backlog      writes waiting for the writer thread
 * @param transactions committed write transactions since start (each holds one or more writes)
 * @param rowsInserted rows inserted since start
 * @param rowsDeleted  rows deleted since start
 * @param failedWrites writes whose stage failed (database unreachable or refusing)
 */
public record QueueStats(long backlog, long transactions, long rowsInserted, long rowsDeleted,
                         long failedWrites) {
}
