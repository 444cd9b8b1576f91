package org.gmdb.mailstore.store;

import static org.gmdb.schema.shard.Tables.APPLIED_EVENT;
import static org.gmdb.schema.shard.Tables.EVENT_CONFLICT;
import static org.gmdb.schema.shard.Tables.MAILBOX;
import static org.gmdb.schema.shard.Tables.MAILBOX_RENAME;
import static org.gmdb.schema.shard.Tables.MESSAGE;
import static org.gmdb.schema.shard.Tables.MESSAGE_CONTENT;
import static org.gmdb.schema.shard.Tables.MESSAGE_FLAG;
import static org.gmdb.schema.shard.Tables.USERS;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gmdb.mail.event.EventIds;
import org.gmdb.mail.event.Stamp;
import org.gmdb.schema.shard.tables.Mailbox;
import org.gmdb.schema.shard.tables.Message;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * A deterministic text rendering of a replica's logical state: users, mailboxes (with
 * their registers and whether they are listed), renames, message contents (size, SHA-256,
 * parsed headers, and the length and SHA-256 of the stored bytes as the database computes
 * them), messages (content, copy source, internal date, placement register, effective
 * mailbox, first expunge; a purged message as its identity alone), flags with their
 * stamps, and the event log (ids, stamps, buckets, users, ops and the SHA-256 of each
 * stored payload line, and the digest of each event's content; the arrival of a purged
 * message as its id, stamp, user and digest alone), and every version of an id that arrived
 * with other content (logged as a conflict, rendered like an event).
 * Replica-local things (UIDs, MODSEQs, UIDVALIDITY, row ids, times of application) are
 * left out, and lines are sorted, so two replicas that applied the same set of events
 * (and purged with the same cutoff) dump equal text. {@link #COVERED} and
 * {@link #EXCLUDED} name every column of the shard schema, the latter with the reason.
 *
 * <p>Caveat: reads the whole replica (but not the message bytes, which the database
 * hashes) into memory; meant for tests, audits and convergence checks, not for a hot path.
 */
public final class CanonicalDump {

    private static final HexFormat HEX = HexFormat.of();

    /**
     * The shard schema's columns the dump renders, as "table.column"; a purged message's
     * registers are not, as each replica's purge stops them at its own moment.
     */
    public static final Set<String> COVERED = Set.of(
            "users.address",
            "mailbox.user_id", "mailbox.name", "mailbox.touch_ts", "mailbox.touch_eid", "mailbox.deleted_ts",
            "mailbox.deleted_eid",
            "mailbox_rename.event_id", "mailbox_rename.user_id", "mailbox_rename.from_name", "mailbox_rename.to_name",
            "mailbox_rename.ts",
            "message_content.id", "message_content.size", "message_content.sha256", "message_content.raw",
            "message_content.hdr_from", "message_content.hdr_to", "message_content.hdr_cc",
            "message_content.hdr_subject", "message_content.hdr_date", "message_content.hdr_message_id",
            "message.user_id", "message.id", "message.content_id", "message.copy_of", "message.internal_date",
            "message.place_name", "message.place_expunged", "message.place_ts", "message.place_eid",
            "message.mailbox_id", "message.first_expunge_ts", "message.purged",
            "message_flag.user_id", "message_flag.message_id", "message_flag.flag", "message_flag.is_set",
            "message_flag.ts", "message_flag.eid",
            "applied_event.id", "applied_event.ts", "applied_event.bucket", "applied_event.user_addr",
            "applied_event.op", "applied_event.header", "applied_event.content_id", "applied_event.sha256",
            "event_conflict.id", "event_conflict.sha256", "event_conflict.ts", "event_conflict.bucket",
            "event_conflict.user_addr", "event_conflict.op", "event_conflict.header", "event_conflict.content_id");

    /** The shard schema's columns the dump leaves out, as "table.column", with the reason. */
    public static final Map<String, String> EXCLUDED = Map.ofEntries(
            Map.entry("users.id", "row id, replica-local: users are named by address"),
            Map.entry("users.created_at", "time of application, replica-local"),
            Map.entry("mailbox.id", "row id, replica-local: mailboxes are named by user and name"),
            Map.entry("mailbox.uidvalidity", "IMAP numbering, replica-local until a shard's sequencer numbers it"),
            Map.entry("mailbox.uidnext", "IMAP numbering, replica-local"),
            Map.entry("mailbox.highestmodseq", "IMAP numbering, replica-local"),
            Map.entry("message.uid", "IMAP numbering, replica-local"),
            Map.entry("message.modseq", "IMAP numbering, replica-local"),
            Map.entry("expunged_uid.mailbox_id", "IMAP removals: which UIDs left depends on the order of arrival"),
            Map.entry("expunged_uid.uid", "IMAP numbering, replica-local"),
            Map.entry("expunged_uid.modseq", "IMAP numbering, replica-local"),
            Map.entry("expunged_uid.message_id", "IMAP removals: which UIDs left depends on the order of arrival"),
            Map.entry("applied_event.applied_at", "time of application, replica-local"),
            Map.entry("event_conflict.applied_at", "time of application, replica-local"));

    private final DSLContext dsl;

    public CanonicalDump(ShardDatabase db) {
        this.dsl = db.dsl();
    }

    public String dump() {
        return dsl.transactionResult(cfg -> render(cfg.dsl()));
    }

    /** SHA-256 of {@link #dump()}, hex. */
    public String digest() {
        return HEX.formatHex(EventApplier.sha256(dump().getBytes(StandardCharsets.UTF_8)));
    }

    /** The dump as seen by an open transaction (for checks that change rows and roll back). */
    static String render(DSLContext tx) {
        List<String> lines = new ArrayList<>();
        Map<Long, String> users = new HashMap<>();
        for (Record r : tx.select(USERS.ID, USERS.ADDRESS).from(USERS).fetch()) {
            users.put(r.get(USERS.ID), r.get(USERS.ADDRESS));
            lines.add("user " + q(r.get(USERS.ADDRESS)));
        }
        Map<Long, Long> visible = new HashMap<>();
        for (Record r : tx.select(MESSAGE.MAILBOX_ID, DSL.count()).from(MESSAGE).where(MESSAGE.MAILBOX_ID.isNotNull())
                .groupBy(MESSAGE.MAILBOX_ID).fetch()) {
            visible.put(r.get(MESSAGE.MAILBOX_ID), r.get(1, Long.class));
        }
        for (var b : tx.selectFrom(MAILBOX).fetch()) {
            Stamp touched = Mailboxes.stampOf(b.getTouchTs(), b.getTouchEid());
            Stamp deleted = Mailboxes.stampOf(b.getDeletedTs(), b.getDeletedEid());
            long count = visible.getOrDefault(b.getId(), 0L);
            lines.add("mailbox " + q(users.get(b.getUserId())) + " " + q(b.getName())
                    + " touched=" + s(b.getTouchTs(), b.getTouchEid())
                    + " deleted=" + s(b.getDeletedTs(), b.getDeletedEid()) + " visible=" + count
                    + " listed=" + Mailboxes.isListed(b.getName(), touched, deleted, count));
        }
        for (var r : tx.selectFrom(MAILBOX_RENAME).fetch()) {
            lines.add("rename " + q(users.get(r.getUserId())) + " " + id(r.getEventId()) + " " + q(r.getFromName())
                    + " -> " + q(r.getToName()) + " ts=" + r.getTs());
        }
        // The bytes as stored, hashed by the database: not the hash the applier computed on input.
        Field<String> storedSha256 = DSL.field("SHA2({0}, 256)", String.class, MESSAGE_CONTENT.RAW);
        Field<Long> storedSize = DSL.field("LENGTH({0})", Long.class, MESSAGE_CONTENT.RAW);
        for (Record r : tx.select(MESSAGE_CONTENT.ID, MESSAGE_CONTENT.SIZE, MESSAGE_CONTENT.SHA256,
                MESSAGE_CONTENT.HDR_FROM, MESSAGE_CONTENT.HDR_TO, MESSAGE_CONTENT.HDR_CC, MESSAGE_CONTENT.HDR_SUBJECT,
                MESSAGE_CONTENT.HDR_DATE, MESSAGE_CONTENT.HDR_MESSAGE_ID, storedSize, storedSha256)
                .from(MESSAGE_CONTENT).fetch()) {
            lines.add("content " + id(r.get(MESSAGE_CONTENT.ID)) + " size=" + r.get(MESSAGE_CONTENT.SIZE)
                    + " sha256=" + HEX.formatHex(r.get(MESSAGE_CONTENT.SHA256))
                    + " from=" + q(r.get(MESSAGE_CONTENT.HDR_FROM)) + " to=" + q(r.get(MESSAGE_CONTENT.HDR_TO))
                    + " cc=" + q(r.get(MESSAGE_CONTENT.HDR_CC)) + " subject=" + q(r.get(MESSAGE_CONTENT.HDR_SUBJECT))
                    + " date=" + r.get(MESSAGE_CONTENT.HDR_DATE) + " message-id=" + q(r.get(MESSAGE_CONTENT.HDR_MESSAGE_ID))
                    + " stored-size=" + r.get(storedSize) + " stored-sha256=" + r.get(storedSha256));
        }
        Mailbox in = MAILBOX.as("effective");
        for (Record r : tx.select(MESSAGE.USER_ID, MESSAGE.ID, MESSAGE.CONTENT_ID, MESSAGE.COPY_OF, MESSAGE.INTERNAL_DATE,
                MESSAGE.PLACE_NAME, MESSAGE.PLACE_EXPUNGED, MESSAGE.PLACE_TS, MESSAGE.PLACE_EID, MESSAGE.FIRST_EXPUNGE_TS,
                MESSAGE.PURGED, in.NAME)
                .from(MESSAGE).leftJoin(in).on(in.ID.eq(MESSAGE.MAILBOX_ID)).fetch()) {
            if (r.get(MESSAGE.PURGED)) {
                // A tombstone's registers stop at the purge, which each replica runs at its own moment.
                lines.add("message " + q(users.get(r.get(MESSAGE.USER_ID))) + " " + id(r.get(MESSAGE.ID)) + " purged");
                continue;
            }
            String place = r.get(MESSAGE.PLACE_EXPUNGED) ? "EXPUNGED"
                    : r.get(MESSAGE.PLACE_NAME) == null ? "-" : q(r.get(MESSAGE.PLACE_NAME));
            lines.add("message " + q(users.get(r.get(MESSAGE.USER_ID))) + " " + id(r.get(MESSAGE.ID))
                    + " content=" + id(r.get(MESSAGE.CONTENT_ID)) + " copy-of=" + id(r.get(MESSAGE.COPY_OF))
                    + " internal-date=" + r.get(MESSAGE.INTERNAL_DATE)
                    + " place=" + place + "@" + s(r.get(MESSAGE.PLACE_TS), r.get(MESSAGE.PLACE_EID))
                    + " first-expunge=" + (r.get(MESSAGE.FIRST_EXPUNGE_TS) == null ? "-" : r.get(MESSAGE.FIRST_EXPUNGE_TS))
                    + " in=" + (r.get(in.NAME) == null ? "-" : q(r.get(in.NAME))));
        }
        for (var f : tx.selectFrom(MESSAGE_FLAG).fetch()) {
            lines.add("flag " + q(users.get(f.getUserId())) + " " + id(f.getMessageId()) + " " + q(f.getFlag())
                    + (f.getIsSet() ? " set@" : " clear@") + s(f.getTs(), f.getEid()));
        }
        Field<String> payloadSha256 = DSL.field("SHA2({0}, 256)", String.class, APPLIED_EVENT.HEADER);
        Message purged = MESSAGE.as("purged_arrival");
        for (Record r : tx.select(APPLIED_EVENT.ID, APPLIED_EVENT.TS, APPLIED_EVENT.BUCKET, APPLIED_EVENT.USER_ADDR,
                APPLIED_EVENT.OP, APPLIED_EVENT.CONTENT_ID, APPLIED_EVENT.SHA256, payloadSha256, purged.ID).from(APPLIED_EVENT)
                .leftJoin(USERS).on(USERS.ADDRESS.eq(APPLIED_EVENT.USER_ADDR))
                .leftJoin(purged).on(purged.USER_ID.eq(USERS.ID)).and(purged.ID.eq(APPLIED_EVENT.ID)).and(purged.PURGED)
                .fetch()) {
            String event = "event " + id(r.get(APPLIED_EVENT.ID)) + " ts=" + r.get(APPLIED_EVENT.TS)
                    + " bucket=" + r.get(APPLIED_EVENT.BUCKET) + " user=" + q(r.get(APPLIED_EVENT.USER_ADDR))
                    + " sha256=" + hex(r.get(APPLIED_EVENT.SHA256));
            if (r.get(purged.ID) != null) {
                // A peer that purged sends such a deliver as an expunge of itself (EventLog.payloads).
                lines.add(event + " arrival of a purged message");
                continue;
            }
            lines.add(event + " op=" + q(r.get(APPLIED_EVENT.OP)) + " content=" + id(r.get(APPLIED_EVENT.CONTENT_ID))
                    + " payload-sha256=" + r.get(payloadSha256));
        }
        // A losing version: its message, if any, lives under a derived id (EventVersions).
        Field<String> conflictPayloadSha256 = DSL.field("SHA2({0}, 256)", String.class, EVENT_CONFLICT.HEADER);
        Message derived = MESSAGE.as("derived_arrival");
        for (Record r : tx.select(EVENT_CONFLICT.ID, EVENT_CONFLICT.SHA256, EVENT_CONFLICT.TS, EVENT_CONFLICT.BUCKET,
                EVENT_CONFLICT.USER_ADDR, EVENT_CONFLICT.OP, EVENT_CONFLICT.CONTENT_ID, conflictPayloadSha256, derived.ID)
                .from(EVENT_CONFLICT)
                .leftJoin(USERS).on(USERS.ADDRESS.eq(EVENT_CONFLICT.USER_ADDR))
                .leftJoin(derived).on(derived.USER_ID.eq(USERS.ID)).and(derived.ID.eq(EVENT_CONFLICT.CONTENT_ID))
                .and(derived.PURGED)
                .fetch()) {
            String version = "event " + id(r.get(EVENT_CONFLICT.ID)) + " conflicting sha256="
                    + hex(r.get(EVENT_CONFLICT.SHA256)) + " ts=" + r.get(EVENT_CONFLICT.TS)
                    + " bucket=" + r.get(EVENT_CONFLICT.BUCKET) + " user=" + q(r.get(EVENT_CONFLICT.USER_ADDR));
            if (r.get(derived.ID) != null) {
                lines.add(version + " arrival of a purged message");
                continue;
            }
            lines.add(version + " op=" + q(r.get(EVENT_CONFLICT.OP)) + " content=" + id(r.get(EVENT_CONFLICT.CONTENT_ID))
                    + " payload-sha256=" + r.get(conflictPayloadSha256));
        }
        lines.sort(null);
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line).append('\n');
        }
        return out.toString();
    }

    private static String id(byte[] bytes) {
        return bytes == null ? "-" : EventIds.fromBytes(bytes).toString();
    }

    private static String hex(byte[] bytes) {
        return bytes == null ? "-" : HEX.formatHex(bytes);
    }

    /** A stamp register's two columns; either may be null on its own, and shows as "-". */
    private static String s(Long ts, byte[] eid) {
        return ts == null && eid == null ? "-" : (ts == null ? "-" : ts.toString()) + "/" + id(eid);
    }

    /** Quoted, with backslash, quote and control characters escaped: one line per item, no ambiguity. */
    private static String q(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < ' ' || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
