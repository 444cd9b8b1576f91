package org.gmdb.mailstore.store;

import static org.gmdb.schema.shard.Tables.APPLIED_EVENT;
import static org.gmdb.schema.shard.Tables.EVENT_CONFLICT;
import static org.gmdb.schema.shard.Tables.MESSAGE_CONTENT;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gmdb.mail.event.EventCodec;
import org.gmdb.mail.event.EventIds;
import org.gmdb.mail.event.MailEvent;
import org.gmdb.mail.event.MalformedEventException;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Record3;
import org.jooq.impl.DSL;

/**
 * The replica's log of applied events, for anti-entropy between replicas of a shard:
 * compare {@link #digests} per hour bucket, list the versions of a bucket that differs,
 * pull the payloads the other side lacks and apply them with {@link EventApplier}.
 *
 * <p>A version is an event id with the SHA-256 of its canonical payload ({@link #digestOf}).
 * An id has one version, unless it arrived with different content: then the version with
 * the lowest digest is in {@code applied_event} and the others in {@code event_conflict}.
 * A bucket's digest (by event timestamp, hours since the epoch) is the count of its
 * versions and the XOR of their fingerprints (id XOR the first 16 bytes of the digest):
 * cheap and order-free, and it differs when the same ids carry different content. XOR can
 * in theory hide two differences that cancel; compare version lists when counts differ or
 * periodically anyway.
 */
public final class EventLog {

    public static final long BUCKET_MILLIS = 3_600_000L;
    private static final int IN_CHUNK = 500;

    private final DSLContext dsl;

    public EventLog(ShardDatabase db) {
        this.dsl = db.dsl();
    }

    /** Count and XOR (high and low 64 bits) of the version fingerprints of one bucket. */
    public record BucketDigest(long bucket, long count, long xorHigh, long xorLow) {
    }

    /** One version of an event: its id and the SHA-256 of its canonical payload. */
    public record Version(UUID id, byte[] sha256) {

        @Override
        public boolean equals(Object o) {
            return o instanceof Version v && id.equals(v.id) && Arrays.equals(sha256, v.sha256);
        }

        @Override
        public int hashCode() {
            return id.hashCode() * 31 + Arrays.hashCode(sha256);
        }
    }

    /**
     * One version's payload, as {@link EventCodec} writes it, with the digest it is logged
     * under (null when unknown): the digest of the bytes, except for a {@linkplain #isStandIn
     * stand-in} of a purged message, which is logged under the digest of the version it stands in for.
     */
    public record Payload(UUID id, byte[] bytes, byte[] sha256) {
    }

    public static long bucketOf(long timestampMillis) {
        return Math.floorDiv(timestampMillis, BUCKET_MILLIS);
    }

    /** SHA-256 of the event's canonical payload: {@link EventCodec#encode}, hashed without copying the message. */
    public static byte[] digestOf(MailEvent event) {
        MessageDigest md = sha256();
        md.update(EventCodec.encodeHeader(event));
        byte[] message = EventCodec.messageOf(event);
        if (message != null) {
            md.update((byte) '\n');
            md.update(message);
        }
        return md.digest();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    /** Digests of the non-empty buckets from {@code fromBucket} to {@code toBucket}, both inclusive, in order. */
    public List<BucketDigest> digests(long fromBucket, long toBucket) {
        List<BucketDigest> out = new ArrayList<>();
        var applied = dsl.select(APPLIED_EVENT.BUCKET, APPLIED_EVENT.ID, APPLIED_EVENT.SHA256).from(APPLIED_EVENT)
                .where(APPLIED_EVENT.BUCKET.between(fromBucket, toBucket));
        var conflicts = dsl.select(EVENT_CONFLICT.BUCKET, EVENT_CONFLICT.ID, EVENT_CONFLICT.SHA256).from(EVENT_CONFLICT)
                .where(EVENT_CONFLICT.BUCKET.between(fromBucket, toBucket));
        try (Cursor<Record3<Long, byte[], byte[]>> rows = applied.unionAll(conflicts).orderBy(DSL.field("bucket"))
                .fetchSize(Integer.MIN_VALUE).fetchLazy()) {
            long bucket = 0;
            long count = 0;
            long high = 0;
            long low = 0;
            for (Record3<Long, byte[], byte[]> r : rows) {
                if (count > 0 && r.value1() != bucket) {
                    out.add(new BucketDigest(bucket, count, high, low));
                    count = 0;
                    high = 0;
                    low = 0;
                }
                UUID id = EventIds.fromBytes(r.value2());
                // A digest not filled in yet (see fillMissingDigests) counts as zeros.
                ByteBuffer sha = ByteBuffer.wrap(r.value3() == null ? new byte[16] : r.value3());
                bucket = r.value1();
                count++;
                high ^= id.getMostSignificantBits() ^ sha.getLong(0);
                low ^= id.getLeastSignificantBits() ^ sha.getLong(8);
            }
            if (count > 0) {
                out.add(new BucketDigest(bucket, count, high, low));
            }
        }
        return out;
    }

    /** Ids of the events of one bucket, in id order, each once. */
    public List<UUID> eventIds(long bucket) {
        List<UUID> out = new ArrayList<>();
        for (Version v : versions(bucket)) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(v.id())) {
                out.add(v.id());
            }
        }
        return out;
    }

    /** Every version of the events of one bucket, in id order. */
    public List<Version> versions(long bucket) {
        List<Version> out = new ArrayList<>();
        for (Record r : dsl.select(APPLIED_EVENT.ID, APPLIED_EVENT.SHA256).from(APPLIED_EVENT)
                .where(APPLIED_EVENT.BUCKET.eq(bucket))
                .unionAll(dsl.select(EVENT_CONFLICT.ID, EVENT_CONFLICT.SHA256).from(EVENT_CONFLICT)
                        .where(EVENT_CONFLICT.BUCKET.eq(bucket)))
                .orderBy(DSL.field("id")).fetch()) {
            out.add(new Version(EventIds.fromBytes(r.get(0, byte[].class)), r.get(1, byte[].class)));
        }
        return out;
    }

    public boolean contains(UUID id) {
        return dsl.fetchExists(APPLIED_EVENT, APPLIED_EVENT.ID.eq(EventIds.toBytes(id)));
    }

    /** How many event ids arrived here with more than one content. */
    public long conflicts() {
        return dsl.select(DSL.countDistinct(EVENT_CONFLICT.ID)).from(EVENT_CONFLICT).fetchSingle().value1();
    }

    /**
     * The job payloads of every version of the given events that this replica has, the
     * logged version of an id first, ids in the order asked; unknown ids are left out. A
     * deliver or append whose bytes were purged ({@link ExpungedPurge}) comes as a stand-in:
     * an expunge of its own message under its own id and stamp, with the digest of the
     * version it stands in for. The asker logs that version (so digests agree) and keeps a
     * tombstone that its own purge finishes, and the bytes never come back. Caveat: holds
     * them all in memory; ask for a few at a time when messages are big.
     */
    public List<Payload> payloads(Collection<UUID> ids) {
        Map<UUID, List<Payload>> found = new LinkedHashMap<>();
        List<byte[]> keys = new ArrayList<>();
        for (UUID id : ids) {
            keys.add(EventIds.toBytes(id));
            found.put(id, new ArrayList<>());
        }
        for (int i = 0; i < keys.size(); i += IN_CHUNK) {
            List<byte[]> chunk = keys.subList(i, Math.min(keys.size(), i + IN_CHUNK));
            for (Record r : dsl.select(APPLIED_EVENT.ID, APPLIED_EVENT.HEADER, APPLIED_EVENT.CONTENT_ID,
                    APPLIED_EVENT.SHA256, MESSAGE_CONTENT.RAW).from(APPLIED_EVENT)
                    .leftJoin(MESSAGE_CONTENT).on(MESSAGE_CONTENT.ID.eq(APPLIED_EVENT.CONTENT_ID))
                    .where(APPLIED_EVENT.ID.in(chunk)).fetch()) {
                UUID id = EventIds.fromBytes(r.get(APPLIED_EVENT.ID));
                found.get(id).add(0, new Payload(id, payloadOrStandIn(r.get(APPLIED_EVENT.HEADER),
                        r.get(APPLIED_EVENT.CONTENT_ID), r.get(MESSAGE_CONTENT.RAW)), r.get(APPLIED_EVENT.SHA256)));
            }
            for (Record r : dsl.select(EVENT_CONFLICT.ID, EVENT_CONFLICT.HEADER, EVENT_CONFLICT.CONTENT_ID,
                    EVENT_CONFLICT.SHA256, MESSAGE_CONTENT.RAW).from(EVENT_CONFLICT)
                    .leftJoin(MESSAGE_CONTENT).on(MESSAGE_CONTENT.ID.eq(EVENT_CONFLICT.CONTENT_ID))
                    .where(EVENT_CONFLICT.ID.in(chunk)).orderBy(EVENT_CONFLICT.SHA256).fetch()) {
                UUID id = EventIds.fromBytes(r.get(EVENT_CONFLICT.ID));
                found.get(id).add(new Payload(id, payloadOrStandIn(r.get(EVENT_CONFLICT.HEADER),
                        r.get(EVENT_CONFLICT.CONTENT_ID), r.get(MESSAGE_CONTENT.RAW)), r.get(EVENT_CONFLICT.SHA256)));
            }
        }
        List<Payload> out = new ArrayList<>();
        found.values().forEach(out::addAll);
        return out;
    }

    /** The JSON line, then {@code \n} and the message if there is one. */
    static byte[] payload(byte[] header, byte[] raw) {
        if (raw == null) {
            return header;
        }
        byte[] payload = Arrays.copyOf(header, header.length + 1 + raw.length);
        payload[header.length] = '\n';
        System.arraycopy(raw, 0, payload, header.length + 1, raw.length);
        return payload;
    }

    /**
     * Computes the digests the schema migration could not (payloads bigger than the
     * database's max_allowed_packet); returns how many. Runs once at start.
     */
    public int fillMissingDigests() {
        List<byte[]> missing = dsl.select(APPLIED_EVENT.ID).from(APPLIED_EVENT).where(APPLIED_EVENT.SHA256.isNull())
                .fetch(APPLIED_EVENT.ID);
        for (byte[] id : missing) {
            // As the migration does: the header, then the bytes if they are here.
            Record r = dsl.select(APPLIED_EVENT.HEADER, MESSAGE_CONTENT.RAW).from(APPLIED_EVENT)
                    .leftJoin(MESSAGE_CONTENT).on(MESSAGE_CONTENT.ID.eq(APPLIED_EVENT.CONTENT_ID))
                    .where(APPLIED_EVENT.ID.eq(id)).fetchSingle();
            byte[] payload = payload(r.get(APPLIED_EVENT.HEADER), r.get(MESSAGE_CONTENT.RAW));
            dsl.update(APPLIED_EVENT).set(APPLIED_EVENT.SHA256, sha256().digest(payload))
                    .where(APPLIED_EVENT.ID.eq(id)).execute();
        }
        return missing.size();
    }

    /** The logged payload, or the stand-in of a deliver or append whose bytes were purged. */
    private static byte[] payloadOrStandIn(byte[] header, byte[] contentId, byte[] raw) {
        return raw == null && contentId != null ? EventCodec.encode(standIn(header)) : payload(header, raw);
    }

    /** The stand-in of a logged deliver or append whose bytes are gone: an expunge of its own message. */
    static MailEvent standIn(byte[] header) {
        MailEvent arrival;
        try {
            arrival = EventCodec.decode(header, new byte[0]);
        } catch (MalformedEventException e) {
            throw new StoreException("logged event header cannot be read back: " + e.getMessage(), e);
        }
        return new MailEvent.Expunge(arrival.header(), List.of(arrival.id()));
    }

    /**
     * Whether the event is the stand-in of a purged message: an expunge naming its own id,
     * which no client writes (an event's id is new, a message's id is that of an older event).
     */
    public static boolean isStandIn(MailEvent e) {
        return e instanceof MailEvent.Expunge x && x.messages().equals(List.of(x.id()));
    }

    /**
     * The digest an event is logged under: {@link #digestOf}, or for a stand-in the digest
     * its sender logged it under ({@code standIns}, by event), when it gave one.
     */
    static byte[] loggedDigestOf(MailEvent e, Map<MailEvent, byte[]> standIns) {
        byte[] claimed = isStandIn(e) ? standIns.get(e) : null;
        return claimed != null && claimed.length == 32 ? claimed : digestOf(e);
    }
}
