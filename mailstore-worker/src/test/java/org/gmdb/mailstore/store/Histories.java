package org.gmdb.mailstore.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomDistribution;
import org.gmdb.mail.event.EventHeader;
import org.gmdb.mail.event.MailEvent;

/**
 * Random event histories for the convergence properties, one event per seed of a list, so
 * that jqwik shrinks a failing history by dropping events. Few users, mailboxes and close
 * timestamps make conflicts, ties and early references common. Ids are made from the
 * seeds too (UUIDv7 with a random tie-break, unique by position), so that a jqwik seed
 * replays the very same events.
 */
final class Histories {

    static final String[] USERS = {"p1@example.com", "p2@example.com"};
    static final String[] MAILBOXES = {"INBOX", "A", "B", "C"};
    static final String[] FLAGS = {"\\Seen", "\\Flagged", "\\Deleted", "work"};
    private static final long BASE_TS = 1_700_000_000_000L;

    private Histories() {
    }

    /** Seeds of {@code min} to {@code max} events. */
    static Arbitrary<List<Long>> seeds(int min, int max) {
        return Arbitraries.longs().list().ofMinSize(min).ofMaxSize(max)
                .withSizeDistribution(RandomDistribution.uniform());
    }

    /**
     * A mixed history: deliveries, appends and copies create messages; the rest refer to
     * earlier ones of the same user, now and then to ids never delivered.
     */
    static List<MailEvent> mixed(List<Long> seeds) {
        List<MailEvent> events = new ArrayList<>();
        Map<String, List<UUID>> known = new HashMap<>();
        for (int i = 0; i < seeds.size(); i++) {
            Random random = new Random(seeds.get(i));
            String user = pick(random, USERS);
            List<UUID> ids = known.computeIfAbsent(user, u -> new ArrayList<>());
            EventHeader h = header(random, user, i);
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

    /**
     * A mixed history with an expunge of about half the messages it creates, so that purges
     * have work and events come after them; without copies of expunged messages, which a
     * replica that purged the source before the copy came can no longer fill (more than the
     * retention late in real life).
     */
    static List<MailEvent> purgeable(List<Long> seeds) {
        List<MailEvent> mixed = mixed(seeds);
        List<MailEvent> events = new ArrayList<>(mixed);
        for (int i = 0; i < mixed.size(); i++) {
            MailEvent e = mixed.get(i);
            Random random = new Random(~seeds.get(i));
            boolean creates = e instanceof MailEvent.Deliver || e instanceof MailEvent.Append || e instanceof MailEvent.Copy;
            if (creates && random.nextBoolean()) {
                events.add(new MailEvent.Expunge(header(random, e.user(), mixed.size() + i), List.of(e.id())));
            }
        }
        return withoutCopiesOfExpunged(events);
    }

    /**
     * The history with, for each seed, an id of it (not one in {@code spared}) given again
     * with other content: another kind, user, mailbox or message under the same id and
     * timestamp, so that the id's versions conflict.
     */
    static List<MailEvent> withVersions(List<MailEvent> history, List<Long> seeds, Set<UUID> spared) {
        List<MailEvent> originals = new ArrayList<>(history);
        originals.removeIf(e -> spared.contains(e.id()));
        List<MailEvent> events = new ArrayList<>(history);
        for (int i = 0; i < seeds.size() && !originals.isEmpty(); i++) {
            Random random = new Random(seeds.get(i));
            EventHeader original = originals.get(random.nextInt(originals.size())).header();
            String user = random.nextInt(4) == 0 ? pick(random, USERS) : original.user();
            EventHeader h = new EventHeader(original.id(), original.timestamp(), "prop", user);
            UUID target = events.get(random.nextInt(events.size())).id();
            events.add(switch (random.nextInt(6)) {
                case 0, 1 -> new MailEvent.Deliver(h, pick(random, MAILBOXES), flags(random), raw(random.nextInt(1000)));
                case 2 -> new MailEvent.Copy(h, target, pick(random, MAILBOXES), flags(random));
                case 3 -> new MailEvent.Move(h, List.of(target), pick(random, MAILBOXES));
                case 4 -> new MailEvent.SetFlags(h, List.of(target), Set.of(pick(random, FLAGS)));
                default -> new MailEvent.RenameMailbox(h, pick(random, MAILBOXES), "R" + random.nextInt(3));
            });
        }
        return events;
    }

    /** The ids of messages that an expunge of the history names. */
    static Set<UUID> expunged(List<MailEvent> events) {
        Set<UUID> expunged = new HashSet<>();
        for (MailEvent e : events) {
            if (e instanceof MailEvent.Expunge x) {
                expunged.addAll(x.messages());
            }
        }
        return expunged;
    }

    /** The history without copies of expunged messages (see {@link #purgeable}). */
    static List<MailEvent> withoutCopiesOfExpunged(List<MailEvent> events) {
        Set<UUID> expunged = expunged(events);
        List<MailEvent> out = new ArrayList<>(events);
        out.removeIf(e -> e instanceof MailEvent.Copy c && expunged.contains(c.message()));
        return out;
    }

    /** One delivered message, then a flag, move or expunge event on it for each further seed. */
    static List<MailEvent> oneMessage(List<Long> seeds) {
        String user = USERS[0];
        List<MailEvent> events = new ArrayList<>();
        MailEvent.Deliver d = new MailEvent.Deliver(header(new Random(seeds.get(0)), user, 0), "INBOX",
                Set.of("\\Seen"), raw(0));
        events.add(d);
        List<UUID> one = List.of(d.id());
        for (int i = 1; i < seeds.size(); i++) {
            Random random = new Random(seeds.get(i));
            EventHeader h = header(random, user, i);
            switch (random.nextInt(4)) {
                case 0 -> events.add(new MailEvent.SetFlags(h, one, Set.of(pick(random, FLAGS))));
                case 1 -> events.add(new MailEvent.ClearFlags(h, one, Set.of(pick(random, FLAGS))));
                case 2 -> events.add(new MailEvent.Move(h, one, pick(random, MAILBOXES)));
                default -> events.add(new MailEvent.Expunge(h, one));
            }
        }
        return events;
    }

    /** Close timestamps (ties are common), and an id whose tie-break is random, not the order of generation. */
    private static EventHeader header(Random random, String user, int index) {
        long ts = BASE_TS + random.nextInt(40);
        long high = ts << 16 | 0x7000L | random.nextInt(0x1000);
        long low = 0x8000_0000_0000_0000L | (long) index << 40 | random.nextLong() & 0xff_ffff_ffffL;
        return new EventHeader(new UUID(high, low), ts, "prop", user);
    }

    private static UUID ref(Random random, List<UUID> ids) {
        if (ids.isEmpty() || random.nextInt(10) == 0) {
            // Never delivered (an event would need position 4,194,048 for these bits): it must stay harmless and invisible.
            return new UUID(BASE_TS << 16 | 0x7000L, 0xbfff_0000_0000_0000L | random.nextLong() & 0xffff_ffff_ffffL);
        }
        return ids.get(random.nextInt(ids.size()));
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

    /** A small message whose body ends in 8-bit bytes and a NUL: they must come back exactly. */
    private static byte[] raw(int i) {
        byte[] text = ("Subject: message " + i + "\r\nFrom: x" + i + "@example.org\r\n\r\nbody " + i + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(text, text.length + 3);
        out[text.length] = (byte) 0xff;
        out[text.length + 1] = (byte) (0x80 + i % 64);
        return out;
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
