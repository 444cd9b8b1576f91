package org.gmdb.launcher.mail;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.gmdb.mail.event.query.MessageSummary;
import org.gmdb.mailclient.MailClient;

/**
 * Prints message summaries one per line, tab-separated, for people and for {@code cut}/{@code awk}:
 * id, user, mailbox, uid, date (UTC), size, flags, from, subject; a listing cut at its limit
 * says so on standard error, so that standard output stays the table alone.
 *
 * <p>Caveat: header text is shown with tabs and control characters replaced by spaces, so a
 * hostile subject cannot break the columns or the terminal.
 */
final class MessageTable {

    /** The {@code --limit} option's help, shared by the commands that print this table. */
    static final String LIMIT_HELP = "Show at most N messages; a listing cut short says so on standard error."
            + " Default: ${DEFAULT-VALUE}.";

    static final String HEADER = "ID\tUSER\tMAILBOX\tUID\tDATE\tSIZE\tFLAGS\tFROM\tSUBJECT";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private MessageTable() {
    }

    /** How many messages to ask for: one more than {@code limit}, so that a cut listing can say so. */
    static int toAsk(int limit) {
        if (limit < 1 || limit > MailClient.MAX_LIMIT) {
            throw new IllegalArgumentException("--limit " + limit + " (expected: 1.." + MailClient.MAX_LIMIT + ")");
        }
        return Math.min(limit + 1, MailClient.MAX_LIMIT);
    }

    /**
     * Prints the first {@code limit} of {@code messages} (asked for with {@link #toAsk}) and, when
     * there were more, says so on {@code err} with how to see them.
     */
    static void print(PrintWriter out, PrintWriter err, List<MessageSummary> messages, int limit) {
        print(out, messages.size() > limit ? messages.subList(0, limit) : messages);
        if (messages.size() > limit) {
            err.println("gmdb: showing " + limit + " of at least " + messages.size() + " messages; use --limit N"
                    + " to see more (at most " + MailClient.MAX_LIMIT + ")");
        } else if (messages.size() == MailClient.MAX_LIMIT) {
            err.println("gmdb: showing " + limit + " messages, the most one listing shows; there may be more");
        }
        err.flush();
    }

    static void print(PrintWriter out, List<MessageSummary> messages) {
        out.println(HEADER);
        for (MessageSummary m : messages) {
            out.println(m.id() + "\t" + m.user() + "\t" + clean(m.mailbox()) + "\t" + (m.uid() == null ? "-" : m.uid())
                    + "\t" + DATE.format(Instant.ofEpochMilli(m.date() != null ? m.date() : m.internalDate())) + "\t"
                    + m.size() + "\t" + String.join(" ", m.flags() == null ? List.of() : m.flags()) + "\t"
                    + clean(m.from()) + "\t" + clean(m.subject()));
        }
        out.flush();
    }

    static String clean(String s) {
        return s == null ? "" : s.replaceAll("[\\p{Cntrl}]", " ");
    }
}
