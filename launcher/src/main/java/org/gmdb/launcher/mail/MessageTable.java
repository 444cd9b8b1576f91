package org.gmdb.launcher.mail;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.gmdb.mail.event.query.MessageSummary;

/**
 * Prints message summaries one per line, tab-separated, for people and for {@code cut}/{@code awk}:
 * id, user, mailbox, uid, date (UTC), size, flags, from, subject.
 *
 * <p>Caveat: header text is shown with tabs and control characters replaced by spaces, so a
 * hostile subject cannot break the columns or the terminal.
 */
final class MessageTable {

    static final String HEADER = "ID\tUSER\tMAILBOX\tUID\tDATE\tSIZE\tFLAGS\tFROM\tSUBJECT";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private MessageTable() {
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
