package org.gmdb.mailstore.store;

import static org.gmdb.schema.shard.Tables.EXPUNGED_UID;
import static org.gmdb.schema.shard.Tables.MESSAGE;
import static org.gmdb.schema.shard.Tables.MESSAGE_FLAG;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.gmdb.mail.event.EventIds;
import org.gmdb.mail.event.Stamp;
import org.gmdb.schema.shard.tables.records.MailboxRecord;
import org.gmdb.schema.shard.tables.records.MessageFlagRecord;
import org.gmdb.schema.shard.tables.records.MessageRecord;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStepN;

/**
 * Message rows within one transaction: the placement register, flags, pending copies, and
 * keeping the replica-local UID/MODSEQ in step with them ({@link #reconcile}).
 *
 * <p>Rows are locked when first read and cached for the transaction; rows it creates are
 * kept in memory and written with one multi-row INSERT by {@link #flush}, which runs
 * before any query that could need them. {@link #prefetch} reads a batch's messages and
 * the copies waiting for them in two queries. Caveat: one instance per transaction, and
 * every change to a row must go through {@link #save}.
 */
final class Messages {

    private record Key(long userId, UUID id) {
    }

    private final DSLContext tx;
    private final Mailboxes mailboxes;
    private final Map<Key, MessageRecord> rows = new HashMap<>();
    /** Keys looked up and known not to be in the database (nor created yet). */
    private final Set<Key> absent = new HashSet<>();
    // By identity: records compare by value, which changes as they are filled in.
    private final Set<MessageRecord> unsaved = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Sources prefetched with their waiting copies: their copies are all known here. */
    private final Map<Key, List<MessageRecord>> waitingCopies = new HashMap<>();

    Messages(DSLContext tx, Mailboxes mailboxes) {
        this.tx = tx;
        this.mailboxes = mailboxes;
    }

    /**
     * Locks and caches the messages of these ids and the copies waiting for their content,
     * so that {@link #row} and {@link #fill} need no query of their own for them.
     */
    void prefetch(Map<Long, ? extends Collection<UUID>> idsByUser) {
        if (idsByUser.isEmpty()) {
            return;
        }
        List<byte[]> keys = new ArrayList<>();
        for (Map.Entry<Long, ? extends Collection<UUID>> e : idsByUser.entrySet()) {
            for (UUID id : e.getValue()) {
                keys.add(EventIds.toBytes(id));
                absent.add(new Key(e.getKey(), id));
                waitingCopies.put(new Key(e.getKey(), id), new ArrayList<>());
            }
        }
        // One query for all users: ids are unique, the user filter only keeps to the key's order.
        for (MessageRecord r : tx.selectFrom(MESSAGE).where(MESSAGE.USER_ID.in(idsByUser.keySet()))
                .and(MESSAGE.ID.in(keys)).forUpdate().fetch()) {
            adopt(r);
        }
        for (MessageRecord r : tx.selectFrom(MESSAGE).where(MESSAGE.USER_ID.in(idsByUser.keySet()))
                .and(MESSAGE.COPY_OF.in(keys)).and(MESSAGE.CONTENT_ID.isNull()).and(MESSAGE.PURGED.isFalse())
                .forUpdate().fetch()) {
            MessageRecord copy = adopt(r);
            waitFor(copy);
        }
    }

    /** The cached row for a fetched one, so each row has one record in this transaction. */
    private MessageRecord adopt(MessageRecord fetched) {
        Key key = new Key(fetched.getUserId(), EventIds.fromBytes(fetched.getId()));
        absent.remove(key);
        return rows.computeIfAbsent(key, k -> fetched);
    }

    /** The message row, created empty (no content, no placement) if missing. */
    MessageRecord row(long userId, UUID id) {
        MessageRecord row = find(userId, id);
        if (row == null) {
            row = tx.newRecord(MESSAGE);
            row.setUserId(userId);
            row.setId(EventIds.toBytes(id));
            row.setPlaceExpunged(false);
            row.setPurged(false);
            Key key = new Key(userId, id);
            absent.remove(key);
            rows.put(key, row);
            unsaved.add(row);
        }
        return row;
    }

    /** The message row, locked, or null if there is none. */
    MessageRecord find(long userId, UUID id) {
        Key key = new Key(userId, id);
        MessageRecord row = rows.get(key);
        if (row != null || absent.contains(key)) {
            return row;
        }
        row = tx.selectFrom(MESSAGE).where(MESSAGE.USER_ID.eq(userId)).and(MESSAGE.ID.eq(EventIds.toBytes(id)))
                .forUpdate().fetchOne();
        if (row == null) {
            absent.add(key);
            return null;
        }
        return adopt(row);
    }

    /** Writes a changed row now, or leaves a new one for {@link #flush}. */
    void save(MessageRecord row) {
        if (!unsaved.contains(row)) {
            row.update();
        }
    }

    /** Marks a copy of a prefetched source as waiting for it. */
    void waitFor(MessageRecord copy) {
        List<MessageRecord> waiting = waitingCopies.get(new Key(copy.getUserId(), EventIds.fromBytes(copy.getCopyOf())));
        if (waiting != null) {
            waiting.add(copy);
        }
    }

    /** Inserts the rows created since the last flush, in one statement. */
    void flush() {
        if (unsaved.isEmpty()) {
            return;
        }
        // Plain INSERT: Connector/J refuses the RETURNING a record insert would add.
        InsertValuesStepN<MessageRecord> insert = tx.insertInto(MESSAGE).columns(MESSAGE.fields());
        for (MessageRecord r : unsaved) {
            insert = insert.values(r.intoArray());
        }
        insert.execute();
        for (MessageRecord r : unsaved) {
            r.changed(false);
        }
        unsaved.clear();
    }

    /**
     * Offers a placement (a mailbox name, or null for expunged) to the LWW register; a purged
     * message keeps none. Equal stamps come only from versions of one conflicting event: a
     * mailbox beats expunged (keep the data), else the lower name wins, so the order they
     * arrive in does not matter.
     */
    void offerPlacement(MessageRecord row, String mailbox, Stamp stamp) {
        Stamp current = Mailboxes.stampOf(row.getPlaceTs(), row.getPlaceEid());
        boolean tieWon = stamp.equals(current) && mailbox != null
                && (row.getPlaceExpunged() || mailbox.compareTo(row.getPlaceName()) < 0);
        if (!row.getPurged() && (stamp.isAfter(current) || tieWon)) {
            row.setPlaceName(mailbox);
            row.setPlaceExpunged(mailbox == null);
            row.setPlaceTs(stamp.ts());
            row.setPlaceEid(EventIds.toBytes(stamp.id()));
            save(row);
        }
    }

    /** Records an expunge in the message's first-expunge register (the earliest one's timestamp counts). */
    void offerExpunge(MessageRecord row, long ts) {
        if (!row.getPurged() && (row.getFirstExpungeTs() == null || ts < row.getFirstExpungeTs())) {
            row.setFirstExpungeTs(ts);
            save(row);
        }
    }

    /**
     * Offers a flag value to its LWW register; a visible message whose flag changed gets a new
     * MODSEQ. At equal stamps (versions of one conflicting event) "set" wins. A purged message
     * keeps no flags.
     */
    void offerFlag(long userId, UUID messageId, String flag, boolean set, Stamp stamp) {
        if (isPurged(userId, messageId)) {
            return;
        }
        byte[] key = EventIds.toBytes(messageId);
        MessageFlagRecord f = tx.selectFrom(MESSAGE_FLAG).where(MESSAGE_FLAG.USER_ID.eq(userId))
                .and(MESSAGE_FLAG.MESSAGE_ID.eq(key)).and(MESSAGE_FLAG.FLAG.eq(flag)).forUpdate().fetchOne();
        boolean before;
        if (f == null) {
            before = false;
            tx.insertInto(MESSAGE_FLAG, MESSAGE_FLAG.USER_ID, MESSAGE_FLAG.MESSAGE_ID, MESSAGE_FLAG.FLAG,
                    MESSAGE_FLAG.IS_SET, MESSAGE_FLAG.TS, MESSAGE_FLAG.EID)
                    .values(userId, key, flag, set, stamp.ts(), EventIds.toBytes(stamp.id())).execute();
        } else {
            Stamp was = new Stamp(f.getTs(), EventIds.fromBytes(f.getEid()));
            if (!stamp.isAfter(was) && !(set && !f.getIsSet() && stamp.equals(was))) {
                return;
            }
            before = f.getIsSet();
            f.setIsSet(set);
            f.setTs(stamp.ts());
            f.setEid(EventIds.toBytes(stamp.id()));
            f.update();
        }
        if (before != set) {
            MessageRecord m = find(userId, messageId);
            if (m != null && m.getMailboxId() != null) {
                m.setModseq(mailboxes.nextModseq(m.getMailboxId()));
                save(m);
            }
        }
    }

    /** Whether the message is a purged tombstone (a message never seen is not). */
    boolean isPurged(long userId, UUID id) {
        MessageRecord row = find(userId, id);
        return row != null && row.getPurged();
    }

    /**
     * Gives content to a message that has none (unless purged), then to every pending copy of it (and
     * copies of those), each with the source's internal date; reconciles all of them.
     */
    void fill(MessageRecord row, byte[] contentId, long internalDate) {
        if (row.getPurged()) {
            return;
        }
        Deque<MessageRecord> todo = new ArrayDeque<>();
        if (row.getContentId() == null) {
            row.setContentId(contentId);
            row.setInternalDate(internalDate);
            save(row);
        }
        todo.add(row);
        while (!todo.isEmpty()) {
            MessageRecord source = todo.poll();
            reconcile(source);
            for (MessageRecord copy : copiesWaitingFor(source)) {
                copy.setContentId(source.getContentId());
                copy.setInternalDate(source.getInternalDate());
                save(copy);
                todo.add(copy);
            }
        }
    }

    /**
     * Gives a message another content (or none, with a null id), and so every copy made of
     * it, and copies of those; reconciles them. For an event id whose versions conflict: its
     * message follows the winning version whichever version it was first made from. A purged
     * message stays without content, but copies made of it still follow.
     */
    void replaceContent(MessageRecord row, byte[] contentId, Long internalDate) {
        Deque<MessageRecord> todo = new ArrayDeque<>(List.of(row));
        Set<Key> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            MessageRecord m = todo.poll();
            if (!seen.add(new Key(m.getUserId(), EventIds.fromBytes(m.getId())))) {
                continue;
            }
            boolean changed = !m.getPurged()
                    && (!Arrays.equals(m.getContentId(), contentId) || !Objects.equals(m.getInternalDate(), internalDate));
            if (changed) {
                m.setContentId(contentId);
                m.setInternalDate(internalDate);
                save(m);
            }
            if (changed || m.getPurged()) {
                flush();
                for (MessageRecord copy : tx.selectFrom(MESSAGE).where(MESSAGE.USER_ID.eq(m.getUserId()))
                        .and(MESSAGE.COPY_OF.eq(m.getId())).forUpdate().fetch()) {
                    todo.add(adopt(copy));
                }
            }
            reconcile(m);
        }
    }

    private List<MessageRecord> copiesWaitingFor(MessageRecord source) {
        List<MessageRecord> known = waitingCopies.get(new Key(source.getUserId(), EventIds.fromBytes(source.getId())));
        List<MessageRecord> out = new ArrayList<>();
        if (known != null) {
            for (MessageRecord copy : known) {
                if (copy.getContentId() == null && !copy.getPurged()) {
                    out.add(copy);
                }
            }
            return out;
        }
        flush();
        for (MessageRecord copy : tx.selectFrom(MESSAGE).where(MESSAGE.USER_ID.eq(source.getUserId()))
                .and(MESSAGE.COPY_OF.eq(source.getId())).and(MESSAGE.CONTENT_ID.isNull()).and(MESSAGE.PURGED.isFalse())
                .forUpdate().fetch()) {
            out.add(adopt(copy));
        }
        return out;
    }

    /** The rows, locked, whose placement may resolve differently after a rename stamped {@code ts}. */
    List<MessageRecord> placedUpTo(long userId, long ts) {
        flush();
        List<MessageRecord> out = new ArrayList<>();
        for (MessageRecord row : tx.selectFrom(MESSAGE).where(MESSAGE.USER_ID.eq(userId))
                .and(MESSAGE.PLACE_NAME.isNotNull()).and(MESSAGE.PLACE_TS.le(ts)).forUpdate().fetch()) {
            out.add(adopt(row));
        }
        return out;
    }

    /**
     * Locks and returns up to {@code limit} messages not purged yet whose first expunge is
     * stamped at or before {@code cutoffTs}, in key order (so two purges do not deadlock).
     */
    List<MessageRecord> purgeable(long cutoffTs, int limit) {
        flush();
        List<MessageRecord> out = new ArrayList<>();
        for (MessageRecord row : tx.selectFrom(MESSAGE).where(MESSAGE.PURGED.isFalse())
                .and(MESSAGE.FIRST_EXPUNGE_TS.le(cutoffTs)).orderBy(MESSAGE.USER_ID, MESSAGE.ID).limit(limit)
                .forUpdate().fetch()) {
            out.add(adopt(row));
        }
        return out;
    }

    /**
     * Makes the message a purged tombstone: no content, no internal date, out of its mailbox
     * (leaving a UID tombstone there). Its identity, registers and copy source stay, so that
     * later events for it find it and change nothing. The caller deletes its flags and content.
     */
    void purge(MessageRecord row) {
        row.setPurged(true);
        row.setContentId(null);
        row.setInternalDate(null);
        save(row);
        reconcile(row);
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
        save(row);
    }

}
