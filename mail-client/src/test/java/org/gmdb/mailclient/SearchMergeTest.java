package org.gmdb.mailclient;

import static org.gmdb.mailclient.Summaries.dated;
import static org.gmdb.mailclient.Summaries.undated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.gmdb.mail.event.query.MessageSummary;
import org.gmdb.mail.event.query.Sort;
import org.junit.jupiter.api.Test;

class SearchMergeTest {

    private static List<Long> dates(List<MessageSummary> list) {
        return list.stream().map(m -> m.date() != null ? m.date() : m.internalDate()).toList();
    }

    @Test
    void shouldInterleaveSortedShardAnswersIntoOneOrder() {
        var shard1 = List.of(dated("a@x", 1, 10), dated("a@x", 2, 30), dated("a@x", 3, 50));
        var shard2 = List.of(dated("b@x", 4, 20), dated("b@x", 5, 40));

        var merged = SearchMerge.merge(List.of(shard1, shard2), MessageOrder.of(Sort.DATE, false), 10);

        assertEquals(List.of(10L, 20L, 30L, 40L, 50L), dates(merged));
    }

    @Test
    void shouldCutToTheLimitAfterMerging() {
        var shard1 = List.of(dated("a@x", 1, 10), dated("a@x", 2, 30));
        var shard2 = List.of(dated("b@x", 3, 20), dated("b@x", 4, 40));

        var merged = SearchMerge.merge(List.of(shard1, shard2), MessageOrder.of(Sort.DATE, false), 3);

        assertEquals(List.of(10L, 20L, 30L), dates(merged));
    }

    @Test
    void shouldSortDescendingWhenAsked() {
        var shard1 = List.of(dated("a@x", 2, 30), dated("a@x", 1, 10));
        var shard2 = List.of(dated("b@x", 3, 20));

        var merged = SearchMerge.merge(List.of(shard1, shard2), MessageOrder.of(Sort.DATE, true), 2);

        assertEquals(List.of(30L, 20L), dates(merged));
    }

    @Test
    void shouldKeepOneOfTwoCopiesOfTheSameMessageId() {
        // During resharding a user's message may be answered by two shards.
        var shard1 = List.of(dated("a@x", 1, 10), dated("a@x", 2, 20));
        var shard2 = List.of(dated("a@x", 2, 20), dated("b@x", 3, 30));

        var merged = SearchMerge.merge(List.of(shard1, shard2), MessageOrder.of(Sort.DATE, false), 10);

        assertEquals(List.of(Summaries.id(1), Summaries.id(2), Summaries.id(3)),
                merged.stream().map(MessageSummary::id).toList());
    }

    @Test
    void shouldCountTheLimitInDistinctMessagesWhenDuplicatesArrive() {
        var shard1 = List.of(dated("a@x", 1, 10), dated("a@x", 2, 20));
        var shard2 = List.of(dated("a@x", 1, 10), dated("a@x", 2, 20), dated("b@x", 3, 30));

        var merged = SearchMerge.merge(List.of(shard1, shard2), MessageOrder.of(Sort.DATE, false), 3);

        assertEquals(3, merged.size());
        assertEquals(Summaries.id(3), merged.get(2).id());
    }

    @Test
    void shouldSortAMessageWithoutDateHeaderByItsArrival() {
        var shard1 = List.of(dated("a@x", 1, 10), dated("a@x", 2, 30));
        var shard2 = List.of(undated("b@x", 3, 20));

        var merged = SearchMerge.merge(List.of(shard1, shard2), MessageOrder.of(Sort.DATE, false), 10);

        assertEquals(List.of(10L, 20L, 30L), dates(merged));
    }

    @Test
    void shouldBreakTiesByMessageIdAsTheStoreDoes() {
        var shard1 = List.of(dated("a@x", 7, 10));
        var shard2 = List.of(dated("b@x", 5, 10), dated("b@x", 9, 10));

        var merged = SearchMerge.merge(List.of(shard1, shard2), MessageOrder.of(Sort.DATE, false), 10);

        assertEquals(List.of(Summaries.id(5), Summaries.id(7), Summaries.id(9)),
                merged.stream().map(MessageSummary::id).toList());
    }

    @Test
    void shouldMergeWhatAnsweredWhenAShardGaveNothing() {
        var merged = SearchMerge.merge(List.of(List.of(dated("a@x", 1, 10)), List.of()),
                MessageOrder.of(Sort.ARRIVAL, false), 5);

        assertEquals(1, merged.size());
    }

    @Test
    void shouldRefuseALimitBelowOne() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SearchMerge.merge(List.of(), MessageOrder.of(Sort.DATE, false), 0));
        assertEquals("limit 0 (expected: >= 1)", e.getMessage());
    }

    @Test
    void shouldSortByArrivalInsteadOfUidAcrossMailboxes() {
        assertEquals(Sort.ARRIVAL, MessageOrder.effective(Sort.UID, false));
        assertEquals(Sort.UID, MessageOrder.effective(Sort.UID, true));
        assertEquals(Sort.DATE, MessageOrder.effective(null, false));
    }
}
