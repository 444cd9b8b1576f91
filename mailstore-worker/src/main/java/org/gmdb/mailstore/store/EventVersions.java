package org.gmdb.mailstore.store;

import static org.gmdb.schema.shard.Tables.APPLIED_EVENT;
import static org.gmdb.schema.shard.Tables.EVENT_CONFLICT;
import static org.gmdb.schema.shard.Tables.MESSAGE_CONTENT;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.gmdb.mail.event.EventCodec;
import org.gmdb.mail.event.EventHeader;
import org.gmdb.mail.event.EventIds;
import org.gmdb.mail.event.MailEvent;
import org.gmdb.mail.event.MalformedEventException;
import org.gmdb.schema.shard.tables.records.MessageRecord;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * Versions of one event id that arrived with different content: a conflict, settled the
 * same way on every replica whatever order the versions arrive in, and without losing any:
 *
 * <ul>
 *   <li>The version with the lowest SHA-256 of its canonical payload keeps the id: it is
 *   the one in {@code applied_event}, and the message or rename the id names follows it.</li>
 *   <li>Every other version is kept in {@code event_conflict}, and what it creates (a
 *   message, a copy, a rename) is also created under an id derived from the id and its
 *   digest ({@link #derivedId}): a second message in the mailbox, not a lost one.</li>
 *   <li>The register writes of every version (placement, flags, mailbox registers) apply
 *   at the id's own stamp, as those of any event; {@link Messages} settles equal stamps by
 *   value.</li>
 * </ul>
 *
 * <p>A version arrives directly from a client or from a peer; an id and content seen
 * before is a no-op. Caveat: a version that took the id is first applied as itself, then
 * its effects follow the rule above when a lower digest arrives, so a reader may briefly
 * see the message of the version that later loses the id (it then shows under the derived id).
 * A purged message ({@link ExpungedPurge}) gets no bytes back from any version; a version
 * whose bytes were purged here before it lost the id (more than the retention late) leaves no
 * derived message here, while a replica that still had its bytes keeps one.
 */
final class EventVersions {

    private static final byte[] DERIVED_ID_DOMAIN = "gmdb conflicting version".getBytes(StandardCharsets.US_ASCII);

    private final DSLContext tx;
    /** Versions to apply at the id's stamp, like any event, but without storing content or a rename. */
    final List<MailEvent> merged = new ArrayList<>();
    /** Losing versions re-made under their derived ids: applied as new events, content included. */
    final List<MailEvent> derived = new ArrayList<>();
    /** Versions that took an id from another: their message is the id's content now. */
    final List<MailEvent> contents = new ArrayList<>();
    /** Ids whose versions changed in this transaction. */
    final Set<UUID> ids = new LinkedHashSet<>();

    EventVersions(DSLContext tx) {
        this.tx = tx;
    }

    /**
     * Logs a version of an id already logged with another digest, unless this version is
     * known too, and adds what must be applied to the lists above.
     */
    void add(MailEvent version, byte[] digest) {
        byte[] id = EventIds.toBytes(version.id());
        if (tx.fetchExists(EVENT_CONFLICT, EVENT_CONFLICT.ID.eq(id).and(EVENT_CONFLICT.SHA256.eq(digest)))) {
            return;
        }
        Record logged = tx.select(APPLIED_EVENT.HEADER, APPLIED_EVENT.CONTENT_ID, APPLIED_EVENT.SHA256, MESSAGE_CONTENT.RAW)
                .from(APPLIED_EVENT).leftJoin(MESSAGE_CONTENT).on(MESSAGE_CONTENT.ID.eq(APPLIED_EVENT.CONTENT_ID))
                .where(APPLIED_EVENT.ID.eq(id)).forUpdate().fetchSingle();
        byte[] raw = logged.get(MESSAGE_CONTENT.RAW);
        // A version whose bytes were purged here lives on as its stand-in: it re-creates nothing.
        MailEvent current = raw == null && logged.get(APPLIED_EVENT.CONTENT_ID) != null
                ? EventLog.standIn(logged.get(APPLIED_EVENT.HEADER)) : decode(logged.get(APPLIED_EVENT.HEADER), raw);
        byte[] currentDigest = logged.get(APPLIED_EVENT.SHA256);
        MailEvent loser = version;
        byte[] loserDigest = digest;
        if (Arrays.compareUnsigned(digest, currentDigest) < 0) {
            // The new version takes the id; the one logged so far becomes a conflict.
            loser = current;
            loserDigest = currentDigest;
            boolean carries = EventCodec.messageOf(version) != null;
            tx.update(APPLIED_EVENT).set(APPLIED_EVENT.TS, version.header().timestamp())
                    .set(APPLIED_EVENT.BUCKET, EventLog.bucketOf(version.header().timestamp()))
                    .set(APPLIED_EVENT.USER_ADDR, version.user()).set(APPLIED_EVENT.OP, version.op().wireName())
                    .set(APPLIED_EVENT.HEADER, EventCodec.encodeHeader(version))
                    .set(APPLIED_EVENT.CONTENT_ID, carries ? id : null).set(APPLIED_EVENT.SHA256, digest)
                    .where(APPLIED_EVENT.ID.eq(id)).execute();
            tx.deleteFrom(MESSAGE_CONTENT).where(MESSAGE_CONTENT.ID.eq(id)).execute();
            if (carries) {
                contents.add(version);
            }
        }
        UUID derivedId = derivedId(version.id(), loserDigest);
        boolean carries = EventCodec.messageOf(loser) != null;
        tx.insertInto(EVENT_CONFLICT, EVENT_CONFLICT.ID, EVENT_CONFLICT.SHA256, EVENT_CONFLICT.TS, EVENT_CONFLICT.BUCKET,
                EVENT_CONFLICT.USER_ADDR, EVENT_CONFLICT.OP, EVENT_CONFLICT.HEADER, EVENT_CONFLICT.CONTENT_ID)
                .values(id, loserDigest, loser.header().timestamp(), EventLog.bucketOf(loser.header().timestamp()),
                        loser.user(), loser.op().wireName(), EventCodec.encodeHeader(loser),
                        carries ? EventIds.toBytes(derivedId) : null)
                .execute();
        merged.add(version);
        if (createsSomething(loser)) {
            derived.add(withId(loser, derivedId));
        }
        ids.add(version.id());
    }

    /**
     * Applies the new versions' writes at their id's stamp (a rename's registers only: the
     * rename itself is the winner's), then {@link #settle}s their ids.
     */
    void applyMerged(Mailboxes mailboxes, Messages messages) {
        for (MailEvent v : merged) {
            long userId = mailboxes.userId(v.user());
            if (v instanceof MailEvent.RenameMailbox r) {
                mailboxes.markDeleted(userId, r.mailbox(), r.stamp());
                mailboxes.touch(userId, r.to(), r.stamp());
            } else {
                EventApplier.applyOne(tx, mailboxes, messages, userId, v);
            }
        }
        settle(mailboxes, messages);
    }

    /** Whether the batch holds one id twice with different content. */
    static boolean repeatsWithOtherContent(List<MailEvent> events, Map<MailEvent, byte[]> loggedDigests) {
        Map<UUID, MailEvent> seen = new HashMap<>();
        for (MailEvent e : events) {
            MailEvent before = seen.putIfAbsent(e.id(), e);
            if (before != null && before != e && !Arrays.equals(EventLog.loggedDigestOf(before, loggedDigests),
                    EventLog.loggedDigestOf(e, loggedDigests))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Makes what each settled id names follow the version that holds it: its message's
     * content (or copy source) for the winner's user, none for another user's row (that
     * user's message lives under the derived id), and its rename.
     */
    private void settle(Mailboxes mailboxes, Messages messages) {
        for (UUID id : ids) {
            List<MailEvent> all = versions(id);
            MailEvent winner = all.get(0);
            Set<String> users = new LinkedHashSet<>();
            boolean renamed = false;
            for (MailEvent v : all) {
                users.add(v.user());
                renamed |= v instanceof MailEvent.RenameMailbox;
            }
            for (String user : users) {
                long userId = mailboxes.userId(user);
                MessageRecord row = messages.find(userId, id);
                if (row != null) {
                    follow(messages, row, user.equals(winner.user()) ? winner : null);
                }
            }
            if (renamed) {
                MailEvent.RenameMailbox r = winner instanceof MailEvent.RenameMailbox w ? w : null;
                mailboxes.replaceRename(id, mailboxes.userId(winner.user()),
                        r == null ? null : new Rename(r.mailbox(), r.to(), r.stamp()));
                for (String user : users) {
                    for (MessageRecord row : messages.placedUpTo(mailboxes.userId(user), Long.MAX_VALUE)) {
                        messages.reconcile(row);
                    }
                }
            }
        }
    }

    private static void follow(Messages messages, MessageRecord row, MailEvent winner) {
        byte[] copyOf = null;
        byte[] content = null;
        Long internalDate = null;
        if (winner instanceof MailEvent.Deliver d) {
            content = row.getId();
            internalDate = d.header().timestamp();
        } else if (winner instanceof MailEvent.Append a) {
            content = row.getId();
            internalDate = a.internalDate() != null ? a.internalDate() : a.header().timestamp();
        } else if (winner instanceof MailEvent.Copy c) {
            copyOf = EventIds.toBytes(c.message());
            MessageRecord source = messages.find(row.getUserId(), c.message());
            if (source != null) {
                content = source.getContentId();
                internalDate = source.getInternalDate();
            }
        }
        if (!Arrays.equals(row.getCopyOf(), copyOf)) {
            row.setCopyOf(copyOf);
            messages.save(row);
        }
        messages.replaceContent(row, content, content == null ? null : internalDate);
    }

    /** Every logged version of the id, the one holding it first; messages are left out (empty). */
    private List<MailEvent> versions(UUID id) {
        byte[] key = EventIds.toBytes(id);
        List<MailEvent> out = new ArrayList<>();
        out.add(decode(tx.select(APPLIED_EVENT.HEADER).from(APPLIED_EVENT).where(APPLIED_EVENT.ID.eq(key))
                .fetchSingle(APPLIED_EVENT.HEADER), new byte[0]));
        for (byte[] header : tx.select(EVENT_CONFLICT.HEADER).from(EVENT_CONFLICT).where(EVENT_CONFLICT.ID.eq(key))
                .orderBy(EVENT_CONFLICT.SHA256).fetch(EVENT_CONFLICT.HEADER)) {
            out.add(decode(header, new byte[0]));
        }
        return out;
    }

    private static boolean createsSomething(MailEvent e) {
        return e instanceof MailEvent.Deliver || e instanceof MailEvent.Append || e instanceof MailEvent.Copy
                || e instanceof MailEvent.RenameMailbox;
    }

    /**
     * The id under which a losing version's message, copy or rename is kept: the first 16
     * bytes of SHA-256(domain, id, digest), with the id's 48-bit timestamp in front (so it
     * sorts beside the id) and UUID version 8.
     */
    static UUID derivedId(UUID id, byte[] digest) {
        MessageDigest md = EventLog.sha256();
        md.update(DERIVED_ID_DOMAIN);
        md.update(EventIds.toBytes(id));
        md.update(digest);
        byte[] b = Arrays.copyOf(md.digest(), 16);
        System.arraycopy(EventIds.toBytes(id), 0, b, 0, 6);
        b[6] = (byte) ((b[6] & 0x0f) | 0x80);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        ByteBuffer bb = ByteBuffer.wrap(b);
        return new UUID(bb.getLong(), bb.getLong());
    }

    /** The same event under another id. */
    static MailEvent withId(MailEvent e, UUID id) {
        EventHeader h = new EventHeader(id, e.header().timestamp(), e.header().author(), e.user());
        if (e instanceof MailEvent.Deliver d) {
            return new MailEvent.Deliver(h, d.mailbox(), d.flags(), d.message());
        } else if (e instanceof MailEvent.Append a) {
            return new MailEvent.Append(h, a.mailbox(), a.flags(), a.internalDate(), a.message());
        } else if (e instanceof MailEvent.Copy c) {
            return new MailEvent.Copy(h, c.message(), c.mailbox(), c.flags());
        } else if (e instanceof MailEvent.RenameMailbox r) {
            return new MailEvent.RenameMailbox(h, r.mailbox(), r.to());
        }
        throw new IllegalArgumentException("event " + e.id() + " (" + e.op().wireName() + ") creates nothing to re-key");
    }

    private static MailEvent decode(byte[] header, byte[] raw) {
        try {
            return EventCodec.decode(header, raw);
        } catch (MalformedEventException e) {
            throw new StoreException("logged event cannot be read back: " + e.getMessage(), e);
        }
    }
}
