package org.gmdb.jobserver.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HandleIndexTest {

    private final FunctionQueue function = new FunctionQueue("f", new byte[] {'f'});
    private final HandleIndex index = new HandleIndex();

    private Job job(long n) {
        return new Job(n, function, new byte[0], new byte[0], null, 1, true, 0, 0);
    }

    @Test
    void shouldFindExactlyWhatATreeMapFindsUnderRandomChurn() {
        TreeMap<Long, Job> model = new TreeMap<>();
        Random random = new Random(42);
        for (int step = 0; step < 300_000; step++) {
            long n = random.nextInt(20_000) + 1;
            Job present = model.get(n);
            if (present == null) {
                Job j = job(n);
                index.add(j);
                model.put(n, j);
            } else if (random.nextBoolean()) {
                assertTrue(index.remove(present));
                model.remove(n);
            }
            long probe = random.nextInt(25_000);
            assertSame(model.get(probe), index.find(probe));
        }
        assertEquals(model.size(), index.size());
        List<Job> visited = new ArrayList<>();
        index.forEach(visited::add);
        assertEquals(new ArrayList<>(model.values()), visited); // oldest number first
    }

    @Test
    void shouldKeepFindingAnOldJobWhileMillionsPassItBy() {
        Job stuck = job(1);
        index.add(stuck);
        Job previous = null;
        for (long n = 2; n < 3_000_000; n++) {
            Job j = job(n);
            index.add(j);
            if (previous != null) {
                assertTrue(index.remove(previous));
            }
            previous = j;
        }
        assertSame(stuck, index.find(1));
        assertSame(previous, index.find(2_999_999));
        assertNull(index.find(2_999_998));
        assertNull(index.find(3_000_000));
        assertEquals(2, index.size());
    }

    @Test
    void shouldNotFindAJobTwiceOrAJobItNeverHad() {
        Job a = job(5);
        index.add(a);
        assertFalse(index.remove(job(5))); // same number, another job
        assertTrue(index.remove(a));
        assertFalse(index.remove(a));
        assertNull(index.find(5));
        assertEquals(0, index.size());
    }

    @Test
    void shouldTakeNumbersBelowItsOldestPage() {
        Job high = job(10 * HandleIndex.PAGE);
        Job low = job(3);
        index.add(high);
        index.add(low);
        assertSame(low, index.find(3));
        assertSame(high, index.find(10 * HandleIndex.PAGE));
        assertTrue(index.remove(high));
        assertSame(low, index.find(3));
    }

    @Test
    void shouldServeADeepQueueFilledAndDrainedInOrder() {
        int depth = 1_000_000;
        for (long n = 1; n <= depth; n++) {
            index.add(job(n));
        }
        for (long n = 1; n <= depth; n++) {
            Job j = index.find(n);
            assertEquals(n, j.number);
            assertTrue(index.remove(j));
        }
        assertEquals(0, index.size());
        index.add(job(depth + 1L));
        assertEquals(depth + 1L, index.find(depth + 1L).number);
    }
}
