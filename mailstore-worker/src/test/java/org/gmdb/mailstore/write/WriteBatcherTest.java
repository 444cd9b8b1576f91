package org.gmdb.mailstore.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.gmdb.mail.event.EventHeader;
import org.gmdb.mail.event.MailEvent;
import org.gmdb.mailstore.store.RetryableStoreException;
import org.gmdb.mailstore.store.StoreException;
import org.junit.jupiter.api.Test;

class WriteBatcherTest {

    private static MailEvent event() {
        return new MailEvent.Deliver(EventHeader.create("test", "alice@example.com"), "INBOX", Set.of(),
                "Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static WriteBatcher batcher(Function<List<MailEvent>, Integer> store, int maxBatch, long lingerMillis) {
        return new WriteBatcher("test", store, maxBatch, Duration.ofMillis(lingerMillis), Duration.ofMillis(5),
                Duration.ofMillis(20));
    }

    @Test
    void shouldApplyEventsSubmittedTogetherInOneBatch() throws Exception {
        List<Integer> batches = new CopyOnWriteArrayList<>();
        try (WriteBatcher b = batcher(events -> {
            batches.add(events.size());
            return events.size();
        }, 64, 200)) {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                done.add(b.submit(event()));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
            assertEquals(List.of(10), batches);
            assertEquals(10, b.applied());
        }
    }

    @Test
    void shouldCloseABatchWhenItIsFull() throws Exception {
        List<Integer> batches = new CopyOnWriteArrayList<>();
        try (WriteBatcher b = batcher(events -> {
            batches.add(events.size());
            return events.size();
        }, 4, 200)) {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                done.add(b.submit(event()));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
            assertEquals(List.of(4, 4, 2), batches);
        }
    }

    @Test
    void shouldRetryWhileTheDatabaseIsAwayAndNeverFailTheEvents() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (WriteBatcher b = batcher(events -> {
            if (calls.incrementAndGet() <= 5) {
                throw new RetryableStoreException("down", new SQLTransientConnectionException("pool timeout", "08001"));
            }
            return events.size();
        }, 64, 1)) {
            CompletableFuture<Void> done = b.submit(event());
            done.get(5, TimeUnit.SECONDS);
            assertEquals(5, b.retries());
            assertEquals(0, b.failed());
            assertFalse(b.isDatabaseAway());
        }
    }

    @Test
    void shouldFailOnlyTheEventThatCanNeverBeStored() throws Exception {
        MailEvent bad = event();
        try (WriteBatcher b = batcher(events -> {
            if (events.contains(bad)) {
                throw new StoreException("message of event " + bad.id() + ": size 70000000 (expected: <= 16777216)");
            }
            return events.size();
        }, 64, 100)) {
            CompletableFuture<Void> before = b.submit(event());
            CompletableFuture<Void> failing = b.submit(bad);
            CompletableFuture<Void> after = b.submit(event());
            before.get(5, TimeUnit.SECONDS);
            after.get(5, TimeUnit.SECONDS);
            ExecutionException e = assertThrows(ExecutionException.class, () -> failing.get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("size 70000000"), e.getCause().getMessage());
            assertEquals(1, b.failed());
            assertEquals(2, b.applied());
        }
    }

    @Test
    void shouldLeaveEventsPendingWhenClosedDuringAnOutage() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        WriteBatcher b = batcher(events -> {
            calls.incrementAndGet();
            throw new RetryableStoreException("down", new java.sql.SQLException("Communications link failure", "08S01"));
        }, 64, 1);
        CompletableFuture<Void> held = b.submit(event());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (calls.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(b.isDatabaseAway());
        b.close();
        assertFalse(held.isDone(), "an event in an outage is neither completed nor failed");
        assertFalse(b.submit(event()).isDone(), "a closed batcher takes nothing");
    }

    @Test
    void shouldCountAnEventIdOnceAcrossRetries() throws Exception {
        UUID[] seen = new UUID[1];
        try (WriteBatcher b = batcher(events -> {
            seen[0] = events.get(0).id();
            return 1;
        }, 64, 1)) {
            MailEvent e = event();
            b.submit(e).get(5, TimeUnit.SECONDS);
            assertEquals(e.id(), seen[0]);
        }
    }
}
