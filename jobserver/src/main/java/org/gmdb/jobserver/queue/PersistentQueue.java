package org.gmdb.jobserver.queue;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Durable storage for background jobs, so that they survive a restart of the job server.
 *
 * <p>Only background jobs are stored. A row is written before the client is told
 * JOB_CREATED, and removed once the job ends (complete, fail, exception, cancel, or dropped
 * by the retry limit). Rows are keyed by an id of the queue's own, never by
 * (function, unique): empty uniques are legal and must not collide.
 *
 * <p>Implementations may batch writes (group commit); the returned stages complete on a
 * thread of the implementation, so callers hop back to their own thread before touching
 * their state.
 */
public interface PersistentQueue extends AutoCloseable {

    /** Stores the job; completes with its row id once it is durable, or exceptionally. */
    CompletionStage<Long> store(StoredJob job);

    /** Removes a row; completes once the delete is durable. Deleting a missing row is fine. */
    CompletionStage<Void> delete(long rowId);

    /** Every stored job, oldest first: called once at start, before connections are served. */
    List<StoredJob> replay();

    @Override
    void close();
}
