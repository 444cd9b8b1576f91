package org.gmdb.mailstore.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.gmdb.mail.event.MailEvent;
import org.gmdb.mail.event.Names;
import org.gmdb.mail.event.Stamp;

/**
 * The store's rules as a small in-memory model, written from the README and the rules in
 * {@link EventApplier}'s Javadoc, not from its code: every register is the value of the
 * event with the highest (timestamp, id) that wrote it, so the model's state is a function
 * of the set of events by construction. {@link #visibleState()} renders what a reader
 * should see, in the form of {@link VisibleState#of}.
 *
 * <p>Caveat: it models the readers' view (listed mailboxes, and each visible message's
 * mailbox, flags, dates and bytes), not the registers of invisible rows nor IMAP numbering.
 * {@link #purgeExpunged()} models one purge after every event, as a serial run that purges
 * at its end: a copy keeps the bytes of a purged source, which it got before the purge.
 */
final class StoreModel {

    /** A register's value and the stamp of the event that wrote it. */
    private record Written<T>(T value, Stamp stamp) {
    }

    private record RenameOf(String from, String to, Stamp stamp) {
    }

    private static final class User {
        final Set<String> names = new TreeSet<>(Set.of(Names.INBOX));
        final Map<String, Stamp> created = new HashMap<>();
        final Map<String, Stamp> deleted = new HashMap<>();
        final List<RenameOf> renames = new ArrayList<>();
        /** Placement: a mailbox name, or null for expunged. */
        final Map<UUID, Written<String>> placement = new HashMap<>();
        final Map<UUID, byte[]> bytes = new HashMap<>();
        final Map<UUID, Long> internalDate = new HashMap<>();
        final Map<UUID, UUID> copyOf = new HashMap<>();
        final Map<UUID, Map<String, Written<Boolean>>> flags = new HashMap<>();
        /** Messages named by an expunge, whatever came after it: the purge takes them all. */
        final Set<UUID> everExpunged = new HashSet<>();
    }

    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, User> users = new TreeMap<>();
    private boolean purged;

    /** The model after every event of {@code events} (repeats count once). */
    static StoreModel of(Collection<MailEvent> events) {
        StoreModel model = new StoreModel();
        Map<UUID, MailEvent> once = new LinkedHashMap<>();
        for (MailEvent e : events) {
            once.putIfAbsent(e.id(), e);
        }
        for (MailEvent e : once.values()) {
            model.add(e);
        }
        return model;
    }

    private void add(MailEvent e) {
        User u = users.computeIfAbsent(e.user(), a -> new User());
        Stamp at = e.stamp();
        if (e instanceof MailEvent.Deliver d) {
            arrive(u, e.id(), d.mailbox(), d.flags(), at);
            u.bytes.put(e.id(), d.message());
            u.internalDate.put(e.id(), e.header().timestamp());
        } else if (e instanceof MailEvent.Append a) {
            arrive(u, e.id(), a.mailbox(), a.flags(), at);
            u.bytes.put(e.id(), a.message());
            u.internalDate.put(e.id(), a.internalDate() != null ? a.internalDate() : e.header().timestamp());
        } else if (e instanceof MailEvent.Copy c) {
            arrive(u, e.id(), c.mailbox(), c.flags(), at);
            u.copyOf.put(e.id(), c.message());
        } else if (e instanceof MailEvent.SetFlags s) {
            flag(u, s.messages(), s.flags(), true, at);
        } else if (e instanceof MailEvent.ClearFlags c) {
            flag(u, c.messages(), c.flags(), false, at);
        } else if (e instanceof MailEvent.Move m) {
            create(u, m.mailbox(), at);
            for (UUID id : m.messages()) {
                place(u, id, m.mailbox(), at);
            }
        } else if (e instanceof MailEvent.Expunge x) {
            for (UUID id : x.messages()) {
                place(u, id, null, at);
                u.everExpunged.add(id);
            }
        } else if (e instanceof MailEvent.CreateMailbox c) {
            create(u, c.mailbox(), at);
        } else if (e instanceof MailEvent.DeleteMailbox d) {
            delete(u, d.mailbox(), at);
        } else if (e instanceof MailEvent.RenameMailbox r) {
            u.renames.add(new RenameOf(r.mailbox(), r.to(), at));
            delete(u, r.mailbox(), at);
            create(u, r.to(), at);
        } else {
            throw new IllegalArgumentException("no model of " + e);
        }
    }

    private static void arrive(User u, UUID id, String mailbox, Set<String> flags, Stamp at) {
        create(u, mailbox, at);
        place(u, id, mailbox, at);
        flag(u, List.of(id), flags, true, at);
    }

    private static void create(User u, String mailbox, Stamp at) {
        u.names.add(mailbox);
        u.created.merge(mailbox, at, StoreModel::later);
    }

    private static void delete(User u, String mailbox, Stamp at) {
        u.names.add(mailbox);
        u.deleted.merge(mailbox, at, StoreModel::later);
    }

    private static void place(User u, UUID id, String mailbox, Stamp at) {
        u.placement.merge(id, new Written<>(mailbox, at), (a, b) -> a.stamp.compareTo(b.stamp) >= 0 ? a : b);
    }

    private static void flag(User u, List<UUID> ids, Set<String> flags, boolean set, Stamp at) {
        for (UUID id : ids) {
            for (String f : flags) {
                u.flags.computeIfAbsent(id, k -> new HashMap<>())
                        .merge(f, new Written<>(set, at), (a, b) -> a.stamp.compareTo(b.stamp) >= 0 ? a : b);
            }
        }
    }

    private static Stamp later(Stamp a, Stamp b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * The message's own bytes, or those of the source it was copied from (through copies of
     * copies). A purged source counts: its copies got the bytes before the purge, and the
     * purge leaves bytes that a copy shows.
     */
    private static UUID contentOwner(User u, UUID id) {
        UUID at = id;
        for (int hops = 0; at != null && hops <= u.copyOf.size(); hops++) {
            if (u.bytes.containsKey(at)) {
                return at;
            }
            at = u.copyOf.get(at);
        }
        return null;
    }

    /**
     * Where a placement in {@code name} at {@code stamp} is now: a serial run in stamp order
     * would carry it along the first rename of its mailbox after it, then the first rename
     * of that target after that rename, and so on.
     */
    private static String resolve(User u, String name, Stamp stamp) {
        String current = name;
        Stamp since = stamp;
        while (true) {
            RenameOf first = null;
            for (RenameOf r : u.renames) {
                if (r.from.equals(current) && r.stamp.compareTo(since) > 0
                        && (first == null || r.stamp.compareTo(first.stamp) < 0)) {
                    first = r;
                }
            }
            if (first == null) {
                return current;
            }
            current = first.to;
            since = first.stamp;
        }
    }

    /**
     * This model after a purge of every message ever expunged: gone for good, even if a move
     * stamped after its expunge brought it back.
     */
    StoreModel purgeExpunged() {
        purged = true;
        return this;
    }

    /**
     * What a reader should see, as sorted lines: each user, its listed mailboxes with counts
     * of messages and of those without \Seen, and each visible message with its mailbox,
     * set flags, internal date, size and SHA-256.
     */
    String visibleState() {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, User> entry : users.entrySet()) {
            String user = entry.getKey();
            User u = entry.getValue();
            lines.add(VisibleState.userLine(user));
            Map<String, long[]> counts = new TreeMap<>();
            for (Map.Entry<UUID, Written<String>> p : u.placement.entrySet()) {
                UUID owner = contentOwner(u, p.getKey());
                if (owner == null || p.getValue().value() == null || purged && u.everExpunged.contains(p.getKey())) {
                    continue; // no content yet, expunged, or purged: invisible
                }
                UUID id = p.getKey();
                String mailbox = resolve(u, p.getValue().value(), p.getValue().stamp());
                List<String> set = new ArrayList<>();
                u.flags.getOrDefault(id, Map.of()).forEach((f, w) -> {
                    if (w.value()) {
                        set.add(f);
                    }
                });
                set.sort(null);
                long[] c = counts.computeIfAbsent(mailbox, m -> new long[2]);
                c[0]++;
                if (!set.contains("\\Seen")) {
                    c[1]++;
                }
                byte[] raw = u.bytes.get(owner);
                lines.add(VisibleState.messageLine(user, id, mailbox, set, u.internalDate.get(owner), raw.length,
                        HEX.formatHex(EventApplier.sha256(raw))));
            }
            Set<String> names = new TreeSet<>(u.names);
            names.addAll(counts.keySet());
            for (String name : names) {
                long[] c = counts.getOrDefault(name, new long[2]);
                Stamp created = u.created.get(name);
                Stamp deleted = u.deleted.get(name);
                boolean listed = Names.INBOX.equals(name) || c[0] > 0
                        || (created != null && (deleted == null || created.compareTo(deleted) > 0));
                if (listed) {
                    lines.add(VisibleState.mailboxLine(user, name, c[0], c[1]));
                }
            }
        }
        lines.sort(null);
        return String.join("\n", lines) + "\n";
    }
}
