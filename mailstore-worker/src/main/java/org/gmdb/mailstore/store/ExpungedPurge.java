package org.gmdb.mailstore.store;

import static org.gmdb.schema.shard.Tables.MESSAGE;
import static org.gmdb.schema.shard.Tables.MESSAGE_CONTENT;
import static org.gmdb.schema.shard.Tables.MESSAGE_FLAG;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.gmdb.mail.event.EventIds;
import org.gmdb.schema.shard.tables.records.MessageRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Deletes what expunged messages leave behind once a retention has passed since their
 * first expunge: the message becomes a purged tombstone (see {@link EventApplier}), its
 * flags go, and its bytes go once no other message (a copy) still shows them. The event
 * log keeps every event id, so anti-entropy digests do not change (see
 * {@link EventLog#payloads} for what a peer gets for a purged deliver).
 *
 * <p>Works in batches of a bounded number of messages, one transaction each. Whether a
 * message is purged depends only on the events a replica holds and on the cutoff, and
 * purging is final, so two replicas that purge at different moments end equal once both
 * have purged with the same cutoff. Caveat: an event more than the retention late can no
 * longer bring back what was purged; a copy of a purged message that arrives late stays
 * empty and unseen on that replica.
 */
public final class ExpungedPurge {

    private static final int DEADLOCK_RETRIES = 3;

    private final ShardDatabase db;

    public ExpungedPurge(ShardDatabase db) {
        this.db = db;
    }

    /** What one purge removed. */
    public record Report(long messages, long contents, long bytes, long flags) {

        static final Report NONE = new Report(0, 0, 0, 0);

        Report plus(Report other) {
            return new Report(messages + other.messages, contents + other.contents, bytes + other.bytes,
                    flags + other.flags);
        }
    }

    /**
     * Purges every message whose first expunge is stamped at or before {@code cutoffTs}, in
     * transactions of at most {@code batchSize} messages, and reports the total.
     */
    public Report purgeUpTo(long cutoffTs, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size " + batchSize + " (expected: >= 1)");
        }
        Report total = Report.NONE;
        while (true) {
            Report batch = purgeBatch(cutoffTs, batchSize);
            total = total.plus(batch);
            if (batch.messages() < batchSize) {
                return total;
            }
        }
    }

    /**
     * One transaction: at most {@code batchSize} messages. A deadlock with the applier is
     * retried a few times; throws {@link StoreException} when the batch cannot be purged.
     */
    public Report purgeBatch(long cutoffTs, int batchSize) {
        for (int attempt = 1; ; attempt++) {
            try {
                return db.dsl().transactionResult(cfg -> purge(cfg.dsl(), cutoffTs, batchSize));
            } catch (RuntimeException e) {
                if (SqlErrors.classify(e) != SqlErrors.Kind.TRANSIENT || attempt >= DEADLOCK_RETRIES) {
                    throw SqlErrors.translate("purging up to " + batchSize + " messages expunged at or before "
                            + cutoffTs, e);
                }
            }
        }
    }

    private static Report purge(DSLContext tx, long cutoffTs, int batchSize) {
        Mailboxes mailboxes = new Mailboxes(tx);
        Messages messages = new Messages(tx, mailboxes);
        List<MessageRecord> rows = messages.purgeable(cutoffTs, batchSize);
        if (rows.isEmpty()) {
            return Report.NONE;
        }
        Set<UUID> contents = new LinkedHashSet<>();
        Condition flagsOfRows = DSL.falseCondition();
        for (MessageRecord row : rows) {
            if (row.getContentId() != null) {
                contents.add(EventIds.fromBytes(row.getContentId()));
            }
            flagsOfRows = flagsOfRows.or(MESSAGE_FLAG.USER_ID.eq(row.getUserId()).and(MESSAGE_FLAG.MESSAGE_ID.eq(row.getId())));
            messages.purge(row);
        }
        messages.flush();
        mailboxes.flush();
        int flags = tx.deleteFrom(MESSAGE_FLAG).where(flagsOfRows).execute();
        // Bytes still shown by a message that lives on (a copy) stay.
        List<byte[]> orphans = new ArrayList<>();
        for (UUID content : contents) {
            byte[] id = EventIds.toBytes(content);
            if (!tx.fetchExists(MESSAGE, MESSAGE.CONTENT_ID.eq(id))) {
                orphans.add(id);
            }
        }
        long bytes = 0;
        int deleted = 0;
        if (!orphans.isEmpty()) {
            Long size = tx.select(DSL.sum(MESSAGE_CONTENT.SIZE).cast(Long.class)).from(MESSAGE_CONTENT)
                    .where(MESSAGE_CONTENT.ID.in(orphans)).fetchOne(0, Long.class);
            bytes = size == null ? 0 : size;
            deleted = tx.deleteFrom(MESSAGE_CONTENT).where(MESSAGE_CONTENT.ID.in(orphans)).execute();
        }
        return new Report(rows.size(), deleted, bytes, flags);
    }
}
