package org.gmdb.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.gmdb.mail.event.MailEvent;

/**
 * The convergence promise on real MariaDB, checked against two oracles rather than only
 * replica against replica. For any set of events:
 * <ul>
 *   <li>the same events applied once each, one transaction per event, in (timestamp, id)
 *   order to a fresh database (the serial run) show what {@link StoreModel}, an in-memory
 *   model of the rules, says a reader should see;</li>
 *   <li>each replica that applies them in a random order, with random duplicates and
 *   batching, ends with the serial run's {@link CanonicalDump} (so also with every other
 *   replica's, and with the model's view; the first replica is also read through the
 *   queries);</li>
 *   <li>every database keeps {@link ReplicaInvariants}.</li>
 * </ul>
 * The same holds when replicas purge expunged messages ({@link ExpungedPurge}) at random
 * moments, the serial run purging once at its end and the model purging every expunged
 * message. Histories in which some ids come again with other content ({@link EventVersions})
 * are checked against the serial run, which applies each version once, in (timestamp, id)
 * order and versions of one id in the order of the history, and against the invariants:
 * {@link StoreModel} covers only histories without conflicting versions.
 * Histories are lists of event seeds and shrink by dropping events, so a failure comes back
 * small. {@code -Dconvergence.tries=N} (or {@code -Pnightly}) sets the number of tries.
 */
@AddLifecycleHook(TriesFromSystemProperty.class)
class ConvergencePropertiesIT {

    private static final int REPLICAS = 3;
    private static final int PURGE_BATCH = 500;
    /** {@code REPLICAS} replicas, then the serial run's database. */
    private static Replicas databases;
    /** Held by a try from emptying the databases to its last check. */
    private static final Object DATABASES_IN_USE = new Object();

    /**
     * Set when this property has ended. jqwik abandons a shrinking that outlives its time
     * bound, but its thread goes on calling the property: those late tries must leave the
     * databases to the next property.
     */
    private volatile boolean ended;

    @BeforeContainer
    static void createDatabases() {
        databases = new Replicas("converge", REPLICAS + 1);
    }

    @AfterContainer
    static void dropDatabases() {
        synchronized (DATABASES_IN_USE) {
            databases.close();
        }
    }

    @AfterProperty
    void endProperty() {
        ended = true;
    }

    @Provide
    Arbitrary<List<Long>> mixedHistories() {
        return Histories.seeds(4, 24);
    }

    @Provide
    Arbitrary<List<Long>> oneMessageHistories() {
        return Histories.seeds(2, 12);
    }

    @Property(tries = 20)
    void shouldMatchTheSerialRunAndTheModelForAnyOrderDuplicatesAndBatching(
            @ForAll("mixedHistories") List<Long> history, @ForAll long schedule) {
        assertMatchesOracles(Histories.mixed(history), schedule, false);
    }

    @Provide
    Arbitrary<List<Long>> versionSeeds() {
        return Histories.seeds(1, 4);
    }

    @Property(tries = 10)
    void shouldMatchTheSerialRunAndTheModelForAnyInterleavingOfFlagMoveAndExpungeOnOneMessage(
            @ForAll("oneMessageHistories") List<Long> history, @ForAll long schedule) {
        assertMatchesOracles(Histories.oneMessage(history), schedule, false);
    }

    /**
     * Purging is final and depends only on the events held, so replicas that purge at
     * random moments of their histories, and once more after their last event, end where
     * the serial run purged once at its end does. The histories leave out copies of expunged
     * messages (see {@link Histories#purgeable}).
     */
    @Property(tries = 20)
    void shouldMatchTheSerialRunAndTheModelWhenReplicasPurgeAtRandomMoments(
            @ForAll("mixedHistories") List<Long> history, @ForAll long schedule) {
        assertMatchesOracles(Histories.purgeable(history), schedule, true);
    }

    @Property(tries = 20)
    void shouldMatchTheSerialRunWhenEventIdsArriveWithOtherContentInAnyOrder(@ForAll("mixedHistories") List<Long> history,
            @ForAll("versionSeeds") List<Long> versions, @ForAll long schedule) {
        assertMatchesSerialRun(Histories.withVersions(Histories.mixed(history), versions, Set.of()), schedule, false);
    }

    /**
     * Conflicting versions and purges together: a purged message gets no bytes back from a
     * version, whichever wins. Left out, as above, copies of expunged messages, and versions
     * of an expunged message's id: one whose bytes a replica purged before it lost the id
     * leaves no second message there (more than the retention late in real life).
     */
    @Property(tries = 20)
    void shouldMatchTheSerialRunWhenConflictingVersionsMeetPurgesAtRandomMoments(
            @ForAll("mixedHistories") List<Long> history, @ForAll("versionSeeds") List<Long> versions,
            @ForAll long schedule) {
        List<MailEvent> purgeable = Histories.purgeable(history);
        assertMatchesSerialRun(Histories.withoutCopiesOfExpunged(
                Histories.withVersions(purgeable, versions, Histories.expunged(purgeable))), schedule, true);
    }

    private void assertMatchesOracles(List<MailEvent> events, long schedule, boolean purging) {
        StoreModel rules = StoreModel.of(events);
        assertMatches(events, schedule, purging, (purging ? rules.purgeExpunged() : rules).visibleState());
    }

    /** As {@link #assertMatchesOracles}, without the model: for histories with conflicting versions. */
    private void assertMatchesSerialRun(List<MailEvent> events, long schedule, boolean purging) {
        assertMatches(events, schedule, purging, null);
    }

    private void assertMatches(List<MailEvent> events, long schedule, boolean purging, String model) {
        synchronized (DATABASES_IN_USE) {
            if (!ended) {
                assertMatchesAlone(events, schedule, purging, model);
            }
        }
    }

    /** {@code model}: what a reader should see, or null when the model does not cover the history. */
    private static void assertMatchesAlone(List<MailEvent> events, long schedule, boolean purging, String model) {
        databases.truncateAll();
        ShardDatabase serial = databases.dbs.get(REPLICAS);
        EventApplier serialApplier = new EventApplier(serial);
        for (MailEvent e : inStampOrder(events)) {
            serialApplier.apply(e);
        }
        if (purging) {
            purgeAll(serial, PURGE_BATCH);
        }
        if (model != null) {
            assertEquals(model, VisibleState.of(serial), "the serial run shows other than the model, events " + events);
        }
        assertEquals(List.of(), ReplicaInvariants.broken(serial), "the serial run breaks invariants, events " + events);
        String expected = new CanonicalDump(serial).dump();
        Random random = new Random(schedule);
        for (int r = 0; r < REPLICAS; r++) {
            ShardDatabase db = databases.dbs.get(r);
            applyShuffled(db, events, random, purging);
            assertEquals(expected, new CanonicalDump(db).dump(), "replica " + r + " differs from the serial run, events "
                    + events);
            if (r == 0 && model != null) {
                // Equal dumps imply equal views; one shuffled replica is read through the queries as well.
                assertEquals(model, VisibleState.of(db), "replica " + r + " shows other than the model, events " + events);
            }
            assertEquals(List.of(), ReplicaInvariants.broken(db), "replica " + r + " breaks invariants, events "
                    + events);
        }
    }

    /** Each event once, in (timestamp, id) order; versions of one id (equal stamps) in the order of the history. */
    private static List<MailEvent> inStampOrder(List<MailEvent> events) {
        List<MailEvent> out = new ArrayList<>(new LinkedHashSet<>(events));
        out.sort((a, b) -> a.stamp().compareTo(b.stamp()));
        return out;
    }

    /**
     * Applies the events in a random order, some twice, in random batches (each one
     * transaction); if {@code purging}, purges after about half the batches and after the last.
     */
    private static void applyShuffled(ShardDatabase db, List<MailEvent> events, Random random, boolean purging) {
        EventApplier applier = new EventApplier(db);
        List<MailEvent> order = new ArrayList<>(events);
        int duplicates = random.nextInt(events.size() / 2 + 2);
        for (int i = 0; i < duplicates; i++) {
            order.add(events.get(random.nextInt(events.size())));
        }
        Collections.shuffle(order, random);
        int i = 0;
        while (i < order.size()) {
            // Commits are the cost here; some batches are as big as the worker's, so that the
            // applier's per-batch caches and deferred writes are tried.
            int batch = 1 + random.nextInt(random.nextBoolean() ? 6 : 64);
            applier.apply(order.subList(i, Math.min(order.size(), i + batch)));
            i += batch;
            if (purging && random.nextBoolean()) {
                purgeAll(db, 1 + random.nextInt(4));
            }
        }
        if (purging) {
            purgeAll(db, 1 + random.nextInt(4));
        }
    }

    /** Purges every expunged message, in transactions of {@code batchSize} messages. */
    private static void purgeAll(ShardDatabase db, int batchSize) {
        new ExpungedPurge(db).purgeUpTo(Long.MAX_VALUE, batchSize);
    }
}
