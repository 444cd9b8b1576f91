package org.gmdb.mailclient;

import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.gmdb.mail.event.query.MessageSummary;

/**
 * The merged answer of a search over shards: the messages, sorted, de-duplicated and cut to
 * the limit, and the shards that did not answer, each with its error. A missing shard is
 * always named here; the messages are then a partial view, never a silent gap.
 *
 * @param messages      merged, in the requested order, at most the limit
 * @param shardsAsked   the shards the search went to, ascending
 * @param errors        per missing shard, why (empty when complete)
 */
public record SearchResult(List<MessageSummary> messages, List<Integer> shardsAsked, SortedMap<Integer, ShardError> errors) {

    public SearchResult {
        messages = List.copyOf(messages);
        shardsAsked = List.copyOf(shardsAsked);
        errors = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(errors));
    }

    /** The shards that gave no answer (failed or timed out), ascending. */
    public SortedSet<Integer> missingShards() {
        return new TreeSet<>(errors.keySet());
    }

    /** Whether every shard asked answered. */
    public boolean complete() {
        return errors.isEmpty();
    }

    /**
     * This result if complete, else a {@link MailQueryException} naming every missing shard.
     */
    public SearchResult requireComplete() {
        if (complete()) {
            return this;
        }
        ShardError first = errors.values().iterator().next();
        throw new MailQueryException(first.shard(), first.function(), describeMissing(), first.timedOut(), first.cause());
    }

    /** E.g. "2 of 4 shards did not answer: shard 2 (mail2): ...; shard 4 (mail4): ...". */
    public String describeMissing() {
        return errors.size() + " of " + shardsAsked.size() + " shards did not answer: " + errors.values().stream()
                .map(e -> "shard " + e.shard() + " (" + e.function() + "): " + e.message())
                .collect(Collectors.joining("; "));
    }
}
