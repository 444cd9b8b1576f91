package org.gmdb.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.gmdb.mail.event.query.MessageSummary;
import org.gmdb.mail.event.query.SearchCriteria;
import org.gmdb.mail.event.query.Sort;
import org.gmdb.mail.topology.Shard;
import org.gmdb.mail.topology.Topology;
import org.gmdb.mailclient.DeliveryReceipt;
import org.gmdb.mailclient.Durability;
import org.gmdb.mailclient.MailClient;
import org.gmdb.mailclient.ReadFrom;
import org.gmdb.mailclient.SearchResult;
import org.gmdb.mailclient.WriteReceipt;

/**
 * What the end-to-end tests do to a running store and what they expect of it: deliver a
 * corpus with bounded concurrency, read every message back from every replica (pinned), search
 * across shards, and wait for replicas to converge (equal canonical dumps).
 *
 * <p>Caveat: "wait" means polling with a deadline; failures name what is missing and where.
 */
final class StoreChecks {

    /** Requests in flight at once; enough to fill worker batches, few enough for two cores. */
    static final int IN_FLIGHT = 64;

    /** A delivered message: the corpus entry, its event id (= message id) and its shard. */
    record Delivered(MailCorpus.Mail mail, UUID id, int shard) {
    }

    private StoreChecks() {
    }

    /** Delivers every mail (one recipient each) at {@code durability}; fails on the first one that is not durable. */
    static List<Delivered> deliver(MailClient client, List<MailCorpus.Mail> mails, Durability durability) {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<DeliveryReceipt>> futures = new ArrayList<>(mails.size());
        for (MailCorpus.Mail m : mails) {
            slots.acquireUninterruptibly();
            CompletableFuture<DeliveryReceipt> f = client.deliver(List.of(m.user()), m.raw(), durability);
            f.whenComplete((r, e) -> slots.release());
            futures.add(f);
        }
        List<Delivered> out = new ArrayList<>(mails.size());
        for (int i = 0; i < mails.size(); i++) {
            WriteReceipt r = futures.get(i).join().recipients().get(0);
            assertTrue(r.durable(), "delivery " + i + " not durable: " + r);
            out.add(new Delivered(mails.get(i), r.eventId(), r.shard()));
        }
        return out;
    }

    /**
     * Polls every replica (pinned) for each user's message count until all have every message
     * delivered to them: the cheap wait for convergence before reading each message back.
     */
    static void awaitEveryReplicaHasEveryMessage(MailClient client, Topology topology, List<Delivered> delivered,
            Duration deadline) {
        Map<String, Long> expected = new java.util.TreeMap<>();
        Map<String, Integer> shardOf = new java.util.HashMap<>();
        for (Delivered d : delivered) {
            expected.merge(d.mail().user(), 1L, Long::sum);
            shardOf.put(d.mail().user(), d.shard());
        }
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            List<String> behind = new ArrayList<>();
            List<CompletableFuture<Void>> asked = new ArrayList<>();
            for (var e : expected.entrySet()) {
                for (String r : topology.shard(shardOf.get(e.getKey())).replicaNames()) {
                    asked.add(client.counts(e.getKey(), null, ReadFrom.replica(r)).handle((c, error) -> {
                        long has = error == null ? c.messages() : 0;
                        if (has < e.getValue()) {
                            synchronized (behind) {
                                behind.add(e.getKey() + " on mail" + shardOf.get(e.getKey()) + "@" + r + ": " + has + " of "
                                        + e.getValue() + (error == null ? "" : " (" + error.getCause() + ")"));
                            }
                        }
                        return null;
                    }));
                }
            }
            CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).join();
            if (behind.isEmpty()) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError(behind.size() + " user replicas still lack messages after " + deadline.toSeconds()
                        + " s, e.g. " + behind.subList(0, Math.min(5, behind.size())));
            }
            sleep(250);
        }
    }

    /**
     * Fetches every message from every replica of its shard (pinned reads) until each returns
     * exactly the delivered bytes; polls until {@code deadline} for replicas still catching up.
     * Bytes that differ fail at once: that is corruption, not lag.
     */
    static void awaitEveryReplicaServesEveryMessage(MailClient client, Topology topology, List<Delivered> delivered,
            Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        List<Pinned> pending = new ArrayList<>();
        for (Delivered d : delivered) {
            for (String r : topology.shard(d.shard()).replicaNames()) {
                pending.add(new Pinned(d, r));
            }
        }
        int total = pending.size();
        Map<Pinned, String> lastError = new ConcurrentHashMap<>();
        while (true) {
            List<Pinned> missing = fetchAll(client, pending, lastError);
            if (missing.isEmpty()) {
                return;
            }
            if (System.nanoTime() > end) {
                Pinned first = missing.get(0);
                throw new AssertionError(missing.size() + " of " + total + " pinned reads still fail after "
                        + deadline.toSeconds() + " s; e.g. message " + first.d().id() + " of " + first.d().mail().user()
                        + " on mail" + first.d().shard() + "@" + first.replica() + ": " + lastError.get(first));
            }
            pending = missing;
            sleep(500);
        }
    }

    private record Pinned(Delivered d, String replica) {
    }

    /** The reads that did not (yet) return the message; mismatched bytes throw. */
    private static List<Pinned> fetchAll(MailClient client, List<Pinned> reads, Map<Pinned, String> lastError) {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        List<Pinned> missing = new ArrayList<>();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        List<String> corrupt = new ArrayList<>();
        for (Pinned p : reads) {
            slots.acquireUninterruptibly();
            CompletableFuture<Void> f = client.fetch(p.d().mail().user(), p.d().id(), ReadFrom.replica(p.replica()))
                    .handle((fetched, e) -> {
                        slots.release();
                        synchronized (missing) {
                            if (e != null) {
                                missing.add(p);
                                lastError.put(p, String.valueOf(e.getCause() != null ? e.getCause() : e));
                            } else if (!Arrays.equals(p.d().mail().raw(), fetched.raw())) {
                                corrupt.add(p.d().id() + " on mail" + p.d().shard() + "@" + p.replica() + ": "
                                        + fetched.raw().length + " bytes (expected: " + p.d().mail().raw().length
                                        + " identical bytes)");
                            }
                        }
                        return null;
                    });
            all.add(f);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        assertTrue(corrupt.isEmpty(), corrupt.size() + " messages read back different: " + corrupt.subList(0,
                Math.min(5, corrupt.size())));
        return missing;
    }

    /**
     * A search across all shards for {@code criteria} (newest first by Date:) returns exactly
     * the expected messages, in order: those of {@code delivered} matching {@code expected},
     * sorted by date descending, cut to {@code limit}; and both shards contributed.
     */
    static SearchResult assertCrossShardSearch(MailClient client, List<Delivered> delivered, SearchCriteria criteria,
            java.util.function.Predicate<MailCorpus.Mail> expected, int limit) {
        SearchResult result = client.search(criteria, Sort.DATE, true, limit, Duration.ofSeconds(30)).join();
        assertTrue(result.complete(), () -> "search incomplete: " + result.describeMissing());
        assertEquals(List.of(1, 2), result.shardsAsked());
        List<UUID> want = delivered.stream().filter(d -> expected.test(d.mail()))
                .sorted(Comparator.comparingLong((Delivered d) -> d.mail().dateMillis()).reversed())
                .limit(limit).map(Delivered::id).toList();
        List<UUID> got = result.messages().stream().map(MessageSummary::id).toList();
        assertEquals(want.size(), got.size(), "number of messages found");
        assertEquals(want, got, "messages found, newest first");
        Map<UUID, Delivered> byId = new ConcurrentHashMap<>();
        delivered.forEach(d -> byId.put(d.id(), d));
        for (MessageSummary m : result.messages()) {
            Delivered d = byId.get(m.id());
            assertEquals(d.mail().user(), m.user(), "user of " + m.id());
            assertEquals(d.mail().subject(), m.subject(), "subject of " + m.id());
            assertEquals(d.mail().dateMillis(), m.date(), "date of " + m.id());
            assertEquals(d.mail().raw().length, m.size(), "size of " + m.id());
        }
        long shards = result.messages().stream().map(m -> byId.get(m.id()).shard()).distinct().count();
        assertEquals(2, shards, "both shards should contribute to the merged result");
        return result;
    }

    /** Polls until every replica of {@code shard} has the same canonical dump; returns it. */
    static String awaitReplicasIdentical(Shard shard, Function<String, String> databaseOfReplica, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            List<String> dumps = new ArrayList<>();
            for (String r : shard.replicaNames()) {
                dumps.add(TestDatabases.dump(databaseOfReplica.apply(r)));
            }
            if (dumps.stream().distinct().count() == 1) {
                return dumps.get(0);
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("canonical dumps of shard " + shard.number() + " replicas "
                        + shard.replicaNames() + " still differ after " + deadline.toSeconds() + " s: "
                        + difference(dumps.get(0), dumps.get(dumps.size() - 1)));
            }
            sleep(500);
        }
    }

    /** The lines only one of two dumps has (the first few of each). */
    static String difference(String a, String b) {
        java.util.Set<String> left = new java.util.LinkedHashSet<>(a.lines().toList());
        java.util.Set<String> right = new java.util.LinkedHashSet<>(b.lines().toList());
        List<String> onlyLeft = left.stream().filter(l -> !right.contains(l)).toList();
        List<String> onlyRight = right.stream().filter(l -> !left.contains(l)).toList();
        return onlyLeft.size() + " lines only in the first, e.g. " + onlyLeft.subList(0, Math.min(3, onlyLeft.size()))
                + "; " + onlyRight.size() + " only in the last, e.g. " + onlyRight.subList(0, Math.min(3, onlyRight.size()));
    }

    /** Runs {@code step} and prints how long it took (in the test report's output). */
    static <T> T timed(String what, java.util.function.Supplier<T> step) {
        long t0 = System.nanoTime();
        T result = step.get();
        System.out.printf(java.util.Locale.ROOT, "[e2e] %s: %.1f s%n", what, (System.nanoTime() - t0) / 1e9);
        return result;
    }

    static void timed(String what, Runnable step) {
        timed(what, () -> {
            step.run();
            return null;
        });
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
