package org.gmdb.mailclient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.gmdb.gearman.Priority;

/**
 * A {@link MailTransport} without sockets: records every submission and answers with what
 * the test scripted (by default: background jobs accepted at once, foreground jobs never answered).
 */
final class FakeTransport implements MailTransport {

    /** One submission as the client made it. */
    record Call(boolean background, String function, String unique, byte[] payload, Priority priority, Duration timeout) {
    }

    final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger handles = new AtomicInteger();
    volatile Function<Call, CompletableFuture<String>> onBackground =
            call -> CompletableFuture.completedFuture("H:fake:" + handles.incrementAndGet());
    volatile Function<Call, CompletableFuture<byte[]>> onForeground = call -> new CompletableFuture<>();
    volatile boolean closed;

    @Override
    public CompletableFuture<String> submitBackground(String function, String unique, byte[] payload) {
        Call call = new Call(true, function, unique, payload, Priority.NORMAL, null);
        calls.add(call);
        return onBackground.apply(call);
    }

    @Override
    public CompletableFuture<byte[]> submit(String function, String unique, byte[] payload, Priority priority,
            Duration timeout) {
        Call call = new Call(false, function, unique, payload, priority, timeout);
        calls.add(call);
        return onForeground.apply(call);
    }

    List<Call> background() {
        synchronized (calls) {
            return calls.stream().filter(Call::background).toList();
        }
    }

    List<Call> foreground() {
        synchronized (calls) {
            return calls.stream().filter(c -> !c.background()).toList();
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
