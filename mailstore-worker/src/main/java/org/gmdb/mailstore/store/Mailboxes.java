package org.gmdb.mailstore.store;

import static org.gmdb.schema.shard.Tables.MAILBOX;
import static org.gmdb.schema.shard.Tables.MAILBOX_RENAME;
import static org.gmdb.schema.shard.Tables.USERS;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.gmdb.mail.event.EventIds;
import org.gmdb.mail.event.Names;
import org.gmdb.mail.event.Stamp;
import org.gmdb.schema.shard.tables.records.MailboxRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.impl.DSL;

/**
 * Users, mailbox rows, renames and the replica-local UID/MODSEQ counters, within one
 * transaction. Mailbox rows are locked on first use and changed in memory: {@link #flush}
 * writes all changed rows in one statement, which saves a round trip per UID, MODSEQ and touch.
 * Caveat: its caches live as long as the transaction; make a new one per transaction,
 * and flush before it commits. {@link #preload} does a batch's lookups in a few queries;
 * whatever it missed is still looked up one at a time.
 */
final class Mailboxes {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DSLContext tx;
    private final Map<String, Long> userIds = new HashMap<>();
    private final Map<Long, List<Rename>> renames = new HashMap<>();
    private final Map<Long, MailboxRecord> byId = new HashMap<>();
    private final Map<String, MailboxRecord> byName = new HashMap<>();
    // By identity: records compare by value, which changes as they are written.
    private final Set<MailboxRecord> changed = Collections.newSetFromMap(new IdentityHashMap<>());

    Mailboxes(DSLContext tx) {
        this.tx = tx;
    }

    /**
     * Resolves a batch's users (creating the missing ones, each with an INBOX), loads their
     * renames, and locks (creating if missing) the named mailboxes, in a handful of queries
     * whatever the batch's size. Keys are taken in sorted order, so two writers of
     * overlapping batches do not deadlock on them.
     *
     * @param namesByUser mailbox names the batch touches, by user address
     */
    void preload(Map<String, ? extends Collection<String>> namesByUser) {
        if (namesByUser.isEmpty()) {
            return;
        }
        Set<String> missing = new TreeSet<>(namesByUser.keySet());
        missing.removeAll(userIds.keySet());
        Map<Long, Set<String>> wanted = new TreeMap<>();
        if (!missing.isEmpty()) {
            fetchUserIds(missing);
            missing.removeAll(userIds.keySet());
        }
        if (!missing.isEmpty()) {
            // Sorted; a concurrent creator of the same user makes this fail on a duplicate, and the batch replays.
            var insert = tx.insertInto(USERS, USERS.ADDRESS);
            for (String address : missing) {
                insert = insert.values(address);
            }
            insert.execute();
            fetchUserIds(missing);
            for (String address : missing) {
                wanted.computeIfAbsent(userIds.get(address), u -> new TreeSet<>()).add(Names.INBOX);
            }
        }
        for (Map.Entry<String, ? extends Collection<String>> e : namesByUser.entrySet()) {
            wanted.computeIfAbsent(userIds.get(e.getKey()), u -> new TreeSet<>()).addAll(e.getValue());
        }
        loadRenames(wanted.keySet());
        lockMailboxes(wanted);
    }

    private void fetchUserIds(Collection<String> addresses) {
        for (Record2<String, Long> r : tx.select(USERS.ADDRESS, USERS.ID).from(USERS).where(USERS.ADDRESS.in(addresses))
                .fetch()) {
            userIds.put(r.value1(), r.value2());
        }
    }

    private void loadRenames(Collection<Long> users) {
        List<Long> unknown = new ArrayList<>();
        for (Long u : users) {
            if (!renames.containsKey(u)) {
                unknown.add(u);
                renames.put(u, new ArrayList<>());
            }
        }
        if (unknown.isEmpty()) {
            return;
        }
        for (Record r : tx.select(MAILBOX_RENAME.USER_ID, MAILBOX_RENAME.FROM_NAME, MAILBOX_RENAME.TO_NAME,
                MAILBOX_RENAME.TS, MAILBOX_RENAME.EVENT_ID).from(MAILBOX_RENAME).where(MAILBOX_RENAME.USER_ID.in(unknown))
                .fetch()) {
            renames.get(r.get(MAILBOX_RENAME.USER_ID)).add(renameOf(r));
        }
    }

    /** Locks the wanted mailboxes in (user, name) order, creating the missing ones with one INSERT. */
    private void lockMailboxes(Map<Long, Set<String>> wanted) {
        Map<Long, Set<String>> unlocked = new TreeMap<>();
        for (Map.Entry<Long, Set<String>> e : wanted.entrySet()) {
            for (String name : e.getValue()) {
                if (!byName.containsKey(e.getKey() + "/" + name)) {
                    unlocked.computeIfAbsent(e.getKey(), u -> new TreeSet<>()).add(name);
                }
            }
        }
        if (unlocked.isEmpty()) {
            return;
        }
        fetchLocked(unlocked);
        Map<Long, Set<String>> absent = new TreeMap<>();
        for (Map.Entry<Long, Set<String>> e : unlocked.entrySet()) {
            for (String name : e.getValue()) {
                if (!byName.containsKey(e.getKey() + "/" + name)) {
                    absent.computeIfAbsent(e.getKey(), u -> new TreeSet<>()).add(name);
                }
            }
        }
        if (absent.isEmpty()) {
            return;
        }
        var insert = tx.insertInto(MAILBOX, MAILBOX.USER_ID, MAILBOX.NAME, MAILBOX.UIDVALIDITY, MAILBOX.UIDNEXT,
                MAILBOX.HIGHESTMODSEQ);
        for (Map.Entry<Long, Set<String>> e : absent.entrySet()) {
            for (String name : e.getValue()) {
                insert = insert.values(e.getKey(), name, newUidValidity(), 1L, 0L);
            }
        }
        insert.execute();
        fetchLocked(absent);
    }

    private void fetchLocked(Map<Long, Set<String>> names) {
        // An OR of (user, names) ranges on the unique key: InnoDB locks exactly these rows, in key order.
        List<Condition> ranges = new ArrayList<>();
        for (Map.Entry<Long, Set<String>> e : names.entrySet()) {
            ranges.add(MAILBOX.USER_ID.eq(e.getKey()).and(MAILBOX.NAME.in(e.getValue())));
        }
        for (MailboxRecord row : tx.selectFrom(MAILBOX).where(DSL.or(ranges)).orderBy(MAILBOX.USER_ID, MAILBOX.NAME)
                .forUpdate().fetch()) {
            if (!byId.containsKey(row.getId())) {
                remember(row);
            }
        }
    }

    private static long newUidValidity() {
        // Random, not a clock: two replicas must not hand out the same UIDVALIDITY for
        // different numberings of the same mailbox.
        return 1L + RANDOM.nextInt(Integer.MAX_VALUE - 1);
    }

    private static Rename renameOf(Record r) {
        return new Rename(r.get(MAILBOX_RENAME.FROM_NAME), r.get(MAILBOX_RENAME.TO_NAME),
                new Stamp(r.get(MAILBOX_RENAME.TS), EventIds.fromBytes(r.get(MAILBOX_RENAME.EVENT_ID))));
    }

    /** The user's id, creating the user (with an INBOX) on first sight. */
    long userId(String address) {
        Long cached = userIds.get(address);
        if (cached != null) {
            return cached;
        }
        Long id = tx.select(USERS.ID).from(USERS).where(USERS.ADDRESS.eq(address)).fetchOne(USERS.ID);
        if (id == null) {
            // No RETURNING: Connector/J refuses MariaDB's INSERT ... RETURNING as a query.
            tx.insertInto(USERS, USERS.ADDRESS).values(address).execute();
            id = tx.select(USERS.ID).from(USERS).where(USERS.ADDRESS.eq(address)).fetchSingle(USERS.ID);
            mailbox(id, Names.INBOX);
        }
        userIds.put(address, id);
        return id;
    }

    /** The mailbox row of this name, created (with a new UIDVALIDITY) if missing. */
    MailboxRecord mailbox(long userId, String name) {
        // Locked FOR UPDATE on first use, so the cached row stays current for this transaction.
        MailboxRecord cached = byName.get(userId + "/" + name);
        if (cached != null) {
            return cached;
        }
        MailboxRecord row = tx.selectFrom(MAILBOX).where(MAILBOX.USER_ID.eq(userId)).and(MAILBOX.NAME.eq(name))
                .forUpdate().fetchOne();
        if (row == null) {
            tx.insertInto(MAILBOX, MAILBOX.USER_ID, MAILBOX.NAME, MAILBOX.UIDVALIDITY, MAILBOX.UIDNEXT,
                    MAILBOX.HIGHESTMODSEQ)
                    .values(userId, name, newUidValidity(), 1L, 0L).execute();
            row = tx.selectFrom(MAILBOX).where(MAILBOX.USER_ID.eq(userId)).and(MAILBOX.NAME.eq(name))
                    .forUpdate().fetchSingle();
        }
        remember(row);
        return row;
    }

    MailboxRecord byId(long mailboxId) {
        MailboxRecord row = byId.get(mailboxId);
        if (row == null) {
            row = tx.selectFrom(MAILBOX).where(MAILBOX.ID.eq(mailboxId)).forUpdate().fetchSingle();
            remember(row);
        }
        return row;
    }

    private void remember(MailboxRecord row) {
        byId.put(row.getId(), row);
        byName.put(row.getUserId() + "/" + row.getName(), row);
    }

    /** Raises the mailbox's "exists since" register to {@code stamp}. */
    void touch(long userId, String name, Stamp stamp) {
        MailboxRecord row = mailbox(userId, name);
        if (stamp.isAfter(stampOf(row.getTouchTs(), row.getTouchEid()))) {
            row.setTouchTs(stamp.ts());
            row.setTouchEid(EventIds.toBytes(stamp.id()));
            changed.add(row);
        }
    }

    /** Raises the mailbox's "deleted at" register to {@code stamp}. */
    void markDeleted(long userId, String name, Stamp stamp) {
        MailboxRecord row = mailbox(userId, name);
        if (stamp.isAfter(stampOf(row.getDeletedTs(), row.getDeletedEid()))) {
            row.setDeletedTs(stamp.ts());
            row.setDeletedEid(EventIds.toBytes(stamp.id()));
            changed.add(row);
        }
    }

    void addRename(long userId, java.util.UUID eventId, String from, String to, Stamp stamp) {
        tx.insertInto(MAILBOX_RENAME, MAILBOX_RENAME.EVENT_ID, MAILBOX_RENAME.USER_ID, MAILBOX_RENAME.FROM_NAME,
                MAILBOX_RENAME.TO_NAME, MAILBOX_RENAME.TS)
                .values(EventIds.toBytes(eventId), userId, from, to, stamp.ts()).execute();
        renames(userId).add(new Rename(from, to, stamp));
    }

    /**
     * Makes the rename logged under {@code eventId} be {@code rename} of {@code userId}, or
     * none when null (versions of one conflicting event id: the winner's rename holds the id).
     */
    void replaceRename(java.util.UUID eventId, long userId, Rename rename) {
        byte[] key = EventIds.toBytes(eventId);
        tx.deleteFrom(MAILBOX_RENAME).where(MAILBOX_RENAME.EVENT_ID.eq(key)).execute();
        for (List<Rename> cached : renames.values()) {
            cached.removeIf(r -> r.stamp().id().equals(eventId));
        }
        if (rename != null) {
            addRename(userId, eventId, rename.from(), rename.to(), rename.stamp());
        }
    }

    List<Rename> renames(long userId) {
        return renames.computeIfAbsent(userId, id -> {
            List<Rename> out = new ArrayList<>();
            for (Record r : tx.select(MAILBOX_RENAME.FROM_NAME, MAILBOX_RENAME.TO_NAME, MAILBOX_RENAME.TS,
                    MAILBOX_RENAME.EVENT_ID).from(MAILBOX_RENAME).where(MAILBOX_RENAME.USER_ID.eq(id)).fetch()) {
                out.add(renameOf(r));
            }
            return out;
        });
    }

    /** Takes the next UID of the mailbox (UIDNEXT only grows). */
    long takeUid(long mailboxId) {
        MailboxRecord row = byId(mailboxId);
        long uid = row.getUidnext();
        row.setUidnext(uid + 1);
        changed.add(row);
        return uid;
    }

    /** Counts one change in the mailbox and returns its new HIGHESTMODSEQ. */
    long nextModseq(long mailboxId) {
        MailboxRecord row = byId(mailboxId);
        long modseq = row.getHighestmodseq() + 1;
        row.setHighestmodseq(modseq);
        changed.add(row);
        return modseq;
    }

    /**
     * Writes every mailbox row changed since the last flush, all in one statement: an
     * INSERT whose every row is a duplicate of a locked row, so it only updates them.
     */
    void flush() {
        if (changed.isEmpty()) {
            return;
        }
        List<MailboxRecord> rows = new ArrayList<>(changed);
        rows.sort(Comparator.comparing(MailboxRecord::getId));
        var insert = tx.insertInto(MAILBOX).columns(MAILBOX.fields());
        for (MailboxRecord row : rows) {
            insert = insert.values(row.intoArray());
        }
        insert.onDuplicateKeyUpdate()
                .set(MAILBOX.UIDNEXT, DSL.excluded(MAILBOX.UIDNEXT))
                .set(MAILBOX.HIGHESTMODSEQ, DSL.excluded(MAILBOX.HIGHESTMODSEQ))
                .set(MAILBOX.TOUCH_TS, DSL.excluded(MAILBOX.TOUCH_TS))
                .set(MAILBOX.TOUCH_EID, DSL.excluded(MAILBOX.TOUCH_EID))
                .set(MAILBOX.DELETED_TS, DSL.excluded(MAILBOX.DELETED_TS))
                .set(MAILBOX.DELETED_EID, DSL.excluded(MAILBOX.DELETED_EID))
                .execute();
        for (MailboxRecord row : rows) {
            row.changed(false);
        }
        changed.clear();
    }

    /**
     * Whether a mailbox shows in listings: INBOX always; others when created or touched
     * after their last delete, or while they hold a visible message.
     */
    static boolean isListed(String name, Stamp touched, Stamp deleted, long visibleMessages) {
        return Names.INBOX.equals(name) || visibleMessages > 0
                || (touched != null && touched.isAfter(deleted));
    }

    static Stamp stampOf(Long ts, byte[] eid) {
        return ts == null || eid == null ? null : new Stamp(ts, EventIds.fromBytes(eid));
    }
}
