package org.gmdb.mail.event;

import java.util.UUID;

/**
 * What every event has: its id (UUIDv7, made by the writer), timestamp (epoch millis),
 * author (free text, e.g. "lmtp@mx1") and user (lower-cased address).
 */
public record EventHeader(UUID id, long timestamp, String author, String user) {

    public EventHeader {
        if (id == null) {
            throw new IllegalArgumentException("event without id");
        }
        if (timestamp < 0) {
            throw new IllegalArgumentException("timestamp " + timestamp + " (expected: >= 0)");
        }
        author = author == null ? "" : author;
        user = Names.user(user);
    }

    /** A header for a new event, with a fresh id and the id's own timestamp. */
    public static EventHeader create(String author, String user) {
        UUID id = EventIds.next();
        return new EventHeader(id, EventIds.timestampOf(id), author, user);
    }

    public Stamp stamp() {
        return new Stamp(timestamp, id);
    }
}
