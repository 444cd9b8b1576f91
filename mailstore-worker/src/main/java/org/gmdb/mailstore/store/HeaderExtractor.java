package org.gmdb.mailstore.store;

import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeUtility;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.ParsePosition;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the header fields used for search out of raw message bytes, as well as it can:
 * it never throws and never changes the bytes. The header block ends at the first empty
 * line (CRLF or bare LF); folded lines are unfolded; 8-bit header bytes are taken as
 * UTF-8 when they are valid UTF-8, else as ISO-8859-1; RFC 2047 words and the Date: are
 * decoded with Jakarta Mail. Caveat: only the first occurrence of each field counts, and
 * only the first {@link #MAX_HEADER_BYTES} bytes are looked at.
 */
final class HeaderExtractor {

    static final int MAX_HEADER_BYTES = 256 * 1024;

    private HeaderExtractor() {
    }

    static ParsedHeaders extract(byte[] raw) {
        try {
            Map<String, String> fields = fields(raw);
            return new ParsedHeaders(
                    clip(decodeWords(fields.get("from")), 1000),
                    clip(decodeWords(fields.get("to")), 2000),
                    clip(decodeWords(fields.get("cc")), 2000),
                    clip(decodeWords(fields.get("subject")), 1000),
                    date(fields.get("date")),
                    clip(fields.get("message-id") == null ? null : fields.get("message-id").trim(), 500));
        } catch (RuntimeException e) {
            // Broken input must never stop a message from being stored.
            return ParsedHeaders.NONE;
        }
    }

    private static Map<String, String> fields(byte[] raw) {
        int end = headerEnd(raw);
        String block = text(raw, end);
        Map<String, String> out = new LinkedHashMap<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String line : block.split("\r?\n", -1)) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                if (name != null) {
                    value.append(' ').append(line.strip());
                }
                continue;
            }
            put(out, name, value);
            name = null;
            value.setLength(0);
            int colon = line.indexOf(':');
            if (colon > 0) {
                name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                value.append(line.substring(colon + 1).strip());
            }
        }
        put(out, name, value);
        return out;
    }

    private static void put(Map<String, String> out, String name, StringBuilder value) {
        if (name != null) {
            out.putIfAbsent(name, value.toString());
        }
    }

    /** Index of the empty line that ends the header block (or of the scan limit). */
    private static int headerEnd(byte[] raw) {
        int limit = Math.min(raw.length, MAX_HEADER_BYTES);
        for (int i = 0; i < limit; i++) {
            if (raw[i] == '\n') {
                if (i + 1 < raw.length && raw[i + 1] == '\n') {
                    return i;
                }
                if (i + 2 < raw.length && raw[i + 1] == '\r' && raw[i + 2] == '\n') {
                    return i;
                }
            }
        }
        return limit;
    }

    private static String text(byte[] raw, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw, 0, length)).toString();
        } catch (CharacterCodingException e) {
            return new String(raw, 0, length, StandardCharsets.ISO_8859_1);
        }
    }

    private static String decodeWords(String value) {
        if (value == null) {
            return null;
        }
        try {
            return MimeUtility.decodeText(value);
        } catch (Exception e) {
            return value;
        }
    }

    private static Long date(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Date d = new MailDateFormat().parse(value.trim(), new ParsePosition(0));
            return d == null ? null : d.getTime();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String clip(String value, int max) {
        if (value == null) {
            return null;
        }
        // Control characters have no place in a search column; NUL would not even store.
        String clean = value.replaceAll("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]", "?");
        if (clean.length() <= max) {
            return clean;
        }
        int cut = Character.isHighSurrogate(clean.charAt(max - 1)) ? max - 1 : max;
        return clean.substring(0, cut);
    }
}
