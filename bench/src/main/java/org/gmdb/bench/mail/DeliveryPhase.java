package org.gmdb.bench.mail;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.gmdb.mailclient.Durability;
import org.gmdb.mailclient.MailClient;

/**
 * Delivers messages through {@link MailClient} with a fixed number in flight and measures
 * each successful call from {@code deliver} to the completion of its future (failed calls are
 * counted apart, with the first error kept); afterwards waits until
 * every replica's event log holds every delivered event (the drain: for {@code QUEUED} the
 * time the replicas lag behind the acknowledgements, for {@code ONE}/{@code ALL} a check).
 *
 * <p>Each message has one recipient, users taking turns, so each delivery is one event
 * written to both replicas of its user's shard. Caveat: the drain is seen by polling each
 * replica's {@code applied_event} count every 20 ms, so it is known to about that much.
 */
final class DeliveryPhase {

    private static final long DRAIN_TIMEOUT_MS = 300_000;

    /**
     * @param durability   what each deliver waited for
     * @param messages     deliveries measured (fewer than asked if the time ran out)
     * @param inFlight     deliveries in flight at once
     * @param seconds      from the first call to the last completion
     * @param latencies    per successful deliver call (failures are only counted)
     * @param failed       calls whose future failed
     * @param firstError   the first failure, or null
     * @param drainMillis  from the last completion until every replica held every event; -1 if it never did
     */
    record Result(Durability durability, int messages, int inFlight, double seconds, Latencies latencies, int failed,
            String firstError, long drainMillis) {

        double perSecond() {
            return (messages - failed) / seconds;
        }

        /** Deliveries per second counted until the replicas had applied them all. */
        double perSecondApplied() {
            return drainMillis < 0 ? Double.NaN : (messages - failed) / (seconds + drainMillis / 1000.0);
        }
    }

    private final MailClient client;
    private final SyntheticMail mail;
    private final BenchCluster cluster;
    private final BenchDatabases dbs;
    /** Events each shard's replicas must hold once drained, from every delivery so far. */
    private final long[] expectedPerShard;

    DeliveryPhase(MailClient client, SyntheticMail mail, BenchCluster cluster, BenchDatabases dbs) {
        this.client = client;
        this.mail = mail;
        this.cluster = cluster;
        this.dbs = dbs;
        this.expectedPerShard = new long[cluster.shards() + 1];
    }

    /**
     * Delivers messages from {@code first} on, {@code count} of them or as many as start
     * within {@code maxSeconds}, then waits for the drain.
     */
    Result run(Durability durability, long first, int count, int inFlight, int maxSeconds)
            throws InterruptedException, SQLException {
        Latencies latencies = new Latencies();
        Semaphore slots = new Semaphore(inFlight);
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        long stopStarting = start + TimeUnit.SECONDS.toNanos(maxSeconds);
        int started = 0;
        for (long i = first; i < first + count && System.nanoTime() < stopStarting; i++) {
            started++;
            String user = mail.userOf(i);
            byte[] raw = mail.message(i);
            expectedPerShard[client.shardOf(user)]++;
            slots.acquire();
            long t0 = System.nanoTime();
            client.deliver(List.of(user), raw, durability).whenComplete((receipt, error) -> {
                // a failure can come fast (refused) or after a timeout: either would distort the latencies
                if (error == null) {
                    latencies.add(System.nanoTime() - t0);
                } else {
                    failed.incrementAndGet();
                    firstError.compareAndSet(null, String.valueOf(error));
                }
                slots.release();
            });
        }
        if (!slots.tryAcquire(inFlight, 600, TimeUnit.SECONDS)) {
            throw new IllegalStateException(durability + ": " + (inFlight - slots.availablePermits())
                    + " deliveries still in flight after 600 s");
        }
        long end = System.nanoTime();
        long drain = awaitDrain(end);
        return new Result(durability, started, inFlight, (end - start) / 1e9, latencies, failed.get(), firstError.get(),
                drain);
    }

    /** Millis from {@code since} until every replica holds its shard's expected events; -1 on timeout. */
    private long awaitDrain(long since) throws SQLException, InterruptedException {
        long deadline = since + TimeUnit.MILLISECONDS.toNanos(DRAIN_TIMEOUT_MS);
        while (true) {
            if (drained()) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
            }
            if (System.nanoTime() > deadline) {
                return -1;
            }
            Thread.sleep(20);
        }
    }

    private boolean drained() throws SQLException {
        for (int s = 1; s <= cluster.shards(); s++) {
            for (String r : cluster.replicas()) {
                if (dbs.appliedEvents(cluster.database(s, r)) < expectedPerShard[s]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Per replica, "mail1@a 1234/1234", for the report. */
    String describeCounts() throws SQLException {
        StringBuilder out = new StringBuilder();
        for (int s = 1; s <= cluster.shards(); s++) {
            for (String r : cluster.replicas()) {
                out.append(out.length() == 0 ? "" : ", ").append("mail").append(s).append('@').append(r).append(' ')
                        .append(dbs.appliedEvents(cluster.database(s, r))).append('/').append(expectedPerShard[s]);
            }
        }
        return out.toString();
    }
}
