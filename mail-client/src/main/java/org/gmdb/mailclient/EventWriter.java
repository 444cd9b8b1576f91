package org.gmdb.mailclient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.gmdb.gearman.Priority;
import org.gmdb.mail.event.EventCodec;
import org.gmdb.mail.event.MailEvent;
import org.gmdb.mail.route.FunctionNames;

/**
 * Sends one write event to every replica of its user's shard and waits for the requested
 * durability.
 *
 * <p>For each replica R of shard N: a background job to {@code mail<N>@<R>} whose unique is
 * the event id, so the job server keeps it in its persistent queue until R's worker takes
 * it. For {@link Durability#ONE} and {@link Durability#ALL}, once that job is accepted, a
 * foreground job with the same function, unique and payload: the job server coalesces it
 * with the queued or running background job and hands us its WORK_COMPLETE; if that job
 * already finished, the new one is applied again as a no-op (the event id is known) and
 * completes all the same.
 *
 * <p>Caveat: a replica that is down makes ALL wait until the apply timeout, then fail; the
 * event stays queued for that replica, so it still arrives when the replica returns.
 */
final class EventWriter {

    private final MailTransport transport;
    private final ShardLayout layout;
    private final Duration applyTimeout;

    EventWriter(MailTransport transport, ShardLayout layout, Duration applyTimeout) {
        this.transport = transport;
        this.layout = layout;
        this.applyTimeout = applyTimeout;
    }

    /** Completes with the receipt once durable, else fails with a {@link WriteException} holding the receipt. */
    CompletableFuture<WriteReceipt> write(MailEvent event, Durability durability) {
        Objects.requireNonNull(durability, "durability");
        int shard = layout.shardOf(event.user());
        List<String> replicas = layout.replicas(shard);
        byte[] payload = EventCodec.encode(event);
        String unique = event.id().toString();
        Progress progress = new Progress(event, shard, replicas, durability);
        for (String replica : replicas) {
            String function = FunctionNames.replica(shard, replica);
            CompletableFuture<String> queued;
            try {
                queued = transport.submitBackground(function, unique, payload);
            } catch (RuntimeException e) {
                queued = CompletableFuture.failedFuture(e);
            }
            queued.whenComplete((handle, error) -> {
                progress.queued(replica, function, error);
                if (error == null && durability != Durability.QUEUED) {
                    CompletableFuture<byte[]> applied;
                    try {
                        applied = transport.submit(function, unique, payload, Priority.NORMAL, applyTimeout);
                    } catch (RuntimeException e) {
                        applied = CompletableFuture.failedFuture(e);
                    }
                    applied.whenComplete((result, e) -> progress.applied(replica, function, e));
                }
            });
        }
        return progress.result;
    }

    /** The state of one event's submissions; completes {@code result} once the outcome is known. */
    private static final class Progress {
        final CompletableFuture<WriteReceipt> result = new CompletableFuture<>();
        private final MailEvent event;
        private final int shard;
        private final List<String> replicas;
        private final Durability durability;
        private final List<String> queued = new ArrayList<>();
        private final List<String> applied = new ArrayList<>();
        private final Map<String, String> failures = new LinkedHashMap<>();
        private int queueAnswers;
        private int applyAnswers;
        private Throwable firstError;

        Progress(MailEvent event, int shard, List<String> replicas, Durability durability) {
            this.event = event;
            this.shard = shard;
            this.replicas = replicas;
            this.durability = durability;
        }

        synchronized void queued(String replica, String function, Throwable error) {
            queueAnswers++;
            if (error == null) {
                queued.add(replica);
            } else {
                fail(replica, "not queued at " + function + ": ", error);
                if (durability != Durability.QUEUED) {
                    applyAnswers++; // no foreground job follows a failed background one
                }
            }
            settle();
        }

        synchronized void applied(String replica, String function, Throwable error) {
            applyAnswers++;
            if (error == null) {
                applied.add(replica);
            } else {
                fail(replica, "queued, but not confirmed applied by " + function + ": ", error);
            }
            settle();
        }

        private void fail(String replica, String what, Throwable error) {
            Throwable cause = unwrap(error);
            firstError = firstError == null ? cause : firstError;
            failures.put(replica, what + cause.getMessage());
        }

        private void settle() {
            if (result.isDone()) {
                return;
            }
            int n = replicas.size();
            boolean allQueueAnswers = queueAnswers == n;
            boolean done = switch (durability) {
                case QUEUED -> allQueueAnswers;
                // ONE needs every replica queued and one applied; stop early once that holds or cannot
                case ONE -> allQueueAnswers && (!applied.isEmpty() || applyAnswers == n || queued.size() < n);
                case ALL -> allQueueAnswers && (applyAnswers == n || queued.size() < n);
            };
            if (!done) {
                return;
            }
            WriteReceipt receipt = new WriteReceipt(event.id(), event.user(), event.op(), shard, durability, replicas,
                    order(queued), order(applied), failures);
            if (receipt.durable()) {
                result.complete(receipt);
            } else {
                result.completeExceptionally(new WriteException(receipt, firstError));
            }
        }

        /** Replica names in topology order, whatever order the answers came in. */
        private List<String> order(List<String> names) {
            return replicas.stream().filter(names::contains).toList();
        }
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
