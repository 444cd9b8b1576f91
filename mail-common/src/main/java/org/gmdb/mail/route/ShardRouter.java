package org.gmdb.mail.route;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Maps a user (an e-mail address) to the shard that holds the user's mail, 1..N.
 *
 * <p>The mapping is a wire contract: any client in any language must route exactly the same
 * way, so it is spelled out here step by step (the README carries the same text).
 *
 * <ol>
 *   <li><b>Key.</b> Trim the address (drop leading and trailing characters {@code <= U+0020},
 *       as {@link String#trim()}), then lower-case it with the locale-independent Unicode
 *       mapping ({@code toLowerCase(Locale.ROOT)}; for ASCII simply {@code A-Z -> a-z}).
 *   <li><b>Hash.</b> {@code h} = 64-bit FNV-1a over the key's UTF-8 bytes: start with the offset
 *       basis {@code 0xcbf29ce484222325}; for each byte {@code h = (h XOR byte) * 0x100000001b3}
 *       modulo 2<sup>64</sup>.
 *   <li><b>Bucket.</b> {@code b} = jump consistent hash of {@code h} into {@code N} buckets
 *       (Lamping &amp; Veach 2014), with unsigned 64-bit arithmetic modulo 2<sup>64</sup> and
 *       IEEE-754 doubles:
 *       <pre>
 *   b = -1; j = 0
 *   while j &lt; N:
 *       b = j
 *       h = h * 2862933555777941757 + 1                        (mod 2^64)
 *       j = floor((b + 1) * (2^31 / ((h &gt;&gt; 33) + 1)))           (the division in doubles)
 *       </pre>
 *   <li><b>Shard.</b> {@code shard = b + 1}.
 * </ol>
 *
 * <p>Worked examples (key, FNV-1a, shard for N=2, shard for N=4):
 * <pre>
 *   alice@example.com     0x67023fc4a7ff2a46   N=2: 1   N=4: 1
 *   dave@example.net      0xf7b93d673039cdf8   N=2: 2   N=4: 4
 *   postmaster@localhost  0xf0d79fe24d0a9a50   N=2: 2   N=4: 2
 * </pre>
 * {@code " Alice@Example.COM"} routes like {@code alice@example.com}.
 *
 * <p>Caveat: going from N to N+1 shards moves about 1/(N+1) of the users, all of them to the
 * new shard N+1; the router itself knows nothing of a resharding in progress.
 */
public final class ShardRouter {

    /** FNV-1a 64-bit offset basis. */
    public static final long FNV64_OFFSET_BASIS = 0xcbf29ce484222325L;
    /** FNV-1a 64-bit prime. */
    public static final long FNV64_PRIME = 0x100000001b3L;
    /** Multiplier of the jump hash's linear congruential step. */
    public static final long JUMP_LCG_MULTIPLIER = 2862933555777941757L;

    private final int shardCount;

    /**
     * @param shardCount N, the number of shards (at least 1)
     */
    public ShardRouter(int shardCount) {
        if (shardCount < 1) {
            throw new IllegalArgumentException("shard count " + shardCount + " (expected: >= 1)");
        }
        this.shardCount = shardCount;
    }

    /** The number of shards N this router spreads users over. */
    public int shardCount() {
        return shardCount;
    }

    /** The shard (1..N) holding the mail of {@code address}. */
    public int shardOf(String address) {
        return jumpConsistentHash(fnv1a64(routingKey(address)), shardCount) + 1;
    }

    /** The function name of the shard holding the mail of {@code address}, e.g. {@code mail2}. */
    public String shardFunctionOf(String address) {
        return FunctionNames.shard(shardOf(address));
    }

    /** The normalized routing key of an address: trimmed, then lower-cased with {@link Locale#ROOT}. */
    public static String routingKey(String address) {
        if (address == null) {
            throw new IllegalArgumentException("address is null (expected: a user's e-mail address)");
        }
        String key = address.trim().toLowerCase(Locale.ROOT);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("address '" + address + "' is blank (expected: a user's e-mail address)");
        }
        return key;
    }

    /** 64-bit FNV-1a of the UTF-8 bytes of {@code key}, as an unsigned value in a {@code long}. */
    public static long fnv1a64(String key) {
        return fnv1a64(key.getBytes(StandardCharsets.UTF_8));
    }

    /** 64-bit FNV-1a of {@code bytes}, as an unsigned value in a {@code long}. */
    public static long fnv1a64(byte[] bytes) {
        long h = FNV64_OFFSET_BASIS;
        for (byte b : bytes) {
            h ^= b & 0xff; // the byte as unsigned: sign extension would flip the high bits
            h *= FNV64_PRIME;
        }
        return h;
    }

    /**
     * Lamping &amp; Veach's jump consistent hash: the bucket 0..buckets-1 of {@code key}.
     * {@code key} is read as unsigned 64 bits (Java's wrap-around multiplication is mod 2^64).
     */
    public static int jumpConsistentHash(long key, int buckets) {
        if (buckets < 1) {
            throw new IllegalArgumentException("bucket count " + buckets + " (expected: >= 1)");
        }
        long b = -1;
        long j = 0;
        while (j < buckets) {
            b = j;
            key = key * JUMP_LCG_MULTIPLIER + 1;
            j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((key >>> 33) + 1)));
        }
        return (int) b;
    }
}
