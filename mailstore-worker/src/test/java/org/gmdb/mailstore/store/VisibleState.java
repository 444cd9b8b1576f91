package org.gmdb.mailstore.store;

import static org.gmdb.schema.shard.Tables.USERS;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.gmdb.mail.event.query.MailboxInfo;
import org.gmdb.mail.event.query.MessageSummary;
import org.gmdb.mail.event.query.Sort;

/**
 * What a replica shows its readers, read through {@link MailQueries} (the query side a
 * client uses), as sorted text lines that {@link StoreModel#visibleState()} also writes:
 * users, listed mailboxes with counts, and every listed message with its mailbox, flags,
 * internal date, size and the SHA-256 of the bytes a fetch returns.
 */
final class VisibleState {

    private static final HexFormat HEX = HexFormat.of();

    private VisibleState() {
    }

    static String of(ShardDatabase db) {
        MailQueries queries = new MailQueries(db);
        List<String> lines = new ArrayList<>();
        for (String user : db.dsl().select(USERS.ADDRESS).from(USERS).fetch(USERS.ADDRESS)) {
            lines.add(userLine(user));
            for (MailboxInfo box : queries.listMailboxes(user)) {
                lines.add(mailboxLine(user, box.name(), box.messages(), box.unseen()));
                for (MessageSummary m : queries.listMessages(user, box.name(), Sort.UID, false, null, null).messages()) {
                    byte[] raw = queries.fetch(user, m.id()).raw();
                    lines.add(messageLine(user, m.id(), m.mailbox(), m.flags(), m.internalDate(), m.size(),
                            HEX.formatHex(EventApplier.sha256(raw)) + (raw.length == m.size() ? "" : " fetched=" + raw.length)));
                }
            }
        }
        lines.sort(null);
        return String.join("\n", lines) + "\n";
    }

    static String userLine(String user) {
        return "user " + user;
    }

    static String mailboxLine(String user, String mailbox, long messages, long unseen) {
        return "user " + user + " mailbox \"" + mailbox + "\" messages=" + messages + " unseen=" + unseen;
    }

    static String messageLine(String user, UUID id, String mailbox, List<String> flags, long internalDate, long size,
            String sha256) {
        return "user " + user + " message " + id + " in \"" + mailbox + "\" flags=" + flags + " internal-date="
                + internalDate + " size=" + size + " sha256=" + sha256;
    }
}
