package org.gmdb.mail.event;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A write to one user's mail, as carried by a Gearman job (see {@link EventCodec}).
 *
 * <p>Messages are named by their global id: the id of the event that created them
 * (deliver, append, copy). Replica-local UIDs never appear in events. Caveat: the records
 * holding a message keep the caller's byte array (no copy, messages reach 30 MB); do not
 * change it afterwards.
 */
public sealed interface MailEvent {

    EventHeader header();

    Op op();

    default UUID id() {
        return header().id();
    }

    default String user() {
        return header().user();
    }

    default Stamp stamp() {
        return header().stamp();
    }

    /** A message arriving from outside (MTA, LMTP); creates message {@code id()} in {@code mailbox}. */
    record Deliver(EventHeader header, String mailbox, Set<String> flags, byte[] message) implements MailEvent {
        public Deliver {
            mailbox = Names.mailbox(mailbox);
            flags = Names.flags(flags);
            Objects.requireNonNull(message, "message");
        }

        @Override
        public Op op() {
            return Op.DELIVER;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Deliver d && header.equals(d.header) && mailbox.equals(d.mailbox)
                    && flags.equals(d.flags) && Arrays.equals(message, d.message);
        }

        @Override
        public int hashCode() {
            return Objects.hash(header, mailbox, flags, Arrays.hashCode(message));
        }

        @Override
        public String toString() {
            return "Deliver[" + header + ", " + mailbox + ", " + flags + ", " + message.length + " bytes]";
        }
    }

    /** IMAP APPEND; like deliver, with an optional internal date (epoch millis; null = event time). */
    record Append(EventHeader header, String mailbox, Set<String> flags, Long internalDate, byte[] message)
            implements MailEvent {
        public Append {
            mailbox = Names.mailbox(mailbox);
            flags = Names.flags(flags);
            Objects.requireNonNull(message, "message");
        }

        @Override
        public Op op() {
            return Op.APPEND;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Append a && header.equals(a.header) && mailbox.equals(a.mailbox)
                    && flags.equals(a.flags) && Objects.equals(internalDate, a.internalDate)
                    && Arrays.equals(message, a.message);
        }

        @Override
        public int hashCode() {
            return Objects.hash(header, mailbox, flags, internalDate, Arrays.hashCode(message));
        }

        @Override
        public String toString() {
            return "Append[" + header + ", " + mailbox + ", " + flags + ", " + internalDate + ", "
                    + message.length + " bytes]";
        }
    }

    /** Sets flags and keywords on messages. */
    record SetFlags(EventHeader header, List<UUID> messages, Set<String> flags) implements MailEvent {
        public SetFlags {
            messages = nonEmpty(messages);
            flags = Names.flags(flags);
        }

        @Override
        public Op op() {
            return Op.SET_FLAGS;
        }
    }

    /** Clears flags and keywords on messages. */
    record ClearFlags(EventHeader header, List<UUID> messages, Set<String> flags) implements MailEvent {
        public ClearFlags {
            messages = nonEmpty(messages);
            flags = Names.flags(flags);
        }

        @Override
        public Op op() {
            return Op.CLEAR_FLAGS;
        }
    }

    /** Moves messages to {@code mailbox}. */
    record Move(EventHeader header, List<UUID> messages, String mailbox) implements MailEvent {
        public Move {
            messages = nonEmpty(messages);
            mailbox = Names.mailbox(mailbox);
        }

        @Override
        public Op op() {
            return Op.MOVE;
        }
    }

    /**
     * Copies {@code message} to {@code mailbox} as a new message whose id is this event's id.
     * The copy's flags are given here (the writer saw them), not taken from the source.
     */
    record Copy(EventHeader header, UUID message, String mailbox, Set<String> flags) implements MailEvent {
        public Copy {
            Objects.requireNonNull(message, "message");
            mailbox = Names.mailbox(mailbox);
            flags = Names.flags(flags);
        }

        @Override
        public Op op() {
            return Op.COPY;
        }
    }

    /** Removes messages (a tombstone). */
    record Expunge(EventHeader header, List<UUID> messages) implements MailEvent {
        public Expunge {
            messages = nonEmpty(messages);
        }

        @Override
        public Op op() {
            return Op.EXPUNGE;
        }
    }

    record CreateMailbox(EventHeader header, String mailbox) implements MailEvent {
        public CreateMailbox {
            mailbox = Names.mailbox(mailbox);
        }

        @Override
        public Op op() {
            return Op.CREATE_MAILBOX;
        }
    }

    /** Renames {@code mailbox} to {@code to}, with every message placed in it before this event. */
    record RenameMailbox(EventHeader header, String mailbox, String to) implements MailEvent {
        public RenameMailbox {
            mailbox = Names.mailbox(mailbox);
            to = Names.mailbox(to);
            if (mailbox.equals(to)) {
                throw new IllegalArgumentException("rename of mailbox '" + mailbox + "' to itself");
            }
        }

        @Override
        public Op op() {
            return Op.RENAME_MAILBOX;
        }
    }

    /** Deletes the mailbox name; messages in it are not expunged by this (see the store's rules). */
    record DeleteMailbox(EventHeader header, String mailbox) implements MailEvent {
        public DeleteMailbox {
            mailbox = Names.mailbox(mailbox);
        }

        @Override
        public Op op() {
            return Op.DELETE_MAILBOX;
        }
    }

    private static List<UUID> nonEmpty(List<UUID> messages) {
        if (messages == null || messages.isEmpty()) {
            throw new IllegalArgumentException("no message ids (expected: at least 1)");
        }
        for (UUID m : messages) {
            Objects.requireNonNull(m, "message id");
        }
        return List.copyOf(messages);
    }
}
