package org.gmdb.mailclient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gmdb.gearman.GearmanTimeoutException;
import org.gmdb.gearman.Priority;
import org.gmdb.mail.event.query.MalformedQueryException;
import org.gmdb.mail.event.query.MessageSummary;
import org.gmdb.mail.event.query.QueryCodec;
import org.gmdb.mail.event.query.QueryRequest;
import org.gmdb.mail.event.query.QueryResponse;

/**
 * Sends reads to shards as foreground jobs at HIGH priority (so a write backlog does not
 * starve them) and turns the answers into typed responses; fans a search out to many shards
 * and merges their answers ("map" and "reduce").
 *
 * <p>Every read has a deadline; a shard that misses it, fails, or answers with an error
 * becomes a {@link MailQueryException} (single shard) or a named entry in
 * {@link SearchResult#errors()} (fan-out), never a silent gap.
 *
 * <p>Caveat: a shard whose answer came too late may still run the query to its end; reads
 * change nothing, so that costs only work.
 */
final class ShardQueries {

    private final MailTransport transport;
    private final ShardLayout layout;

    ShardQueries(MailTransport transport, ShardLayout layout) {
        this.transport = transport;
        this.layout = layout;
    }

    /** Asks one shard; completes with the response of the expected type, else a {@link MailQueryException}. */
    <T extends QueryResponse> CompletableFuture<T> ask(int shard, ReadFrom from, QueryRequest request,
            Class<T> expected, Duration deadline) {
        String function;
        try {
            function = functionOf(shard, from);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        byte[] payload = QueryCodec.encodeRequest(request);
        CompletableFuture<byte[]> answer;
        try {
            answer = transport.submit(function, null, payload, Priority.HIGH, deadline);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        // Our own bound as well, in case the transport's timer is longer or absent; on a copy,
        // so the transport's future is left for the transport to complete and clean up.
        long millis = Math.max(1, deadline.toMillis());
        CompletableFuture<T> out = new CompletableFuture<>();
        answer.copy().orTimeout(millis, TimeUnit.MILLISECONDS).whenComplete((bytes, error) -> {
            if (error != null) {
                Throwable cause = EventWriter.unwrap(error);
                boolean timedOut = cause instanceof TimeoutException || cause instanceof GearmanTimeoutException;
                String what = timedOut ? "got no answer within " + millis + " ms" : "failed: " + cause.getMessage();
                out.completeExceptionally(new MailQueryException(shard, function, where(request, shard, function)
                        + " " + what, timedOut, cause));
                return;
            }
            try {
                out.complete(decode(shard, function, request, bytes, expected));
            } catch (MailQueryException e) {
                out.completeExceptionally(e);
            }
        });
        return out;
    }

    /**
     * Sends {@code search} to each of {@code shards} at once; merges whatever answered within the
     * deadline and names the rest. Never completes exceptionally for a shard's failure.
     */
    CompletableFuture<SearchResult> search(List<Integer> shards, ReadFrom from, QueryRequest.Search search,
            int limit, boolean oneMailbox, Duration deadline) {
        Map<Integer, CompletableFuture<QueryResponse.MessageList>> answers = new LinkedHashMap<>();
        for (int shard : shards) {
            answers.put(shard, ask(shard, from, search, QueryResponse.MessageList.class, deadline));
        }
        return CompletableFuture.allOf(answers.values().stream().map(f -> f.handle((v, e) -> null))
                .toArray(CompletableFuture[]::new)).thenApply(ignored -> {
                    List<List<MessageSummary>> lists = new ArrayList<>();
                    Map<Integer, ShardError> errors = new LinkedHashMap<>();
                    answers.forEach((shard, future) -> {
                        try {
                            QueryResponse.MessageList list = future.join();
                            lists.add(list.messages() == null ? List.of() : list.messages());
                        } catch (RuntimeException e) {
                            Throwable cause = EventWriter.unwrap(e);
                            errors.put(shard, cause instanceof MailQueryException q ? ShardError.of(q)
                                    : new ShardError(shard, from.functionFor(shard), String.valueOf(cause.getMessage()),
                                            false, cause));
                        }
                    });
                    var order = MessageOrder.of(MessageOrder.effective(search.sort(), oneMailbox), search.descending());
                    return new SearchResult(SearchMerge.merge(lists, order, limit), shards,
                            new java.util.TreeMap<>(errors));
                });
    }

    private String functionOf(int shard, ReadFrom from) {
        List<String> replicas = layout.replicas(shard);
        if (from.isPinned() && !replicas.contains(from.replicaName())) {
            throw new IllegalArgumentException("shard " + shard + " has no replica '" + from.replicaName()
                    + "' (expected one of " + replicas + ")");
        }
        return from.functionFor(shard);
    }

    private static <T extends QueryResponse> T decode(int shard, String function, QueryRequest request, byte[] bytes,
            Class<T> expected) {
        QueryResponse response;
        try {
            response = QueryCodec.decodeResponse(bytes);
        } catch (MalformedQueryException e) {
            throw new MailQueryException(shard, function, where(request, shard, function) + ": unreadable answer of "
                    + bytes.length + " bytes: " + e.getMessage(), false, e);
        }
        if (response instanceof QueryResponse.QueryError error) {
            throw new MailQueryException(shard, function, where(request, shard, function) + " refused: "
                    + error.error(), false, null);
        }
        if (!expected.isInstance(response)) {
            throw new MailQueryException(shard, function, where(request, shard, function) + ": the answer was "
                    + ReadDescriptions.answer(response.getClass()) + " (expected: " + ReadDescriptions.answer(expected)
                    + ")", false, null);
        }
        return expected.cast(response);
    }

    /** E.g. "listing mailbox 'INBOX' of alice@example.com on shard 1 (mail1)". */
    private static String where(QueryRequest request, int shard, String function) {
        return ReadDescriptions.of(request) + " on shard " + shard + " (" + function + ")";
    }
}
