package org.gmdb.gearman.client;

/**
 * A job server's answer to GET_STATUS (by handle) or GET_STATUS_UNIQUE (by unique).
 * A finished job reads as unknown: servers keep nothing about finished jobs.
 *
 * @param key            the handle or unique asked about
 * @param known          whether the server holds the job (queued or running)
 * @param running        whether a worker has it
 * @param numerator      the last WORK_STATUS numerator (0 if none)
 * @param denominator    the last WORK_STATUS denominator (0 if none)
 * @param waitingClients foreground clients attached (GET_STATUS_UNIQUE only; -1 for GET_STATUS)
 */
public record JobStatus(String key, boolean known, boolean running, long numerator, long denominator,
        long waitingClients) {

    static JobStatus unknown(String key, boolean byUnique) {
        return new JobStatus(key, false, false, 0, 0, byUnique ? 0 : -1);
    }
}
