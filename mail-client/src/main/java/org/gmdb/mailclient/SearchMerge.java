package org.gmdb.mailclient;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.gmdb.mail.event.query.MessageSummary;

/**
 * The "reduce" of a search: the shards' answers, each already sorted and cut to the limit,
 * become one list: sorted, de-duplicated by message id (the first in order wins), cut to
 * the limit.
 *
 * <p>Caveat: duplicates only occur while a user's mail is on two shards (resharding) or when
 * answers overlap; after de-duplication the list may be shorter than the limit although more
 * matching messages exist further down a shard's list.
 */
public final class SearchMerge {

    private SearchMerge() {
    }

    public static List<MessageSummary> merge(Collection<List<MessageSummary>> shardAnswers,
            Comparator<MessageSummary> order, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit + " (expected: >= 1)");
        }
        List<MessageSummary> all = new ArrayList<>();
        for (List<MessageSummary> answer : shardAnswers) {
            all.addAll(answer);
        }
        all.sort(order);
        List<MessageSummary> out = new ArrayList<>(Math.min(limit, all.size()));
        Set<UUID> seen = new HashSet<>();
        for (MessageSummary m : all) {
            if (out.size() == limit) {
                break;
            }
            if (seen.add(m.id())) {
                out.add(m);
            }
        }
        return out;
    }
}
