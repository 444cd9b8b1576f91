package org.gmdb.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeaderExtractorTest {

    @Test
    void shouldUnfoldAndDecodeEncodedWordsAndDate() {
        ParsedHeaders h = HeaderExtractor.extract(("From: =?UTF-8?Q?J=C3=B6rg?= <j@x.org>\r\n"
                + "Subject: a long\r\n\tfolded subject\r\nTo: a@b,\r\n c@d\r\n"
                + "Date: Sat, 29 Nov 2025 10:00:00 +0100\r\nMessage-ID:  <id@x>  \r\n\r\nSubject: not a header\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        assertEquals("J\u00f6rg <j@x.org>", h.from());
        assertEquals("a long folded subject", h.subject());
        assertEquals("a@b, c@d", h.to());
        assertEquals(1_764_406_800_000L, h.date());
        assertEquals("<id@x>", h.messageId());
    }

    @Test
    void shouldReadBareLfAndRawEightBitHeaders() {
        ParsedHeaders utf8 = HeaderExtractor.extract("Subject: Gr\u00fc\u00dfe\n\nbody".getBytes(StandardCharsets.UTF_8));
        assertEquals("Gr\u00fc\u00dfe", utf8.subject());
        ParsedHeaders latin1 = HeaderExtractor.extract("Subject: caf\u00e9\n\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("caf\u00e9", latin1.subject());
    }

    @Test
    void shouldGiveNullsForMissingOrUnreadableFieldsWithoutThrowing() {
        ParsedHeaders none = HeaderExtractor.extract(new byte[0]);
        assertEquals(ParsedHeaders.NONE, none);
        ParsedHeaders junk = HeaderExtractor.extract(new byte[] {0, (byte) 0xff, ':', '\r', '\n', '\r', '\n'});
        assertNull(junk.subject());
        ParsedHeaders badDate = HeaderExtractor.extract("Date: the day after tomorrow\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertNull(badDate.date());
    }

    @Test
    void shouldReplaceControlCharactersAndClipLongValues() {
        String longSubject = "x".repeat(5000);
        ParsedHeaders h = HeaderExtractor.extract(("Subject: " + longSubject + "\r\nFrom: a\u0001b\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        assertEquals(1000, h.subject().length());
        assertEquals("a?b", h.from());
    }
}
