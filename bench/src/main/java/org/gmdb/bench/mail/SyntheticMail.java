package org.gmdb.bench.mail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.gmdb.mail.event.EventHeader;
import org.gmdb.mail.event.MailEvent;

/**
 * Makes the benchmark's messages: plain-text RFC 5322 messages of about a given size, with
 * subjects drawn from a small vocabulary (so that {@link #SEARCH_WORD} matches about one
 * message in six) and a Date: one minute apart per message number. Message {@code i} is
 * the same bytes in every run, and {@link #corpusEvent} gives it a fixed event id, so a
 * search over the same corpus must return the same messages at any shard count.
 *
 * <p>Caveat: bodies are drawn from {@value #BODY_VARIANTS} pre-built texts; only the headers
 * differ between messages that share a body (compression or deduplication would flatter it).
 */
final class SyntheticMail {

    /** The word searched for in subjects; no other vocabulary word contains it. */
    static final String SEARCH_WORD = "report";
    static final String MAILBOX = "INBOX";

    private static final List<String> SUBJECT_WORDS = List.of("report", "invoice", "meeting", "lunch", "budget",
            "draft", "status", "release", "ticket", "review", "travel", "offsite", "hiring", "roadmap", "incident",
            "newsletter");
    private static final List<String> BODY_WORDS = List.of("the", "shard", "replica", "gearman", "queue", "event",
            "mailbox", "message", "worker", "server", "durable", "apply", "merge", "search", "client", "latency");
    private static final int BODY_VARIANTS = 64;
    /** Date: of message 0; message i is i minutes later. */
    private static final long FIRST_DATE_MS = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    /** Event timestamp (arrival) of corpus message 0; message i arrives i ms later. */
    private static final long FIRST_ARRIVAL_MS = Instant.parse("2024-07-01T00:00:00Z").toEpochMilli();
    private static final DateTimeFormatter RFC_5322 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final String domain;
    private final int users;
    private final byte[][] bodies;

    /**
     * @param domain       the users' domain, e.g. {@code corpus.example}
     * @param users        how many distinct users messages go to
     * @param messageBytes the approximate size of each whole message
     */
    SyntheticMail(String domain, int users, int messageBytes) {
        this.domain = domain;
        this.users = users;
        this.bodies = new byte[BODY_VARIANTS][];
        int bodyBytes = Math.max(64, messageBytes - 400); // the header block is about 400 bytes
        for (int v = 0; v < BODY_VARIANTS; v++) {
            bodies[v] = body(new Random(7919L * v + 1), bodyBytes);
        }
    }

    /** The recipient of message {@code i}: users take turns. */
    String userOf(long i) {
        return String.format("user%04d@%s", i % users, domain);
    }

    /** The Subject: of message {@code i}: three vocabulary words and the number. */
    static String subject(long i) {
        Random r = new Random(i * 1_000_003L + 17);
        return SUBJECT_WORDS.get(r.nextInt(SUBJECT_WORDS.size())) + " "
                + SUBJECT_WORDS.get(r.nextInt(SUBJECT_WORDS.size())) + " "
                + SUBJECT_WORDS.get(r.nextInt(SUBJECT_WORDS.size())) + " #" + i;
    }

    /**
     * The header fields of message {@code i} as the store's header extractor reads them
     * (the raw bytes carry exactly these, unfolded, ASCII).
     */
    record Headers(String from, String to, String subject, long dateMillis, String messageId) {
    }

    Headers headers(long i) {
        return new Headers("Sender " + (i % 37) + " <sender" + (i % 37) + "@senders.example>", "<" + userOf(i) + ">",
                subject(i), FIRST_DATE_MS + i * 60_000L, "<" + i + ".bench@senders.example>");
    }

    /** The raw bytes of message {@code i}. */
    byte[] message(long i) {
        Headers h = headers(i);
        String head = "From: " + h.from() + "\r\n"
                + "To: " + h.to() + "\r\n"
                + "Subject: " + h.subject() + "\r\n"
                + "Date: " + RFC_5322.format(Instant.ofEpochMilli(h.dateMillis())) + "\r\n"
                + "Message-ID: " + h.messageId() + "\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] body = bodies[(int) (i % BODY_VARIANTS)];
        byte[] raw = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, raw, 0, headBytes.length);
        System.arraycopy(body, 0, raw, headBytes.length, body.length);
        return raw;
    }

    /**
     * Message {@code i} as the deliver event a client would have written, with a fixed
     * UUIDv7 id (arrival {@code FIRST_ARRIVAL_MS + i}) so reruns and shard counts agree.
     */
    MailEvent.Deliver corpusEvent(long i) {
        long millis = arrivalOf(i);
        return new MailEvent.Deliver(new EventHeader(corpusId(i), millis, "mail-bench-loader", userOf(i)), MAILBOX,
                Set.of(), message(i));
    }

    /** The fixed event id (and message id) of corpus message {@code i}: a UUIDv7 of its arrival. */
    static UUID corpusId(long i) {
        long millis = arrivalOf(i);
        return new UUID((millis << 16) | (0x7L << 12), (0b10L << 62) | i);
    }

    /** The event timestamp (arrival, internal date) of corpus message {@code i}. */
    static long arrivalOf(long i) {
        return FIRST_ARRIVAL_MS + i;
    }

    /** How many users messages go to. */
    int users() {
        return users;
    }

    private static byte[] body(Random r, int bytes) {
        StringBuilder out = new StringBuilder(bytes + 80);
        StringBuilder line = new StringBuilder();
        while (out.length() + line.length() < bytes - 2) {
            String word = BODY_WORDS.get(r.nextInt(BODY_WORDS.size()));
            if (line.length() + word.length() + 1 > 72) {
                out.append(line).append("\r\n");
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        out.append(line).append("\r\n");
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
