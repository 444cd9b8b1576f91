package org.gmdb.mailclient;

import static org.gmdb.mailclient.Summaries.dated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.gmdb.gearman.Priority;
import org.gmdb.mail.event.query.MalformedQueryException;
import org.gmdb.mail.event.query.MessageSummary;
import org.gmdb.mail.event.query.QueryCodec;
import org.gmdb.mail.event.query.QueryRequest;
import org.gmdb.mail.event.query.QueryResponse;
import org.gmdb.mail.event.query.SearchCriteria;
import org.gmdb.mail.event.query.Sort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SearchFanOutTest {

    private final FakeTransport transport = new FakeTransport();
    private final MailClient client = MailClient.builder().transport(transport)
            .layout(ShardLayout.uniform(3, "a", "b")).build();

    @AfterEach
    void close() {
        client.close();
    }

    private static CompletableFuture<byte[]> answer(QueryResponse response) {
        return CompletableFuture.completedFuture(QueryCodec.encodeResponse(response));
    }

    private static QueryResponse.MessageList list(MessageSummary... messages) {
        return new QueryResponse.MessageList(null, null, List.of(messages), null);
    }

    private static final SearchCriteria ALL_USERS =
            new SearchCriteria(null, null, null, null, "invoice", null, null, null, null, null, null, null);

    @Test
    void shouldAskEveryShardAtHighPriorityWithSortAndLimitPushedDown() throws MalformedQueryException {
        transport.onForeground = call -> answer(list());

        SearchResult result = client.search(ALL_USERS, Sort.DATE, true, 7).join();

        assertTrue(result.complete());
        assertEquals(List.of(1, 2, 3), result.shardsAsked());
        var calls = transport.foreground();
        assertEquals(Set.of("mail1", "mail2", "mail3"), Set.copyOf(calls.stream().map(FakeTransport.Call::function).toList()));
        for (var call : calls) {
            assertEquals(Priority.HIGH, call.priority());
            var request = (QueryRequest.Search) QueryCodec.decodeRequest(call.payload());
            assertEquals(7, request.limit());
            assertEquals(Sort.DATE, request.sort());
            assertTrue(request.descending());
            assertEquals("invoice", request.criteria().subject());
        }
    }

    @Test
    void shouldMergeSortAndCutTheShardsAnswers() {
        Map<String, QueryResponse> answers = Map.of(
                "mail1", list(dated("a@x", 1, 10), dated("a@x", 2, 40)),
                "mail2", list(dated("b@x", 3, 20), dated("b@x", 4, 50)),
                "mail3", list(dated("c@x", 5, 30)));
        transport.onForeground = call -> answer(answers.get(call.function()));

        SearchResult result = client.search(ALL_USERS, Sort.DATE, false, 4).join();

        assertEquals(List.of(10L, 20L, 30L, 40L), result.messages().stream().map(MessageSummary::date).toList());
        assertTrue(result.missingShards().isEmpty());
    }

    @Test
    void shouldNameAShardThatMissedTheDeadlineAndKeepTheOthersAnswers() {
        transport.onForeground = call -> call.function().equals("mail2")
                ? new CompletableFuture<>() // never answers
                : answer(list(dated(call.function() + "@x", call.function().charAt(4), 10)));

        long start = System.nanoTime();
        SearchResult result = client.search(ALL_USERS, Sort.DATE, false, 10, Duration.ofMillis(150)).join();
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(Set.of(2), result.missingShards());
        assertFalse(result.complete());
        ShardError error = result.errors().get(2);
        assertTrue(error.timedOut());
        assertEquals("mail2", error.function());
        assertTrue(error.message().contains("no answer within 150 ms"), error.message());
        assertEquals(2, result.messages().size());
        assertTrue(tookMillis < 5_000, "took " + tookMillis + " ms");
        assertTrue(result.describeMissing().startsWith("1 of 3 shards did not answer: shard 2 (mail2)"),
                result.describeMissing());
    }

    @Test
    void shouldNameAShardThatAnsweredWithAnError() {
        transport.onForeground = call -> call.function().equals("mail3")
                ? answer(new QueryResponse.QueryError("database unavailable"))
                : answer(list());

        SearchResult result = client.search(ALL_USERS, Sort.ARRIVAL, false, 10).join();

        assertEquals(Set.of(3), result.missingShards());
        assertFalse(result.errors().get(3).timedOut());
        assertTrue(result.errors().get(3).message().endsWith("refused: database unavailable"),
                result.errors().get(3).message());
        var e = org.junit.jupiter.api.Assertions.assertThrows(MailQueryException.class, result::requireComplete);
        assertTrue(e.getMessage().contains("shard 3 (mail3)"), e.getMessage());
    }

    @Test
    void shouldNameAShardWhoseJobFailed() {
        transport.onForeground = call -> call.function().equals("mail1")
                ? CompletableFuture.failedFuture(new org.gmdb.gearman.GearmanConnectionException("no job server"))
                : answer(list());

        SearchResult result = client.search(ALL_USERS, Sort.ARRIVAL, false, 10).join();

        assertEquals(Set.of(1), result.missingShards());
        assertTrue(result.errors().get(1).message().endsWith("failed: no job server"), result.errors().get(1).message());
    }

    @Test
    void shouldAskOnlyTheUsersShardWhenTheSearchNamesAUser() throws MalformedQueryException {
        transport.onForeground = call -> answer(list());
        String user = "Alice@Example.COM";
        int shard = client.shardOf(user);

        SearchResult result = client.search(SearchCriteria.ofUser(user), Sort.DATE, false, 5).join();

        assertEquals(List.of(shard), result.shardsAsked());
        assertEquals(1, transport.foreground().size());
        assertEquals("mail" + shard, transport.foreground().get(0).function());
        var request = (QueryRequest.Search) QueryCodec.decodeRequest(transport.foreground().get(0).payload());
        assertEquals("alice@example.com", request.criteria().user());
    }

    @Test
    void shouldFailTheFutureForALimitOverTheStoreCap() {
        var f = client.search(ALL_USERS, Sort.DATE, false, 10_001);
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CompletionException.class, f::join);
        assertEquals("limit 10001 (expected: 1..10000)", e.getCause().getMessage());
        assertTrue(transport.calls.isEmpty());
    }
}
