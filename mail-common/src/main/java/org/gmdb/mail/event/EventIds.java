package org.gmdb.mail.event;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Makes UUIDv7 event ids (RFC 9562): 48 bits of epoch millis, then 74 bits that are random
 * at the first id of a millisecond and counted up by one for each further id in it, so
 * ids from one generator are strictly increasing.
 *
 * <p>Caveat: if the clock steps back, the generator keeps counting on from its last
 * millisecond rather than go backwards; ids stay unique and ordered, timestamps run a
 * little ahead until the clock catches up.
 */
public final class EventIds {

    private static final EventIds DEFAULT = new EventIds(System::currentTimeMillis, new SecureRandom());
    private static final long RAND_A_MASK = 0xFFFL;
    private static final long RAND_B_MASK = 0x3FFF_FFFF_FFFF_FFFFL;
    private static final long MAX_MILLIS = (1L << 48) - 1;

    private final LongSupplier clock;
    private final SecureRandom random;
    private long lastMillis = -1;
    private long randA;   // 12 bits
    private long randB;   // 62 bits

    public EventIds(LongSupplier clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    /** A new id from the process-wide generator. */
    public static UUID next() {
        return DEFAULT.nextId();
    }

    public synchronized UUID nextId() {
        long now = clock.getAsLong();
        if (now < 0 || now > MAX_MILLIS) {
            throw new IllegalStateException("clock " + now + " ms out of UUIDv7 range (expected: 0.." + MAX_MILLIS + ")");
        }
        if (now > lastMillis) {
            lastMillis = now;
            // The top bit of rand_a starts clear: room for 2^11 ids before borrowing a millisecond.
            randA = random.nextInt(1 << 11);
            randB = random.nextLong() & RAND_B_MASK;
        } else if (randB < RAND_B_MASK) {
            randB++;
        } else if (randA < RAND_A_MASK) {
            randA++;
            randB = 0;
        } else {
            lastMillis++;
            randA = 0;
            randB = 0;
        }
        long msb = (lastMillis << 16) | (0x7L << 12) | randA;
        long lsb = (0b10L << 62) | randB;
        return new UUID(msb, lsb);
    }

    /** The epoch millis of a UUIDv7. */
    public static long timestampOf(UUID id) {
        if (id.version() != 7) {
            throw new IllegalArgumentException("event id " + id + " is UUID version " + id.version() + " (expected: 7)");
        }
        return id.getMostSignificantBits() >>> 16;
    }

    /** Orders ids as their 16 big-endian bytes do (as BINARY(16) sorts in the database). */
    public static int compare(UUID a, UUID b) {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    public static byte[] toBytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    public static UUID fromBytes(byte[] bytes) {
        if (bytes.length != 16) {
            throw new IllegalArgumentException("id of " + bytes.length + " bytes (expected: 16)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new UUID(b.getLong(), b.getLong());
    }
}
