package org.gmdb.mailstore.store;

import static org.gmdb.schema.shard.Tables.EXPUNGED_UID;
import static org.gmdb.schema.shard.Tables.MESSAGE;
import static org.gmdb.schema.shard.Tables.MESSAGE_FLAG;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.UUID;
import org.gmdb.mail.event.EventIds;
import org.gmdb.mail.event.Stamp;
import org.gmdb.schema.shard.tables.records.MailboxRecord;
import org.gmdb.schema.shard.tables.records.MessageFlagRecord;
import org.gmdb.schema.shard.tables.records.MessageRecord;
import org.jooq.DSLContext;

/**
 * Message rows within one transaction: the placement register, flags, pending copies, and
 * keeping the replica-local UID/MODSEQ in step with them ({@link #reconcile}).
 */
final class Messages {

    private final DSLContext tx;
    private final Mailboxes mailboxes;

    Messages(DSLContext tx, Mailboxes mailboxes) {
        this.tx = tx;
        this.mailboxes = mailboxes;
    }

    /** The message row, created empty (no content, no placement) if missing. */
    MessageRecord row(long userId, UUID id) {
        byte[] key = EventIds.toBytes(id);
        MessageRecord row = tx.selectFrom(MESSAGE).where(MESSAGE.USER_ID.eq(userId)).and(MESSAGE.ID.eq(key))
                .forUpdate().fetchOne();
        if (row == null) {
            // Plain INSERT: Connector/J refuses the RETURNING a record insert would add.
            tx.insertInto(MESSAGE, MESSAGE.USER_ID, MESSAGE.ID, MESSAGE.PLACE_EXPUNGED).values(userId, key, false).execute();
            row = tx.selectFrom(MESSAGE).where(MESSAGE.USER_ID.eq(userId)).and(MESSAGE.ID.eq(key)).forUpdate().fetchSingle();
        }
        return row;
    }

    /** Offers a placement (a mailbox name, or null for expunged) to the LWW register. */
    void offerPlacement(MessageRecord row, String mailbox, Stamp stamp) {
        if (stamp.isAfter(Mailboxes.stampOf(row.getPlaceTs(), row.getPlaceEid()))) {
            row.setPlaceName(mailbox);
            row.setPlaceExpunged(mailbox == null);
            row.setPlaceTs(stamp.ts());
            row.setPlaceEid(EventIds.toBytes(stamp.id()));
            row.update();
        }
    }

    /** Offers a flag value to its LWW register; a visible message whose flag changed gets a new MODSEQ. */
    void offerFlag(long userId, UUID messageId, String flag, boolean set, Stamp stamp) {
        byte[] key = EventIds.toBytes(messageId);
        MessageFlagRecord f = tx.selectFrom(MESSAGE_FLAG).where(MESSAGE_FLAG.USER_ID.eq(userId))
                .and(MESSAGE_FLAG.MESSAGE_ID.eq(key)).and(MESSAGE_FLAG.FLAG.eq(flag)).forUpdate().fetchOne();
        boolean before;
        if (f == null) {
            before = false;
            tx.insertInto(MESSAGE_FLAG, MESSAGE_FLAG.USER_ID, MESSAGE_FLAG.MESSAGE_ID, MESSAGE_FLAG.FLAG,
                    MESSAGE_FLAG.IS_SET, MESSAGE_FLAG.TS, MESSAGE_FLAG.EID)
                    .values(userId, key, flag, set, stamp.ts(), EventIds.toBytes(stamp.id())).execute();
        } else if (!stamp.isAfter(new Stamp(f.getTs(), EventIds.fromBytes(f.getEid())))) {
            return;
        } else {
            before = f.getIsSet();
            f.setIsSet(set);
            f.setTs(stamp.ts());
            f.setEid(EventIds.toBytes(stamp.id()));
            f.update();
        }
        if (before != set) {
            MessageRecord m = tx.selectFrom(MESSAGE).where(MESSAGE.USER_ID.eq(userId)).and(MESSAGE.ID.eq(key))
                    .forUpdate().fetchOne();
            if (m != null && m.getMailboxId() != null) {
                m.setModseq(mailboxes.nextModseq(m.getMailboxId()));
                m.update();
            }
        }
    }

    /**
     * Gives content to a message that has none, then to every pending copy of it (and
     * copies of those), each with the source's internal date; reconciles all of them.
     */
    void fill(MessageRecord row, byte[] contentId, long internalDate) {
        Deque<MessageRecord> todo = new ArrayDeque<>();
        if (row.getContentId() == null) {
            row.setContentId(contentId);
            row.setInternalDate(internalDate);
            row.update();
        }
        todo.add(row);
        while (!todo.isEmpty()) {
            MessageRecord source = todo.poll();
            reconcile(source);
            for (MessageRecord copy : tx.selectFrom(MESSAGE).where(MESSAGE.USER_ID.eq(source.getUserId()))
                    .and(MESSAGE.COPY_OF.eq(source.getId())).and(MESSAGE.CONTENT_ID.isNull()).forUpdate().fetch()) {
                copy.setContentId(source.getContentId());
                copy.setInternalDate(source.getInternalDate());
                copy.update();
                todo.add(copy);
            }
        }
    }

    /**
     * Brings the replica-local view in line with the logical state: a message is visible
     * when it has content and its placement names a mailbox; it sits in the mailbox its
     * placement resolves to through renames. Leaving a mailbox leaves a tombstone UID with
     * a MODSEQ there; arriving takes a new UID.
     */
    void reconcile(MessageRecord row) {
        Long target = null;
        if (row.getContentId() != null && row.getPlaceName() != null && !row.getPlaceExpunged()) {
            Stamp placed = Mailboxes.stampOf(row.getPlaceTs(), row.getPlaceEid());
            String name = Rename.resolve(mailboxes.renames(row.getUserId()), row.getPlaceName(), placed);
            MailboxRecord mailbox = mailboxes.mailbox(row.getUserId(), name);
            target = mailbox.getId();
        }
        Long current = row.getMailboxId();
        if (Objects.equals(current, target)) {
            return;
        }
        if (current != null) {
            tx.insertInto(EXPUNGED_UID, EXPUNGED_UID.MAILBOX_ID, EXPUNGED_UID.UID, EXPUNGED_UID.MODSEQ,
                    EXPUNGED_UID.MESSAGE_ID)
                    .values(current, row.getUid(), mailboxes.nextModseq(current), row.getId()).execute();
        }
        row.setMailboxId(target);
        row.setUid(target == null ? null : mailboxes.takeUid(target));
        row.setModseq(target == null ? null : mailboxes.nextModseq(target));
        row.update();
    }

}
