package org.gmdb.mail.event;

import java.util.UUID;

/**
 * The last-writer-wins order of events: by timestamp, then by event id (as unsigned bytes).
 * Two events never share a stamp because event ids are unique.
 */
public record Stamp(long ts, UUID id) implements Comparable<Stamp> {

    public Stamp {
        if (id == null) {
            throw new IllegalArgumentException("stamp without event id");
        }
    }

    @Override
    public int compareTo(Stamp other) {
        int c = Long.compare(ts, other.ts);
        return c != 0 ? c : EventIds.compare(id, other.id);
    }

    public boolean isAfter(Stamp other) {
        return other == null || compareTo(other) > 0;
    }
}
