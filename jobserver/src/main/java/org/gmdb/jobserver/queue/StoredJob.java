package org.gmdb.jobserver.queue;

/**
 * One background job as the persistent queue keeps it.
 *
 * @param rowId     the queue's own id; 0 before the job is stored
 * @param function  function name, exact bytes
 * @param unique    unique key, exact bytes, may be empty
 * @param priority  0 high, 1 normal, 2 low
 * @param data      the workload
 * @param whenToRun 0, or the unix second at which an epoch job becomes due
 * @param reducer   the reducer of a background reduce job, or null
 */
public record StoredJob(long rowId, byte[] function, byte[] unique, int priority, byte[] data,
                        long whenToRun, byte[] reducer) {

    public StoredJob withRowId(long id) {
        return new StoredJob(id, function, unique, priority, data, whenToRun, reducer);
    }
}
