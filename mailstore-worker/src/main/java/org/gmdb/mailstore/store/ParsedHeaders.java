package org.gmdb.mailstore.store;

/** The header fields kept for search; any may be null (absent or unreadable). Date in epoch millis. */
public record ParsedHeaders(String from, String to, String cc, String subject, Long date, String messageId) {

    public static final ParsedHeaders NONE = new ParsedHeaders(null, null, null, null, null, null);
}
