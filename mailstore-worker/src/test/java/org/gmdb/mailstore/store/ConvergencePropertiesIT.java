package org.gmdb.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.gmdb.mail.event.EventHeader;
import org.gmdb.mail.event.EventIds;
import org.gmdb.mail.event.MailEvent;

/**
 * The convergence promise on real MariaDB: any set of events, applied in any order, with
 * any duplicates, in any batching, leaves every replica with the same canonical dump.
 * Histories are built from a seed (so a failure names a reproducible seed), with few users,
 * mailboxes and close timestamps so that conflicts, ties and early references are common.
 */
class ConvergencePropertiesIT {

    private static final String[] USERS = {"p1@example.com", "p2@example.com"};
    private static final String[] MAILBOXES = {"INBOX", "A", "B", "C"};
    private static final String[] FLAGS = {"\\Seen", "\\Flagged", "\\Deleted", "work"};
    private static Replicas replicas;

    @BeforeContainer
    static void createReplicas() {
        replicas = new Replicas("converge", 3);
    }

    @AfterContainer
    static void dropReplicas() {
        replicas.close();
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 30, shrinking = ShrinkingMode.OFF)
    void shouldConvergeForAnyOrderDuplicatesAndBatching(@ForAll("seeds") long seed) {
        Random random = new Random(seed);
        assertConverges(history(random), random, seed);
    }

    @Property(tries = 20, shrinking = ShrinkingMode.OFF)
    void shouldConvergeForAnyInterleavingOfFlagMoveAndExpungeOnOneMessage(@ForAll("seeds") long seed) {
        Random random = new Random(seed);
        String user = USERS[0];
        List<MailEvent> events = new ArrayList<>();
        MailEvent.Deliver d = new MailEvent.Deliver(header(random, user), "INBOX", Set.of("\\Seen"), raw(0));
        events.add(d);
        List<UUID> one = List.of(d.id());
        int n = 3 + random.nextInt(8);
        for (int i = 0; i < n; i++) {
            EventHeader h = header(random, user);
            switch (random.nextInt(4)) {
                case 0 -> events.add(new MailEvent.SetFlags(h, one, Set.of(pick(random, FLAGS))));
                case 1 -> events.add(new MailEvent.ClearFlags(h, one, Set.of(pick(random, FLAGS))));
                case 2 -> events.add(new MailEvent.Move(h, one, pick(random, MAILBOXES)));
                default -> events.add(new MailEvent.Expunge(h, one));
            }
        }
        assertConverges(events, random, seed);
    }

    @Property(tries = 20, shrinking = ShrinkingMode.OFF)
    void shouldConvergeWhenEventIdsArriveWithDifferentContentInAnyOrder(@ForAll("seeds") long seed) {
        Random random = new Random(seed);
        assertConverges(withVariants(history(random), random, Set.of()), random, seed);
    }

    /**
     * Purging is final and depends only on the events held, so replicas that purge at
     * different moments of their histories agree once each has purged after its last event.
     * Left out: a copy of a message that is expunged, which a replica that purged the source
     * before the copy came can no longer fill (more than the retention late in real life).
     */
    @Property(tries = 20, shrinking = ShrinkingMode.OFF)
    void shouldConvergeWhenReplicasPurgeAtDifferentMoments(@ForAll("seeds") long seed) {
        Random random = new Random(seed);
        List<MailEvent> events = withoutCopiesOfExpunged(withExpunges(history(random), random));
        assertConverges(events, random, seed, true);
    }

    /**
     * Conflicting versions and purges together: a purged message gets no bytes back from a
     * version, whichever wins. Left out, as above, copies of expunged messages, and versions of
     * an expunged message's id: one whose bytes a replica purged before it lost the id leaves
     * no second message there (more than the retention late in real life).
     */
    @Property(tries = 20, shrinking = ShrinkingMode.OFF)
    void shouldConvergeWhenConflictingVersionsMeetPurgesAtDifferentMoments(@ForAll("seeds") long seed) {
        Random random = new Random(seed);
        List<MailEvent> events = withExpunges(history(random), random);
        events = withoutCopiesOfExpunged(withVariants(events, random, expunged(events)));
        assertConverges(events, random, seed, true);
    }

    /** The history with 1 to 4 ids (not in {@code spared}) given again with other content. */
    private static List<MailEvent> withVariants(List<MailEvent> history, Random random, Set<UUID> spared) {
        List<MailEvent> events = new ArrayList<>(history);
        List<MailEvent> originals = new ArrayList<>();
        for (MailEvent e : history) {
            if (!spared.contains(e.id())) {
                originals.add(e);
            }
        }
        int n = originals.isEmpty() ? 0 : 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            // Another content under an id of the history: a different kind, user, mailbox or message.
            EventHeader original = originals.get(random.nextInt(originals.size())).header();
            String user = random.nextInt(4) == 0 ? pick(random, USERS) : original.user();
            EventHeader h = new EventHeader(original.id(), original.timestamp(), "prop", user);
            events.add(variant(random, h, events));
        }
        return events;
    }

    private static MailEvent variant(Random random, EventHeader h, List<MailEvent> events) {
        UUID target = events.get(random.nextInt(events.size())).id();
        return switch (random.nextInt(6)) {
            case 0, 1 -> new MailEvent.Deliver(h, pick(random, MAILBOXES), flags(random), raw(random.nextInt(1000)));
            case 2 -> new MailEvent.Copy(h, target, pick(random, MAILBOXES), flags(random));
            case 3 -> new MailEvent.Move(h, List.of(target), pick(random, MAILBOXES));
            case 4 -> new MailEvent.SetFlags(h, List.of(target), Set.of(pick(random, FLAGS)));
            default -> new MailEvent.RenameMailbox(h, pick(random, MAILBOXES), "R" + random.nextInt(3));
        };
    }

    private static void assertConverges(List<MailEvent> events, Random random, long seed) {
        assertConverges(events, random, seed, false);
    }

    private static void assertConverges(List<MailEvent> events, Random random, long seed, boolean purging) {
        replicas.truncateAll();
        List<String> dumps = new ArrayList<>();
        for (ShardDatabase db : replicas.dbs) {
            EventApplier applier = new EventApplier(db);
            List<MailEvent> order = new ArrayList<>(events);
            int duplicates = random.nextInt(events.size() / 2 + 2);
            for (int i = 0; i < duplicates; i++) {
                order.add(events.get(random.nextInt(events.size())));
            }
            Collections.shuffle(order, random);
            int i = 0;
            while (i < order.size()) {
                // Each batch is one transaction (commits are the cost here); some are as big as
                // the worker's, so that the applier's per-batch caches and deferred writes are tried.
                int batch = 1 + random.nextInt(random.nextBoolean() ? 6 : 64);
                applier.apply(order.subList(i, Math.min(order.size(), i + batch)));
                i += batch;
                if (purging && random.nextBoolean()) {
                    new ExpungedPurge(db).purgeUpTo(Long.MAX_VALUE, 1 + random.nextInt(4));
                }
            }
            if (purging) {
                new ExpungedPurge(db).purgeUpTo(Long.MAX_VALUE, 1 + random.nextInt(4));
            }
            dumps.add(new CanonicalDump(db).dump());
        }
        for (int r = 1; r < dumps.size(); r++) {
            assertEquals(dumps.get(0), dumps.get(r), "replica " + r + " differs from replica 0, seed " + seed
                    + ", events " + events);
        }
    }

    /** A random history: deliveries, appends and copies create messages; the rest refer to them (or to ids never delivered). */
    private static List<MailEvent> history(Random random) {
        List<MailEvent> events = new ArrayList<>();
        Map<String, List<UUID>> known = new HashMap<>();
        int n = 6 + random.nextInt(14);
        for (int i = 0; i < n; i++) {
            String user = pick(random, USERS);
            List<UUID> ids = known.computeIfAbsent(user, u -> new ArrayList<>());
            EventHeader h = header(random, user);
            int kind = random.nextInt(100);
            if (kind < 25 || ids.isEmpty() && kind < 60) {
                events.add(new MailEvent.Deliver(h, pick(random, MAILBOXES), flags(random), raw(i)));
                ids.add(h.id());
            } else if (kind < 30) {
                events.add(new MailEvent.Append(h, pick(random, MAILBOXES), flags(random),
                        random.nextBoolean() ? null : 1_000L + i, raw(i)));
                ids.add(h.id());
            } else if (kind < 40) {
                events.add(new MailEvent.Copy(h, ref(random, ids), pick(random, MAILBOXES), flags(random)));
                ids.add(h.id());
            } else if (kind < 55) {
                events.add(new MailEvent.SetFlags(h, refs(random, ids), Set.of(pick(random, FLAGS))));
            } else if (kind < 65) {
                events.add(new MailEvent.ClearFlags(h, refs(random, ids), Set.of(pick(random, FLAGS))));
            } else if (kind < 80) {
                events.add(new MailEvent.Move(h, refs(random, ids), pick(random, MAILBOXES)));
            } else if (kind < 87) {
                events.add(new MailEvent.Expunge(h, refs(random, ids)));
            } else if (kind < 90) {
                events.add(new MailEvent.CreateMailbox(h, pick(random, MAILBOXES)));
            } else if (kind < 96) {
                String from = pick(random, MAILBOXES);
                String to = pick(random, MAILBOXES);
                events.add(new MailEvent.RenameMailbox(h, from, from.equals(to) ? from + "-renamed" : to));
            } else {
                events.add(new MailEvent.DeleteMailbox(h, pick(random, MAILBOXES)));
            }
        }
        return events;
    }

    /** The history with an expunge of about half of its messages, so that purges have work and late events. */
    private static List<MailEvent> withExpunges(List<MailEvent> events, Random random) {
        List<MailEvent> out = new ArrayList<>(events);
        for (MailEvent e : events) {
            boolean creates = e instanceof MailEvent.Deliver || e instanceof MailEvent.Append || e instanceof MailEvent.Copy;
            if (creates && random.nextBoolean()) {
                out.add(new MailEvent.Expunge(header(random, e.user()), List.of(e.id())));
            }
        }
        return out;
    }

    private static Set<UUID> expunged(List<MailEvent> events) {
        Set<UUID> expunged = new HashSet<>();
        for (MailEvent e : events) {
            if (e instanceof MailEvent.Expunge x) {
                expunged.addAll(x.messages());
            }
        }
        return expunged;
    }

    private static List<MailEvent> withoutCopiesOfExpunged(List<MailEvent> events) {
        Set<UUID> expunged = expunged(events);
        List<MailEvent> out = new ArrayList<>();
        for (MailEvent e : events) {
            if (!(e instanceof MailEvent.Copy c && expunged.contains(c.message()))) {
                out.add(e);
            }
        }
        return out;
    }

    /** Close timestamps (ties are common, broken by id), independent of id order. */
    private static EventHeader header(Random random, String user) {
        return new EventHeader(EventIds.next(), 1_700_000_000_000L + random.nextInt(40), "prop", user);
    }

    private static UUID ref(Random random, List<UUID> ids) {
        // Now and then an id that is never delivered: it must stay harmless and invisible.
        return ids.isEmpty() || random.nextInt(10) == 0 ? EventIds.next() : ids.get(random.nextInt(ids.size()));
    }

    private static List<UUID> refs(Random random, List<UUID> ids) {
        List<UUID> out = new ArrayList<>();
        int n = 1 + random.nextInt(2);
        for (int i = 0; i < n; i++) {
            out.add(ref(random, ids));
        }
        return out;
    }

    private static Set<String> flags(Random random) {
        return random.nextBoolean() ? Set.of() : Set.of(pick(random, FLAGS));
    }

    private static byte[] raw(int i) {
        return ("Subject: message " + i + "\r\nFrom: x" + i + "@example.org\r\n\r\nbody " + i + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
