package org.gmdb.gearman.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gmdb.gearman.GearmanServerErrorException;
import org.gmdb.gearman.ServerAddress;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;

/**
 * One client request and the future it completes. A connection holds it in its FIFO of
 * requests awaiting a direct reply (JOB_CREATED, STATUS_RES, ...), since a server answers
 * each connection's requests in order.
 *
 * <p>Ownership passes from the client to one connection at a time, through that
 * connection's event loop; the future completes exactly once, whoever gets there first
 * (reply, error, lost connection, timeout).
 */
abstract class Request<T> {

    final CompletableFuture<T> future = new CompletableFuture<>();
    final Packet packet;
    final String description;
    private final Executor completionExecutor;
    private final AtomicBoolean finished = new AtomicBoolean();

    /** Routing state, touched by whichever thread owns the request at the time. */
    int startIndex;
    int triedInRound;
    long deadlineNanos;
    final Map<ServerAddress, String> failures = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    volatile ClientConnection sentTo;
    volatile ScheduledFuture<?> timer;
    /** Where the client tracks unfinished requests, so that close() can fail them; may be null. */
    volatile java.util.Set<Request<?>> registry;

    Request(Packet packet, String description, Executor completionExecutor) {
        this.packet = packet;
        this.description = description;
        this.completionExecutor = completionExecutor;
    }

    /** Whether {@code type} is the direct reply this request waits for. */
    abstract boolean acceptsReply(PacketType type);

    /** The direct reply arrived, on the connection's loop. */
    abstract void onReply(ClientConnection connection, Packet reply);

    /** The connection could not send it (down, connect failed, closed). */
    abstract void onUnsent(ClientConnection connection, Throwable cause);

    /** The connection dropped after sending it and before the direct reply. */
    abstract void onLost(ClientConnection connection, Throwable cause);

    /** The ERROR reply in this request's place. */
    void onError(ClientConnection connection, String code, String text) {
        fail(new GearmanServerErrorException(connection.address(), description, code, text));
    }

    /** Whether a late reply for it may be dropped: the caller already has an outcome. */
    boolean isFinished() {
        return finished.get() || future.isDone();
    }

    boolean complete(T value) {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        finished();
        if (completionExecutor == null) {
            future.complete(value);
        } else {
            completionExecutor.execute(() -> future.complete(value));
        }
        return true;
    }

    boolean fail(Throwable error) {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        finished();
        if (completionExecutor == null) {
            future.completeExceptionally(error);
        } else {
            completionExecutor.execute(() -> future.completeExceptionally(error));
        }
        return true;
    }

    private void finished() {
        cancelTimer();
        java.util.Set<Request<?>> r = registry;
        if (r != null) {
            r.remove(this);
        }
    }

    void cancelTimer() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
