package org.gmdb.jobserver.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gmdb.jobserver.queue.PersistentQueue;
import org.gmdb.jobserver.queue.StoredJob;

/**
 * A persistent queue in a map. Writes complete at once, or (with {@link #holdWrites}) only
 * when the test calls {@link #completeWrites}; {@link #failWrites} makes them fail.
 */
public final class InMemoryQueue implements PersistentQueue {

    public final Map<Long, StoredJob> rows = new LinkedHashMap<>();
    public boolean holdWrites;
    public boolean failWrites;
    private final List<Runnable> heldWrites = new ArrayList<>();
    private long nextId = 1;

    @Override
    public synchronized CompletionStage<Long> store(StoredJob job) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        Runnable write = () -> {
            if (failWrites) {
                done.completeExceptionally(new IllegalStateException("disk full (test)"));
                return;
            }
            long id;
            synchronized (this) {
                id = nextId++;
                rows.put(id, job.withRowId(id));
            }
            done.complete(id);
        };
        if (holdWrites) {
            heldWrites.add(write);
        } else {
            write.run();
        }
        return done;
    }

    public void completeWrites() {
        List<Runnable> writes;
        synchronized (this) {
            writes = new ArrayList<>(heldWrites);
            heldWrites.clear();
        }
        writes.forEach(Runnable::run);
    }

    @Override
    public synchronized CompletionStage<Void> delete(long rowId) {
        rows.remove(rowId);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized List<StoredJob> replay() {
        return new ArrayList<>(rows.values());
    }

    @Override
    public void close() {
    }
}
