package org.gmdb.mailclient;

import java.util.Comparator;
import org.gmdb.mail.event.EventIds;
import org.gmdb.mail.event.query.MessageSummary;
import org.gmdb.mail.event.query.Sort;

/**
 * The order of message lists, the same as each shard's store sorts them so that merging
 * sorted shard answers gives one sorted list: by the sort key, then by message id (as its
 * 16 bytes), then by user; all reversed for descending.
 *
 * <p>Keys: DATE is the Date: header, or the arrival time when there is none; ARRIVAL is the
 * internal date; UID is the replica's UID and only orders messages of one mailbox (a search
 * across mailboxes or users uses ARRIVAL instead, as the store does).
 */
public final class MessageOrder {

    private MessageOrder() {
    }

    public static Comparator<MessageSummary> of(Sort sort, boolean descending) {
        Comparator<MessageSummary> key = switch (sort) {
            case DATE -> Comparator.comparingLong(m -> m.date() != null ? m.date() : m.internalDate());
            case ARRIVAL -> Comparator.comparingLong(MessageSummary::internalDate);
            case UID -> Comparator.comparingLong(m -> m.uid() != null ? m.uid() : m.internalDate());
        };
        Comparator<MessageSummary> ascending = key
                .thenComparing(MessageSummary::id, EventIds::compare)
                .thenComparing(m -> m.user() == null ? "" : m.user());
        return descending ? ascending.reversed() : ascending;
    }

    /**
     * The sort a search really uses: UID only when it is within one user's one mailbox
     * (else ARRIVAL); null means DATE.
     */
    public static Sort effective(Sort sort, boolean oneMailbox) {
        Sort s = sort == null ? Sort.DATE : sort;
        return s == Sort.UID && !oneMailbox ? Sort.ARRIVAL : s;
    }
}
