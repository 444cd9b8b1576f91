package org.gmdb.mailstore.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * Checks that hold inside any one replica, whatever it applied and in whatever order: each
 * query below counts the rows that break one rule, and every count must be 0.
 *
 * <p>Caveat: IMAP UIDs are replica-local for now, so only their local rules are checked
 * (below UIDNEXT, never reused); once a shard's sequencer numbers messages, replicas must
 * also agree on them, and the convergence property should compare them across replicas.
 */
final class ReplicaInvariants {

    private static final Map<String, String> BROKEN_BY = Map.ofEntries(
            Map.entry("stored bytes whose length or SHA-256 is not the recorded one",
                    "SELECT COUNT(*) FROM message_content WHERE LENGTH(raw) <> size OR SHA2(raw, 256) <> LOWER(HEX(sha256))"),
            Map.entry("messages in a mailbox without content, placement, or with an expunged placement, or the"
                    + " other way round",
                    "SELECT COUNT(*) FROM message WHERE (mailbox_id IS NOT NULL) <> (content_id IS NOT NULL"
                            + " AND place_name IS NOT NULL AND NOT place_expunged)"),
            Map.entry("messages in a mailbox without UID or MODSEQ, or with them outside one",
                    "SELECT COUNT(*) FROM message WHERE (mailbox_id IS NULL) <> (uid IS NULL)"
                            + " OR (mailbox_id IS NULL) <> (modseq IS NULL)"),
            Map.entry("visible messages whose content row is missing",
                    "SELECT COUNT(*) FROM message m LEFT JOIN message_content c ON c.id = m.content_id"
                            + " WHERE m.mailbox_id IS NOT NULL AND c.id IS NULL"),
            Map.entry("visible messages in another user's mailbox",
                    "SELECT COUNT(*) FROM message m JOIN mailbox b ON b.id = m.mailbox_id WHERE b.user_id <> m.user_id"),
            Map.entry("message ids visible under more than one user",
                    "SELECT COUNT(*) FROM (SELECT id FROM message WHERE mailbox_id IS NOT NULL GROUP BY id"
                            + " HAVING COUNT(*) > 1) twice"),
            Map.entry("UIDs or MODSEQs at or above their mailbox's UIDNEXT or HIGHESTMODSEQ",
                    "SELECT COUNT(*) FROM message m JOIN mailbox b ON b.id = m.mailbox_id"
                            + " WHERE m.uid >= b.uidnext OR m.modseq > b.highestmodseq"),
            Map.entry("expunged UIDs at or above UIDNEXT, or with a MODSEQ above HIGHESTMODSEQ",
                    "SELECT COUNT(*) FROM expunged_uid x JOIN mailbox b ON b.id = x.mailbox_id"
                            + " WHERE x.uid >= b.uidnext OR x.modseq > b.highestmodseq"),
            Map.entry("UIDs that name a visible message and an expunged one",
                    "SELECT COUNT(*) FROM message m JOIN expunged_uid x ON x.mailbox_id = m.mailbox_id AND x.uid = m.uid"),
            Map.entry("purged messages with content, an internal date, a mailbox or a UID",
                    "SELECT COUNT(*) FROM message WHERE purged AND (content_id IS NOT NULL OR internal_date IS NOT NULL"
                            + " OR mailbox_id IS NOT NULL OR uid IS NOT NULL)"),
            Map.entry("flags of purged messages",
                    "SELECT COUNT(*) FROM message_flag f JOIN message m ON m.user_id = f.user_id AND m.id = f.message_id"
                            + " WHERE m.purged"),
            Map.entry("stored bytes that no message holds (a purge leaves none behind)",
                    "SELECT COUNT(*) FROM message_content c WHERE NOT EXISTS (SELECT 1 FROM message m"
                            + " WHERE m.content_id = c.id)"),
            Map.entry("events logged with a content id that is not their own",
                    "SELECT COUNT(*) FROM applied_event WHERE content_id IS NOT NULL AND content_id <> id"));

    private ReplicaInvariants() {
    }

    /** The rules this replica breaks, each with the number of rows; empty if none. */
    static List<String> broken(ShardDatabase db) {
        DSLContext dsl = db.dsl();
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> rule : BROKEN_BY.entrySet()) {
            long rows = ((Number) dsl.fetchValue(rule.getValue())).longValue();
            if (rows != 0) {
                out.add(rows + " " + rule.getKey());
            }
        }
        out.sort(null);
        return out;
    }
}
