package org.gmdb.mail.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The expected numbers below were computed independently of this code, at development time,
 * with this Python 3 reference (the README's algorithm, transcribed):
 * <pre>
 * M = (1 &lt;&lt; 64) - 1
 * def fnv1a64(b):
 *     h = 0xcbf29ce484222325
 *     for x in b: h = ((h ^ x) * 0x100000001b3) &amp; M
 *     return h
 * def jump(key, n):
 *     b, j = -1, 0
 *     while j &lt; n:
 *         b = j; key = (key * 2862933555777941757 + 1) &amp; M
 *         j = int((b + 1) * (float(1 &lt;&lt; 31) / float((key &gt;&gt; 33) + 1)))
 *     return b
 * def shard(a, n): return jump(fnv1a64(a.strip().lower().encode()), n) + 1
 * </pre>
 */
class ShardRouterTest {

    @Test
    void shouldHashWithTheStandardFnv1a64Vectors() {
        assertEquals(0xcbf29ce484222325L, ShardRouter.fnv1a64(""));
        assertEquals(0xaf63dc4c8601ec8cL, ShardRouter.fnv1a64("a"));
        assertEquals(0x67023fc4a7ff2a46L, ShardRouter.fnv1a64("alice@example.com"));
        assertEquals(0xf7b93d673039cdf8L, ShardRouter.fnv1a64("dave@example.net"));
        // Non-ASCII: bytes >= 0x80 must be XORed unsigned.
        assertEquals(0x55eed45503182a00L, ShardRouter.fnv1a64("émile@exemple.fr"));
        assertEquals(0x52709b90d59a505bL, ShardRouter.fnv1a64("用户@例子.广告"));
    }

    @Test
    void shouldJumpHashToTheReferenceBuckets() {
        int[] keys0to19Into100 = {0, 55, 62, 8, 45, 59, 86, 97, 82, 59, 73, 37, 17, 56, 86, 21, 90, 37, 38, 83};
        for (int key = 0; key < keys0to19Into100.length; key++) {
            assertEquals(keys0to19Into100[key], ShardRouter.jumpConsistentHash(key, 100), "key " + key);
        }
        assertEquals(6, ShardRouter.jumpConsistentHash(10863919174838991L, 11));
        assertEquals(3, ShardRouter.jumpConsistentHash(2016238256797177309L, 11));
        assertEquals(80343, ShardRouter.jumpConsistentHash(2, 100001));
        assertEquals(313, ShardRouter.jumpConsistentHash(-1L, 1000)); // key 2^64-1
        assertEquals(635109204, ShardRouter.jumpConsistentHash(0xdeadbeefcafebabeL, Integer.MAX_VALUE));
    }

    @Test
    void shouldRouteTheDocumentedExamplesToTheirShards() {
        // address -> shard for N = 1, 2, 3, 4, 5, 8, 16, 100
        int[] counts = {1, 2, 3, 4, 5, 8, 16, 100};
        assertShards("alice@example.com", counts, 1, 1, 1, 1, 5, 5, 12, 94);
        assertShards("bob@example.com", counts, 1, 1, 1, 4, 4, 4, 4, 4);
        assertShards("carol@example.org", counts, 1, 1, 3, 4, 4, 7, 16, 29);
        assertShards("dave@example.net", counts, 1, 2, 2, 4, 4, 8, 8, 20);
        assertShards("postmaster@localhost", counts, 1, 2, 2, 2, 2, 2, 2, 64);
        assertShards("émile@exemple.fr", counts, 1, 2, 2, 4, 4, 4, 10, 65);
    }

    @Test
    void shouldSpreadTenThousandUsersLikeTheReference() {
        // Shard sizes of user0@example.com .. user9999@example.com, from the Python reference.
        assertEquals(java.util.List.of(5012, 4988), sizes(2));
        assertEquals(java.util.List.of(2500, 2469, 2481, 2550), sizes(4));
        assertEquals(java.util.List.of(2026, 1971, 2000, 2051, 1952), sizes(5));
    }

    @Test
    void shouldIgnoreCaseAndSurroundingWhitespace() {
        var router = new ShardRouter(100);
        assertEquals(router.shardOf("alice@example.com"), router.shardOf("  Alice@Example.COM\t"));
        assertEquals(router.shardOf("émile@exemple.fr"), router.shardOf("ÉMILE@EXEMPLE.FR"));
        assertEquals("alice@example.com", ShardRouter.routingKey(" ALICE@example.com\n"));
    }

    @Test
    void shouldGiveTheSameShardEveryTimeAndForEveryRouterInstance() {
        for (int i = 0; i < 1000; i++) {
            String user = "user" + i + "@example.com";
            int first = new ShardRouter(7).shardOf(user);
            assertEquals(first, new ShardRouter(7).shardOf(user));
            assertTrue(first >= 1 && first <= 7, "shard " + first + " (expected: 1..7)");
        }
    }

    @Test
    void shouldMoveAboutOneInNPlusOneUsersAndOnlyToTheNewShardWhenAddingAShard() {
        int users = 10_000;
        for (int n = 1; n <= 8; n++) {
            var before = new ShardRouter(n);
            var after = new ShardRouter(n + 1);
            int moved = 0;
            for (int i = 0; i < users; i++) {
                String user = "user" + i + "@example.com";
                int from = before.shardOf(user);
                int to = after.shardOf(user);
                if (from != to) {
                    moved++;
                    assertEquals(n + 1, to, user + " moved from " + from + " to an old shard");
                }
            }
            double expected = users / (n + 1.0);
            // Binomial spread: 5 standard deviations is far beyond noise, far below a wrong hash.
            double tolerance = 5 * Math.sqrt(users * (1.0 / (n + 1)) * (n / (n + 1.0)));
            assertTrue(Math.abs(moved - expected) <= tolerance,
                    "N=" + n + " -> " + (n + 1) + ": moved " + moved + " (expected: " + expected + " +- " + tolerance + ")");
        }
    }

    @Test
    void shouldGiveTheShardFunctionOfAnAddress() {
        assertEquals("mail4", new ShardRouter(4).shardFunctionOf("dave@example.net"));
    }

    @Test
    void shouldRejectBadInputWithTheValueInTheMessage() {
        var zero = assertThrows(IllegalArgumentException.class, () -> new ShardRouter(0));
        assertEquals("shard count 0 (expected: >= 1)", zero.getMessage());
        var blank = assertThrows(IllegalArgumentException.class, () -> new ShardRouter(2).shardOf("  "));
        assertTrue(blank.getMessage().contains("is blank"), blank.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ShardRouter(2).shardOf(null));
        assertThrows(IllegalArgumentException.class, () -> ShardRouter.jumpConsistentHash(1, 0));
    }

    private static void assertShards(String address, int[] counts, int... expected) {
        for (int i = 0; i < counts.length; i++) {
            assertEquals(expected[i], new ShardRouter(counts[i]).shardOf(address), address + " with N=" + counts[i]);
        }
    }

    private static java.util.List<Integer> sizes(int n) {
        var router = new ShardRouter(n);
        int[] sizes = new int[n];
        IntStream.range(0, 10_000).forEach(i -> sizes[router.shardOf("user" + i + "@example.com") - 1]++);
        return IntStream.of(sizes).boxed().toList();
    }
}
