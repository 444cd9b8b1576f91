package org.gmdb.mailclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageInspectorTest {

    private final MessageInspector inspector = new MessageInspector(1024);

    @Test
    void shouldAcceptAMessageWithoutAnyHeaders() {
        MessageMetadata m = inspector.inspect("just a line of text, no headers\n".getBytes(StandardCharsets.US_ASCII));

        assertEquals(32, m.size());
        assertNull(m.subject());
        assertTrue(m.problems().contains("Date: missing"), m.problems().toString());
    }

    @Test
    void shouldNoteAnUnparseableDateAndGoOn() {
        MessageMetadata m = inspector.inspect("Date: yesterday\r\nSubject: hi\r\n\r\nx".getBytes(StandardCharsets.US_ASCII));

        assertNull(m.date());
        assertEquals("hi", m.subject());
        assertTrue(m.problems().contains("Date: unparseable 'yesterday'"), m.problems().toString());
    }

    @Test
    void shouldUnfoldAFoldedSubject() {
        MessageMetadata m = inspector.inspect("Subject: a long\r\n subject\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        assertEquals("a long subject", m.subject());
    }

    @Test
    void shouldRefuseAnEmptyMessage() {
        var e = assertThrows(IllegalArgumentException.class, () -> inspector.inspect(new byte[0]));
        assertEquals("message is empty (0 bytes; expected: at least 1)", e.getMessage());
    }

    @Test
    void shouldAcceptAMessageOfExactlyTheLimit() {
        assertEquals(1024, inspector.inspect(new byte[1024]).size());
        var e = assertThrows(MessageTooLargeException.class, () -> inspector.inspect(new byte[1025]));
        assertEquals(1025, e.size());
        assertEquals(1024, e.max());
    }
}
