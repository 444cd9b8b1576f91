package org.gmdb.mailclient;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.gmdb.mail.event.Names;

/**
 * Checks and normalizes user addresses (recipients of a delivery, owners of a mailbox):
 * a bare {@code local@domain}, optionally in angle brackets as SMTP writes it, lower-cased
 * as routing and the store expect.
 *
 * <p>Caveat: the whole address is lower-cased (RFC 5321 leaves the local part's case to the
 * receiving host; this store treats it as insignificant, as nearly every mail system does).
 */
public final class Addresses {

    private Addresses() {
    }

    /**
     * The normal form of {@code recipient}: trimmed, brackets removed, lower-cased.
     *
     * @throws InvalidRecipientException naming the recipient and what is wrong with it
     */
    public static String normalize(String recipient) {
        if (recipient == null || recipient.isBlank()) {
            throw new InvalidRecipientException(recipient, "recipient is empty (expected: local@domain)", null);
        }
        String s = recipient.trim();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidRecipientException(recipient, "recipient '" + printable(s)
                        + "' holds a control character at " + i + " (expected: local@domain)", null);
            }
        }
        if (s.startsWith("<") && s.endsWith(">")) {
            s = s.substring(1, s.length() - 1).trim();
        }
        InternetAddress address;
        try {
            address = new InternetAddress(s, true);
            address.validate();
        } catch (AddressException e) {
            throw new InvalidRecipientException(recipient, "recipient '" + printable(recipient.trim())
                    + "' is not a valid address: " + e.getMessage() + " (expected: local@domain)", e);
        }
        String bare = address.getAddress();
        if (address.isGroup() || address.getPersonal() != null || bare == null || !bare.equals(s)) {
            throw new InvalidRecipientException(recipient, "recipient '" + printable(recipient.trim())
                    + "' is not a bare address (expected: local@domain, without a display name)", null);
        }
        int at = bare.lastIndexOf('@');
        if (at <= 0 || at == bare.length() - 1) {
            throw new InvalidRecipientException(recipient, "recipient '" + printable(recipient.trim())
                    + "' has no domain (expected: local@domain)", null);
        }
        try {
            return Names.user(bare);
        } catch (IllegalArgumentException e) {
            throw new InvalidRecipientException(recipient, "recipient '" + printable(recipient.trim()) + "': "
                    + e.getMessage(), e);
        }
    }

    /** For messages: control characters shown as '?', long text cut, so an error never injects a line. */
    static String printable(String s) {
        String cut = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
