package org.gmdb.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
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
        List<MailEvent> events = history(random);
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            // Another content under an id of the history: a different kind, user, mailbox or message.
            EventHeader original = events.get(random.nextInt(events.size())).header();
            String user = random.nextInt(4) == 0 ? pick(random, USERS) : original.user();
            EventHeader h = new EventHeader(original.id(), original.timestamp(), "prop", user);
            events.add(variant(random, h, events));
        }
        assertConverges(events, random, seed);
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
