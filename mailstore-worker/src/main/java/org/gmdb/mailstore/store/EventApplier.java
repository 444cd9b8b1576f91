package org.gmdb.mailstore.store;

import static org.gmdb.schema.shard.Tables.APPLIED_EVENT;
import static org.gmdb.schema.shard.Tables.MESSAGE_CONTENT;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import org.gmdb.mail.event.EventCodec;
import org.gmdb.mail.event.EventIds;
import org.gmdb.mail.event.MailEvent;
import org.gmdb.mail.event.Stamp;
import org.gmdb.schema.shard.tables.records.AppliedEventRecord;
import org.gmdb.schema.shard.tables.records.MessageContentRecord;
import org.gmdb.schema.shard.tables.records.MessageRecord;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep10;
import org.jooq.InsertValuesStep8;
import org.jooq.Record2;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies write events to one replica's database, a batch per transaction, each event
 * once: an event whose id was applied before is skipped. The result depends only on the
 * set of events, not on their order or repeats; the rules that make it so:
 *
 * <ul>
 *   <li><b>Placement</b> of a message is one last-writer-wins register, ordered by
 *   (timestamp, event id), written by deliver/append/copy (the mailbox it arrives in),
 *   move (the target) and expunge (the value "expunged"). So a move that arrives before its
 *   deliver still wins if it is later; an expunge that arrives before the deliver still
 *   removes the message; a move stamped after an expunge brings the message back (its
 *   writer had not seen the expunge: when in doubt, keep the data).</li>
 *   <li><b>Flags and keywords</b>: one LWW register per (message, flag); deliver, append and
 *   copy set their initial flags at their own stamp. Flag events may precede the message.</li>
 *   <li><b>Copy</b> creates a new message (id = the copy event's id) with the flags named in
 *   the event; its bytes and internal date come from the source, so a copy that arrives
 *   before its source waits, invisible, and appears when the source's content does.</li>
 *   <li><b>Rename</b> A to B at stamp t sends every placement in A stamped before t to B (and
 *   on through later renames of B), whenever the placement arrives; A is deleted and B
 *   exists from t. A deliver to A stamped after t re-creates A.</li>
 *   <li><b>Delete-mailbox</b> only deletes the name (a max-register); it never expunges.
 *   A mailbox is listed if it is INBOX, or was created/touched after its last delete, or
 *   holds a visible message: a delivery racing a delete keeps the mailbox alive with that
 *   message in it. Clients expunge what they saw before deleting a mailbox.</li>
 *   <li><b>Expunge</b> is a tombstone: content stays (a late copy may still need it, and
 *   peers may pull the deliver event from the log) until {@link ExpungedPurge} purges the
 *   message, a retention after its first (earliest) expunge, even if a later move brought it
 *   back. A purged message keeps its identity and registers but loses its content, flags and
 *   place for good: deliver, append, copy onto it, flag, move and expunge events that come
 *   later change nothing of it (their other effects, such as touching a mailbox, apply).</li>
 *   <li><b>Users</b> are created by their first event, each with an INBOX.</li>
 *   <li><b>An id seen again with other content</b> is a conflict, settled by
 *   {@link EventVersions}: every version is kept, the lowest digest holds the id.</li>
 * </ul>
 *
 * <p>UIDs are assigned as messages become visible in a mailbox, UIDNEXT only grows, and
 * every change in a mailbox raises its HIGHESTMODSEQ. Caveat: a message bigger than the
 * database's max_allowed_packet allows is refused with a {@link StoreException}.
 */
public final class EventApplier {

    private static final Logger LOG = LoggerFactory.getLogger(EventApplier.class);
    private static final int DUPLICATE_RETRIES = 3;

    /** The default cap on one message, below what the database may allow. */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 64L * 1024 * 1024;

    private final ShardDatabase db;
    private final long maxMessageSize;

    public EventApplier(ShardDatabase db) {
        this(db, DEFAULT_MAX_MESSAGE_SIZE);
    }

    /** With a cap on message size; the database's max_allowed_packet may lower it further. */
    public EventApplier(ShardDatabase db, long maxMessageSize) {
        this.db = db;
        this.maxMessageSize = maxMessageSize;
    }

    /** The largest message this applier stores: the smaller of its cap and the database's limit. */
    public long maxMessageSize() {
        return Math.min(maxMessageSize, db.maxMessageSize());
    }

    /** How many events of a batch were applied, and how many were seen before. */
    public record Result(int applied, int duplicates) {
    }

    public Result apply(MailEvent event) {
        return apply(List.of(event));
    }

    /**
     * Applies the batch in one transaction. Throws {@link RetryableStoreException} when the
     * database is unreachable (nothing committed), {@link StoreException} for input that can
     * never be applied (the whole batch is rolled back: apply its events one by one to find
     * the bad one).
     */
    public Result apply(List<MailEvent> events) {
        return apply(events, Map.of());
    }

    /**
     * Applies a batch pulled from a peer: as {@link #apply(List)}, with the digests the peer
     * logged its events under, by event (an identity map: two stand-ins may be equal); only
     * those of stand-ins of purged messages are used ({@link EventLog#payloads}), the others
     * are computed here.
     */
    public Result apply(List<MailEvent> events, Map<MailEvent, byte[]> loggedDigests) {
        for (MailEvent e : events) {
            checkSize(e);
        }
        if (EventVersions.repeatsWithOtherContent(events, loggedDigests)) {
            // Each version of an id must meet the one logged before it: a transaction each.
            int applied = 0;
            for (MailEvent e : events) {
                applied += apply(List.of(e), loggedDigests).applied();
            }
            return new Result(applied, events.size() - applied);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return db.dsl().transactionResult(cfg -> applyAll(cfg.dsl(), events, loggedDigests));
            } catch (RuntimeException e) {
                SqlErrors.Kind kind = SqlErrors.classify(e);
                if ((kind == SqlErrors.Kind.DUPLICATE || kind == SqlErrors.Kind.TRANSIENT) && attempt < DUPLICATE_RETRIES) {
                    // Another writer applied one of these events (or we deadlocked with it):
                    // replaying skips what it committed.
                    LOG.debug("replaying batch of {} events after SQLSTATE {}", events.size(), SqlErrors.sqlState(e));
                    continue;
                }
                throw SqlErrors.translate("applying " + events.size() + " events (first " + events.get(0).id() + ")", e);
            }
        }
    }

    private void checkSize(MailEvent e) {
        byte[] message = EventCodec.messageOf(e);
        if (message != null && message.length > maxMessageSize()) {
            String why = maxMessageSize < db.maxMessageSize() ? "the store's cap"
                    : "the database's max_allowed_packet " + db.maxAllowedPacket()
                    + "; raise it with SET GLOBAL max_allowed_packet=1073741824 and reconnect";
            throw new StoreException("message of event " + e.id() + ": size " + message.length + " (expected: <= "
                    + maxMessageSize() + ", set by " + why + ")");
        }
    }

    private Result applyAll(DSLContext tx, List<MailEvent> events, Map<MailEvent, byte[]> loggedDigests) {
        EventVersions versions = new EventVersions(tx);
        List<MailEvent> fresh = record(tx, events, versions, loggedDigests);
        // A losing version of a conflicting id is also applied as a new event, under its derived id.
        List<MailEvent> created = new ArrayList<>(fresh);
        created.addAll(versions.derived);
        List<MailEvent> touching = new ArrayList<>(created);
        touching.addAll(versions.merged);
        Mailboxes mailboxes = new Mailboxes(tx);
        Messages messages = new Messages(tx, mailboxes);
        mailboxes.preload(mailboxesNamed(touching));
        Map<Long, List<UUID>> arrivals = new LinkedHashMap<>();
        for (MailEvent e : touching) {
            long userId = mailboxes.userId(e.user());
            if (e instanceof MailEvent.Deliver || e instanceof MailEvent.Append || e instanceof MailEvent.Copy) {
                arrivals.computeIfAbsent(userId, u -> new ArrayList<>()).add(e.id());
            }
        }
        messages.prefetch(arrivals);
        // A message purged before its deliver (or a winning version of it) arrived gets no bytes back.
        List<MailEvent> withContent = new ArrayList<>(created);
        withContent.addAll(versions.contents);
        storeContents(tx, withContent, maxMessageSize(), e -> !messages.isPurged(mailboxes.userId(e.user()), e.id()));
        for (MailEvent e : created) {
            applyOne(tx, mailboxes, messages, mailboxes.userId(e.user()), e);
        }
        versions.applyMerged(mailboxes, messages);
        messages.flush();
        mailboxes.flush();
        int applied = fresh.size() + versions.merged.size();
        return new Result(applied, events.size() - applied);
    }

    /**
     * Logs the batch's events before applying them, and returns those not applied before
     * (first occurrence of each, in batch order). One query finds the ids logged before,
     * one INSERT logs the rest; it takes their keys' locks, so a concurrent writer of the
     * same events fails on a duplicate key and replays the batch, skipping them. An id
     * logged before with other content goes to {@code versions}. A stand-in of a purged
     * message is logged under the digest its sender gave ({@link EventLog#loggedDigestOf}).
     */
    private static List<MailEvent> record(DSLContext tx, List<MailEvent> events, EventVersions versions,
            Map<MailEvent, byte[]> loggedDigests) {
        Map<UUID, MailEvent> unique = new LinkedHashMap<>();
        for (MailEvent e : events) {
            unique.putIfAbsent(e.id(), e);
        }
        List<byte[]> ids = new ArrayList<>();
        for (UUID id : unique.keySet()) {
            ids.add(EventIds.toBytes(id));
        }
        for (Record2<byte[], byte[]> done : tx.select(APPLIED_EVENT.ID, APPLIED_EVENT.SHA256).from(APPLIED_EVENT)
                .where(APPLIED_EVENT.ID.in(ids)).fetch()) {
            MailEvent seen = unique.remove(EventIds.fromBytes(done.value1()));
            byte[] digest = EventLog.loggedDigestOf(seen, loggedDigests);
            if (done.value2() != null && !Arrays.equals(done.value2(), digest)) {
                versions.add(seen, digest);
            }
        }
        List<MailEvent> fresh = new ArrayList<>(unique.values());
        if (fresh.isEmpty()) {
            return fresh;
        }
        // Keys in one order, so two writers of overlapping batches do not deadlock on them.
        List<MailEvent> sorted = new ArrayList<>(fresh);
        sorted.sort(Comparator.comparing(MailEvent::id));
        InsertValuesStep8<AppliedEventRecord, byte[], Long, Long, String, String, byte[], byte[], byte[]> insert =
                tx.insertInto(APPLIED_EVENT, APPLIED_EVENT.ID, APPLIED_EVENT.TS, APPLIED_EVENT.BUCKET,
                        APPLIED_EVENT.USER_ADDR, APPLIED_EVENT.OP, APPLIED_EVENT.HEADER, APPLIED_EVENT.CONTENT_ID,
                        APPLIED_EVENT.SHA256);
        for (MailEvent e : sorted) {
            boolean hasMessage = EventCodec.messageOf(e) != null;
            insert = insert.values(EventIds.toBytes(e.id()), e.header().timestamp(),
                    EventLog.bucketOf(e.header().timestamp()), e.user(), e.op().wireName(), EventCodec.encodeHeader(e),
                    hasMessage ? EventIds.toBytes(e.id()) : null, EventLog.loggedDigestOf(e, loggedDigests));
        }
        insert.execute();
        return fresh;
    }

    /** The mailbox names each user's events touch (every event's user is there, maybe with none). */
    private static Map<String, Set<String>> mailboxesNamed(List<MailEvent> events) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (MailEvent e : events) {
            Set<String> names = out.computeIfAbsent(e.user(), u -> new TreeSet<>());
            if (e instanceof MailEvent.Deliver d) {
                names.add(d.mailbox());
            } else if (e instanceof MailEvent.Append a) {
                names.add(a.mailbox());
            } else if (e instanceof MailEvent.Copy c) {
                names.add(c.mailbox());
            } else if (e instanceof MailEvent.Move m) {
                names.add(m.mailbox());
            } else if (e instanceof MailEvent.CreateMailbox c) {
                names.add(c.mailbox());
            } else if (e instanceof MailEvent.DeleteMailbox d) {
                names.add(d.mailbox());
            } else if (e instanceof MailEvent.RenameMailbox r) {
                names.add(r.mailbox());
                names.add(r.to());
            }
        }
        return out;
    }

    /**
     * Stores the content of the batch's deliveries and appends with multi-row INSERTs, each
     * holding at most {@code maxBytes} of messages (so it fits in a packet as one message does).
     * The ids are the events', just logged as new: the rows cannot exist yet. Events that
     * {@code wanted} refuses store nothing.
     */
    private static void storeContents(DSLContext tx, List<MailEvent> events, long maxBytes, Predicate<MailEvent> wanted) {
        InsertValuesStep10<MessageContentRecord, byte[], Long, byte[], byte[], String, String, String, String, Long,
                String> insert = null;
        long bytes = 0;
        for (MailEvent e : events) {
            byte[] raw = EventCodec.messageOf(e);
            if (raw == null || !wanted.test(e)) {
                continue;
            }
            if (insert != null && bytes + raw.length > maxBytes) {
                insert.execute();
                insert = null;
            }
            if (insert == null) {
                insert = tx.insertInto(MESSAGE_CONTENT, MESSAGE_CONTENT.ID, MESSAGE_CONTENT.SIZE, MESSAGE_CONTENT.SHA256,
                        MESSAGE_CONTENT.RAW, MESSAGE_CONTENT.HDR_FROM, MESSAGE_CONTENT.HDR_TO, MESSAGE_CONTENT.HDR_CC,
                        MESSAGE_CONTENT.HDR_SUBJECT, MESSAGE_CONTENT.HDR_DATE, MESSAGE_CONTENT.HDR_MESSAGE_ID);
                bytes = 0;
            }
            ParsedHeaders h = HeaderExtractor.extract(raw);
            insert = insert.values(EventIds.toBytes(e.id()), (long) raw.length, sha256(raw), raw, h.from(), h.to(), h.cc(),
                    h.subject(), h.date(), h.messageId());
            bytes += raw.length;
        }
        if (insert != null) {
            insert.execute();
        }
    }

    static void applyOne(DSLContext tx, Mailboxes mailboxes, Messages messages, long userId, MailEvent e) {
        Stamp stamp = e.stamp();
        if (e instanceof MailEvent.Deliver d) {
            arrive(tx, mailboxes, messages, userId, e, d.mailbox(), d.flags(), d.message(), e.header().timestamp());
        } else if (e instanceof MailEvent.Append a) {
            long internalDate = a.internalDate() != null ? a.internalDate() : e.header().timestamp();
            arrive(tx, mailboxes, messages, userId, e, a.mailbox(), a.flags(), a.message(), internalDate);
        } else if (e instanceof MailEvent.Copy c) {
            mailboxes.touch(userId, c.mailbox(), stamp);
            MessageRecord copy = messages.row(userId, c.id());
            if (copy.getPurged()) {
                return;
            }
            copy.setCopyOf(EventIds.toBytes(c.message()));
            messages.save(copy);
            messages.waitFor(copy);
            messages.offerPlacement(copy, c.mailbox(), stamp);
            for (String flag : c.flags()) {
                messages.offerFlag(userId, c.id(), flag, true, stamp);
            }
            MessageRecord source = messages.find(userId, c.message());
            if (source != null && source.getContentId() != null) {
                messages.fill(copy, source.getContentId(), source.getInternalDate());
            } else {
                messages.reconcile(copy);
            }
        } else if (e instanceof MailEvent.SetFlags s) {
            for (UUID m : s.messages()) {
                for (String flag : s.flags()) {
                    messages.offerFlag(userId, m, flag, true, stamp);
                }
            }
        } else if (e instanceof MailEvent.ClearFlags c) {
            for (UUID m : c.messages()) {
                for (String flag : c.flags()) {
                    messages.offerFlag(userId, m, flag, false, stamp);
                }
            }
        } else if (e instanceof MailEvent.Move m) {
            mailboxes.touch(userId, m.mailbox(), stamp);
            for (UUID id : m.messages()) {
                MessageRecord row = messages.row(userId, id);
                messages.offerPlacement(row, m.mailbox(), stamp);
                messages.reconcile(row);
            }
        } else if (e instanceof MailEvent.Expunge x) {
            for (UUID id : x.messages()) {
                MessageRecord row = messages.row(userId, id);
                messages.offerPlacement(row, null, stamp);
                messages.offerExpunge(row, stamp.ts());
                messages.reconcile(row);
            }
        } else if (e instanceof MailEvent.CreateMailbox c) {
            mailboxes.touch(userId, c.mailbox(), stamp);
        } else if (e instanceof MailEvent.DeleteMailbox d) {
            mailboxes.markDeleted(userId, d.mailbox(), stamp);
        } else if (e instanceof MailEvent.RenameMailbox r) {
            rename(tx, mailboxes, messages, userId, r);
        } else {
            throw new StoreException("event " + e.id() + " of unknown type " + e.getClass().getName());
        }
    }

    private static void arrive(DSLContext tx, Mailboxes mailboxes, Messages messages, long userId, MailEvent e,
            String mailbox, Set<String> flags, byte[] raw, long internalDate) {
        Stamp stamp = e.stamp();
        // Stored with the batch's other content by storeContents.
        byte[] contentId = EventIds.toBytes(e.id());
        mailboxes.touch(userId, mailbox, stamp);
        MessageRecord row = messages.row(userId, e.id());
        messages.offerPlacement(row, mailbox, stamp);
        for (String flag : flags) {
            messages.offerFlag(userId, e.id(), flag, true, stamp);
        }
        messages.fill(row, contentId, internalDate);
    }

    private static void rename(DSLContext tx, Mailboxes mailboxes, Messages messages, long userId,
            MailEvent.RenameMailbox r) {
        Stamp stamp = r.stamp();
        mailboxes.addRename(userId, r.id(), r.mailbox(), r.to(), stamp);
        mailboxes.markDeleted(userId, r.mailbox(), stamp);
        mailboxes.touch(userId, r.to(), stamp);
        // Only placements older than the rename can resolve differently now.
        for (MessageRecord row : messages.placedUpTo(userId, stamp.ts())) {
            messages.reconcile(row);
        }
    }

    static byte[] sha256(byte[] raw) {
        return EventLog.sha256().digest(raw);
    }
}
