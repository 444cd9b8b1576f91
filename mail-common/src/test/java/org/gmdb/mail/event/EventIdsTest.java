package org.gmdb.mail.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void shouldMakeVersion7IdsCarryingTheClockMillis() {
        EventIds ids = new EventIds(() -> 1_764_367_000_123L, new SecureRandom());
        UUID id = ids.nextId();
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(1_764_367_000_123L, EventIds.timestampOf(id));
    }

    @Test
    void shouldStayStrictlyIncreasingWithinOneMillisecond() {
        EventIds ids = new EventIds(() -> 1_000L, new SecureRandom());
        UUID previous = ids.nextId();
        for (int i = 0; i < 10_000; i++) {
            UUID next = ids.nextId();
            assertTrue(EventIds.compare(previous, next) < 0, previous + " then " + next);
            assertEquals(7, next.version());
            previous = next;
        }
    }

    @Test
    void shouldStayIncreasingWhenTheClockStepsBack() {
        AtomicLong clock = new AtomicLong(5_000);
        EventIds ids = new EventIds(clock::get, new SecureRandom());
        UUID before = ids.nextId();
        clock.set(4_000);
        UUID after = ids.nextId();
        assertTrue(EventIds.compare(before, after) < 0);
        assertEquals(5_000, EventIds.timestampOf(after));
    }

    @Test
    void shouldOrderAcrossMillisecondsByTime() {
        AtomicLong clock = new AtomicLong(1_000);
        EventIds ids = new EventIds(clock::get, new SecureRandom());
        UUID a = ids.nextId();
        clock.incrementAndGet();
        UUID b = ids.nextId();
        assertTrue(EventIds.compare(a, b) < 0);
        assertTrue(new Stamp(1_000, a).compareTo(new Stamp(1_001, b)) < 0);
    }

    @Test
    void shouldMakeUniqueIdsFromManyThreads() throws InterruptedException {
        Set<UUID> seen = java.util.Collections.synchronizedSet(new HashSet<>());
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    seen.add(EventIds.next());
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(20_000, seen.size());
    }

    @Test
    void shouldRoundTripIdsThroughSixteenBytesKeepingByteOrder() {
        UUID a = UUID.fromString("01900000-0000-7000-8000-000000000001");
        UUID b = UUID.fromString("01900000-0000-7000-c000-000000000000");
        assertEquals(a, EventIds.fromBytes(EventIds.toBytes(a)));
        assertTrue(EventIds.compare(a, b) < 0);
        assertTrue(java.util.Arrays.compareUnsigned(EventIds.toBytes(a), EventIds.toBytes(b)) < 0);
    }

    @Test
    void shouldRefuseTimestampOfNonVersion7Id() {
        UUID v4 = UUID.randomUUID();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventIds.timestampOf(v4));
        assertTrue(e.getMessage().contains("version 4 (expected: 7)"), e.getMessage());
    }
}
