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
import org.gmdb.mail.event.EventIds;
import org.gmdb.mail.event.Stamp;
import org.gmdb.schema.shard.tables.Mailbox;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * A deterministic text rendering of a replica's logical state: users, mailboxes (with
 * their registers and whether they are listed), renames, message contents (size, SHA-256,
 * parsed headers), messages (content, copy source, internal date, placement register,
 * effective mailbox, first expunge; a purged message as its identity alone), flags with
 * their stamps, and applied event ids with the digests of their content (every version of
 * an id that arrived with different content). Replica-local
 * things (UIDs, MODSEQs, UIDVALIDITY, row ids, times of application) are left out, and
 * lines are sorted, so two replicas that applied the same set of events dump equal text.
 *
 * <p>Caveat: reads the whole replica (but not the message bytes) into memory; meant for
 * tests, audits and convergence checks, not for a hot path.
 */
public final class CanonicalDump {

    private static final HexFormat HEX = HexFormat.of();

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

    private static String render(DSLContext tx) {
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
            lines.add("mailbox " + q(users.get(b.getUserId())) + " " + q(b.getName()) + " touched=" + s(touched)
                    + " deleted=" + s(deleted) + " visible=" + count
                    + " listed=" + Mailboxes.isListed(b.getName(), touched, deleted, count));
        }
        for (var r : tx.selectFrom(MAILBOX_RENAME).fetch()) {
            lines.add("rename " + q(users.get(r.getUserId())) + " " + id(r.getEventId()) + " " + q(r.getFromName())
                    + " -> " + q(r.getToName()) + " ts=" + r.getTs());
        }
        for (Record r : tx.select(MESSAGE_CONTENT.ID, MESSAGE_CONTENT.SIZE, MESSAGE_CONTENT.SHA256,
                MESSAGE_CONTENT.HDR_FROM, MESSAGE_CONTENT.HDR_TO, MESSAGE_CONTENT.HDR_CC, MESSAGE_CONTENT.HDR_SUBJECT,
                MESSAGE_CONTENT.HDR_DATE, MESSAGE_CONTENT.HDR_MESSAGE_ID).from(MESSAGE_CONTENT).fetch()) {
            lines.add("content " + id(r.get(MESSAGE_CONTENT.ID)) + " size=" + r.get(MESSAGE_CONTENT.SIZE)
                    + " sha256=" + HEX.formatHex(r.get(MESSAGE_CONTENT.SHA256))
                    + " from=" + q(r.get(MESSAGE_CONTENT.HDR_FROM)) + " to=" + q(r.get(MESSAGE_CONTENT.HDR_TO))
                    + " cc=" + q(r.get(MESSAGE_CONTENT.HDR_CC)) + " subject=" + q(r.get(MESSAGE_CONTENT.HDR_SUBJECT))
                    + " date=" + r.get(MESSAGE_CONTENT.HDR_DATE) + " message-id=" + q(r.get(MESSAGE_CONTENT.HDR_MESSAGE_ID)));
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
                    + " place=" + place + "@" + s(Mailboxes.stampOf(r.get(MESSAGE.PLACE_TS), r.get(MESSAGE.PLACE_EID)))
                    + " first-expunge=" + (r.get(MESSAGE.FIRST_EXPUNGE_TS) == null ? "-" : r.get(MESSAGE.FIRST_EXPUNGE_TS))
                    + " in=" + (r.get(in.NAME) == null ? "-" : q(r.get(in.NAME))));
        }
        for (var f : tx.selectFrom(MESSAGE_FLAG).fetch()) {
            lines.add("flag " + q(users.get(f.getUserId())) + " " + id(f.getMessageId()) + " " + q(f.getFlag())
                    + (f.getIsSet() ? " set@" : " clear@") + s(new Stamp(f.getTs(), EventIds.fromBytes(f.getEid()))));
        }
        for (Record r : tx.select(APPLIED_EVENT.ID, APPLIED_EVENT.SHA256).from(APPLIED_EVENT).fetch()) {
            lines.add("event " + id(r.get(APPLIED_EVENT.ID)) + " sha256=" + hex(r.get(APPLIED_EVENT.SHA256)));
        }
        for (Record r : tx.select(EVENT_CONFLICT.ID, EVENT_CONFLICT.SHA256).from(EVENT_CONFLICT).fetch()) {
            lines.add("event " + id(r.get(EVENT_CONFLICT.ID)) + " conflicting sha256=" + hex(r.get(EVENT_CONFLICT.SHA256)));
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

    private static String s(Stamp stamp) {
        return stamp == null ? "-" : stamp.ts() + "/" + stamp.id();
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
