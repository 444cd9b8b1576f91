package org.gmdb.mail.event;

import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Normal forms of the names events carry, so that every replica compares them alike:
 * user addresses lower-cased, INBOX in upper case (IMAP: case-insensitive), IMAP system
 * flags in their RFC 3501 spelling; keywords as given.
 */
public final class Names {

    public static final String INBOX = "INBOX";
    public static final int MAX_MAILBOX_LENGTH = 500;
    public static final int MAX_FLAG_LENGTH = 250;
    public static final int MAX_USER_LENGTH = 320;

    private static final Map<String, String> SYSTEM_FLAGS = Map.of(
            "\\seen", "\\Seen", "\\answered", "\\Answered", "\\flagged", "\\Flagged",
            "\\deleted", "\\Deleted", "\\draft", "\\Draft", "\\recent", "\\Recent");

    private Names() {
    }

    public static String user(String address) {
        String trimmed = address == null ? "" : address.trim();
        if (trimmed.isEmpty() || trimmed.length() > MAX_USER_LENGTH) {
            throw new IllegalArgumentException("user address of length " + trimmed.length()
                    + " (expected: 1.." + MAX_USER_LENGTH + ")");
        }
        return trimmed.toLowerCase(Locale.ROOT);
    }

    public static String mailbox(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_MAILBOX_LENGTH) {
            throw new IllegalArgumentException("mailbox name of length " + (name == null ? 0 : name.length())
                    + " (expected: 1.." + MAX_MAILBOX_LENGTH + ")");
        }
        return name.equalsIgnoreCase(INBOX) ? INBOX : name;
    }

    public static String flag(String flag) {
        if (flag == null || flag.isEmpty() || flag.length() > MAX_FLAG_LENGTH) {
            throw new IllegalArgumentException("flag of length " + (flag == null ? 0 : flag.length())
                    + " (expected: 1.." + MAX_FLAG_LENGTH + ")");
        }
        for (int i = 0; i < flag.length(); i++) {
            char c = flag.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException("flag '" + flag.replaceAll("\\p{Cntrl}", "?")
                        + "' has a space or control character at " + i);
            }
        }
        return SYSTEM_FLAGS.getOrDefault(flag.toLowerCase(Locale.ROOT), flag);
    }

    /** Normal forms, sorted and without repeats. */
    public static SortedSet<String> flags(Collection<String> flags) {
        TreeSet<String> out = new TreeSet<>();
        if (flags != null) {
            for (String f : flags) {
                out.add(flag(f));
            }
        }
        return Collections.unmodifiableSortedSet(out);
    }
}
