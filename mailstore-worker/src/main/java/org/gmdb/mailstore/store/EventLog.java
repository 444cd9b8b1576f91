package org.gmdb.mailstore.store;

import static org.gmdb.schema.shard.Tables.APPLIED_EVENT;
import static org.gmdb.schema.shard.Tables.MESSAGE_CONTENT;

import java.util.ArrayList;
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
import org.jooq.Record2;

/**
 * The replica's log of applied events, for anti-entropy between replicas of a shard:
 * compare {@link #digests} per hour bucket, list the ids of a bucket that differs, pull
 * the payloads the other side lacks and apply them with {@link EventApplier}.
 *
 * <p>A digest is the count and the XOR of the ids in a bucket (by event timestamp, hours
 * since the epoch): cheap and order-free, but XOR can in theory hide two differences that
 * cancel; compare id lists when counts differ or periodically anyway.
 */
public final class EventLog {

    public static final long BUCKET_MILLIS = 3_600_000L;
    private static final int IN_CHUNK = 500;

    private final DSLContext dsl;

    public EventLog(ShardDatabase db) {
        this.dsl = db.dsl();
    }

    /** Count and XOR (high and low 64 bits) of the event ids of one bucket. */
    public record BucketDigest(long bucket, long count, long xorHigh, long xorLow) {
    }

    public static long bucketOf(long timestampMillis) {
        return Math.floorDiv(timestampMillis, BUCKET_MILLIS);
    }

    /** Digests of the non-empty buckets from {@code fromBucket} to {@code toBucket}, both inclusive, in order. */
    public List<BucketDigest> digests(long fromBucket, long toBucket) {
        List<BucketDigest> out = new ArrayList<>();
        try (Cursor<Record2<Long, byte[]>> rows = dsl.select(APPLIED_EVENT.BUCKET, APPLIED_EVENT.ID).from(APPLIED_EVENT)
                .where(APPLIED_EVENT.BUCKET.between(fromBucket, toBucket))
                .orderBy(APPLIED_EVENT.BUCKET).fetchSize(Integer.MIN_VALUE).fetchLazy()) {
            long bucket = 0;
            long count = 0;
            long high = 0;
            long low = 0;
            for (Record2<Long, byte[]> r : rows) {
                if (count > 0 && r.value1() != bucket) {
                    out.add(new BucketDigest(bucket, count, high, low));
                    count = 0;
                    high = 0;
                    low = 0;
                }
                UUID id = EventIds.fromBytes(r.value2());
                bucket = r.value1();
                count++;
                high ^= id.getMostSignificantBits();
                low ^= id.getLeastSignificantBits();
            }
            if (count > 0) {
                out.add(new BucketDigest(bucket, count, high, low));
            }
        }
        return out;
    }

    /** Ids of the events of one bucket, in id order. */
    public List<UUID> eventIds(long bucket) {
        List<UUID> out = new ArrayList<>();
        for (byte[] id : dsl.select(APPLIED_EVENT.ID).from(APPLIED_EVENT).where(APPLIED_EVENT.BUCKET.eq(bucket))
                .orderBy(APPLIED_EVENT.ID).fetch(APPLIED_EVENT.ID)) {
            out.add(EventIds.fromBytes(id));
        }
        return out;
    }

    public boolean contains(UUID id) {
        return dsl.fetchExists(APPLIED_EVENT, APPLIED_EVENT.ID.eq(EventIds.toBytes(id)));
    }

    /**
     * The job payloads (as {@link org.gmdb.mail.event.EventCodec} writes them) of the given
     * events that this replica has, in the order asked; unknown ids are left out. A deliver
     * or append whose bytes were purged ({@link ExpungedPurge}) comes as an expunge of its
     * own message under its own id and stamp: the asker logs the id (so digests agree) and
     * keeps a tombstone that its own purge finishes, and the bytes never come back. Caveat:
     * holds them all in memory; ask for a few at a time when messages are big.
     */
    public Map<UUID, byte[]> payloads(Collection<UUID> ids) {
        Map<UUID, byte[]> found = new LinkedHashMap<>();
        List<byte[]> keys = new ArrayList<>();
        for (UUID id : ids) {
            keys.add(EventIds.toBytes(id));
        }
        for (int i = 0; i < keys.size(); i += IN_CHUNK) {
            for (Record r : dsl.select(APPLIED_EVENT.ID, APPLIED_EVENT.HEADER, APPLIED_EVENT.CONTENT_ID, MESSAGE_CONTENT.RAW)
                    .from(APPLIED_EVENT)
                    .leftJoin(MESSAGE_CONTENT).on(MESSAGE_CONTENT.ID.eq(APPLIED_EVENT.CONTENT_ID))
                    .where(APPLIED_EVENT.ID.in(keys.subList(i, Math.min(keys.size(), i + IN_CHUNK)))).fetch()) {
                byte[] header = r.get(APPLIED_EVENT.HEADER);
                byte[] raw = r.get(MESSAGE_CONTENT.RAW);
                byte[] payload = header;
                if (raw == null && r.get(APPLIED_EVENT.CONTENT_ID) != null) {
                    payload = purgedStub(header);
                } else if (raw != null) {
                    payload = java.util.Arrays.copyOf(header, header.length + 1 + raw.length);
                    payload[header.length] = '\n';
                    System.arraycopy(raw, 0, payload, header.length + 1, raw.length);
                }
                found.put(EventIds.fromBytes(r.get(APPLIED_EVENT.ID)), payload);
            }
        }
        Map<UUID, byte[]> ordered = new LinkedHashMap<>();
        for (UUID id : ids) {
            if (found.containsKey(id)) {
                ordered.put(id, found.get(id));
            }
        }
        return ordered;
    }

    private static byte[] purgedStub(byte[] header) {
        MailEvent arrival;
        try {
            arrival = EventCodec.decode(header, new byte[0]);
        } catch (MalformedEventException e) {
            throw new StoreException("logged event header cannot be read back: " + e.getMessage(), e);
        }
        return EventCodec.encode(new MailEvent.Expunge(arrival.header(), List.of(arrival.id())));
    }
}
