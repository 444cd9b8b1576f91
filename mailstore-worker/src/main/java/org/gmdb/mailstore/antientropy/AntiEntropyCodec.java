package org.gmdb.mailstore.antientropy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.gmdb.mailstore.store.EventLog;

/**
 * Bytes of the anti-entropy requests ({@link AntiEntropyRequest}) and their answers: one
 * line of JSON each; the answer to {@code events} adds {@code \n} and the event payloads
 * (each as {@link org.gmdb.mail.event.EventCodec} writes it), back to back, in the order
 * and with the sizes the line lists.
 *
 * <p>Caveat: unknown JSON fields in answers are ignored (a newer peer may say more), but
 * a request of an unknown kind is an error.
 */
public final class AntiEntropyCodec {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private AntiEntropyCodec() {
    }

    /** Answer to ping. */
    public record Pong(int shard, String replica, String instance) {
    }

    /** Answer to digests. */
    public record Digests(int shard, String replica, List<BucketDigest> buckets) {
    }

    /**
     * Answer to ids: the bucket's event ids, and every version of them (an id twice when it
     * arrived with different content); {@code versions} is null from a peer that predates them.
     */
    public record Ids(long bucket, List<UUID> ids, List<Version> versions) {
    }

    /** An event id with the SHA-256 of its canonical payload, as 64 hex digits. */
    public record Version(UUID id, String sha256) {

        public static Version of(EventLog.Version v) {
            return new Version(v.id(), HexFormat.of().formatHex(v.sha256()));
        }
    }

    /**
     * One entry of the events answer's line: the event's id, its payload's size, and the
     * digest it is logged under (64 hex digits; null from a peer that predates digests).
     */
    public record Sized(UUID id, int size, String sha256) {
    }

    private record EventsLine(List<Sized> events) {
    }

    public static byte[] encodeRequest(AntiEntropyRequest request) {
        return write(request, AntiEntropyRequest.class);
    }

    public static AntiEntropyRequest decodeRequest(byte[] payload) {
        return read(firstLine(payload), AntiEntropyRequest.class, "anti-entropy request");
    }

    public static byte[] encode(Object answer) {
        return write(answer, answer.getClass());
    }

    public static <T> T decode(byte[] payload, Class<T> type) {
        return read(firstLine(payload), type, type.getSimpleName() + " answer");
    }

    /**
     * The events answer: a line of ids and sizes, then the payloads back to back; an id
     * that arrived with different content is listed once per version.
     */
    public static byte[] encodeEvents(List<EventLog.Payload> payloads) {
        List<Sized> sizes = new ArrayList<>(payloads.size());
        int total = 0;
        for (EventLog.Payload p : payloads) {
            sizes.add(new Sized(p.id(), p.bytes().length, p.sha256() == null ? null : HexFormat.of().formatHex(p.sha256())));
            total += p.bytes().length;
        }
        byte[] line = write(new EventsLine(sizes), EventsLine.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream(line.length + 1 + total);
        out.writeBytes(line);
        out.write('\n');
        for (EventLog.Payload p : payloads) {
            out.writeBytes(p.bytes());
        }
        return out.toByteArray();
    }

    public static List<EventLog.Payload> decodeEvents(byte[] payload) {
        byte[] line = firstLine(payload);
        EventsLine header = read(line, EventsLine.class, "events answer");
        List<EventLog.Payload> out = new ArrayList<>();
        int at = line.length + 1;
        for (Sized s : header.events() == null ? List.<Sized>of() : header.events()) {
            if (s.size() < 0 || at + s.size() > payload.length) {
                throw new IllegalArgumentException("events answer lists event " + s.id() + " of " + s.size()
                        + " bytes at offset " + at + ", but the answer has " + payload.length + " bytes");
            }
            out.add(new EventLog.Payload(s.id(), Arrays.copyOfRange(payload, at, at + s.size()), digest(s)));
            at += s.size();
        }
        if (at < payload.length && !header.events().isEmpty()) {
            throw new IllegalArgumentException("events answer has " + (payload.length - at)
                    + " bytes after the last listed event");
        }
        return out;
    }

    private static byte[] digest(Sized s) {
        try {
            return s.sha256() == null ? null : HexFormat.of().parseHex(s.sha256());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("events answer gives event " + s.id() + " the digest " + s.sha256()
                    + " (expected: 64 hex digits)", e);
        }
    }

    private static byte[] write(Object value, Class<?> type) {
        try {
            return JSON.writerFor(type).writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + value + " as JSON", e);
        }
    }

    private static <T> T read(byte[] line, Class<T> type, String what) {
        try {
            return JSON.readValue(line, type);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " is not valid: " + e.getMessage(), e);
        }
    }

    private static byte[] firstLine(byte[] payload) {
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == '\n') {
                return Arrays.copyOf(payload, i);
            }
        }
        return payload;
    }
}
