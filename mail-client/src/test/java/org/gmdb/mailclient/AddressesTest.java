package org.gmdb.mailclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AddressesTest {

    @Test
    void shouldLowerCaseAndTrimAnAddress() {
        assertEquals("alice@example.com", Addresses.normalize("  Alice@Example.COM "));
    }

    @Test
    void shouldAcceptAnAddressInAngleBracketsAsSmtpWritesIt() {
        assertEquals("bob@example.org", Addresses.normalize("<Bob@example.org>"));
    }

    @Test
    void shouldRefuseAnAddressWithoutDomain() {
        var e = assertThrows(InvalidRecipientException.class, () -> Addresses.normalize("bob"));
        assertTrue(e.getMessage().startsWith("recipient 'bob' is not a valid address: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(expected: local@domain)"), e.getMessage());
    }

    @Test
    void shouldRefuseADisplayName() {
        var e = assertThrows(InvalidRecipientException.class, () -> Addresses.normalize("Bob <bob@example.org>"));
        assertEquals("recipient 'Bob <bob@example.org>' is not a bare address (expected: local@domain, without a"
                + " display name)", e.getMessage());
    }

    @Test
    void shouldRefuseTwoAddressesInOne() {
        assertThrows(InvalidRecipientException.class, () -> Addresses.normalize("a@x.org, b@x.org"));
    }

    @Test
    void shouldRefuseAnEmptyRecipient() {
        var e = assertThrows(InvalidRecipientException.class, () -> Addresses.normalize("  "));
        assertEquals("recipient is empty (expected: local@domain)", e.getMessage());
        assertThrows(InvalidRecipientException.class, () -> Addresses.normalize(null));
    }

    @Test
    void shouldRefuseAControlCharacterWithoutEchoingIt() {
        var e = assertThrows(InvalidRecipientException.class, () -> Addresses.normalize("bob@x.org\r\nRCPT TO:<e@x>"));
        assertEquals("recipient 'bob@x.org??RCPT TO:<e@x>' holds a control character at 9 (expected: local@domain)",
                e.getMessage());
    }

    @Test
    void shouldRefuseAnAddressLongerThanTheStoreAllows() {
        String longLocal = "a".repeat(64) + "@" + ("d".repeat(60) + ".").repeat(5) + "org";
        var e = assertThrows(InvalidRecipientException.class, () -> Addresses.normalize(longLocal));
        assertTrue(e.getMessage().contains("(expected: 1..320)"), e.getMessage());
    }
}
