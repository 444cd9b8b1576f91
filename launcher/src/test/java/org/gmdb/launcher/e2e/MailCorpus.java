package org.gmdb.launcher.e2e;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Test messages, made from a seed: each to one of {@code users} users, with a unique Date:
 * header (one minute apart, so a sort by date has no ties), a subject carrying the corpus's
 * token (and {@code weekly} for every tenth round over the users, for searches), and bodies that are not all tidy:
 * LF-only line ends, 8-bit UTF-8, a multipart with a boundary that never comes, NUL-free.
 *
 * <p>Caveat: user addresses are lower-case ASCII, so they equal their normalized form.
 */
final class MailCorpus {

    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    /** 2026-11-01T00:00:00Z: the first message's Date:. */
    private static final long BASE = 1_793_491_200_000L;

    /** One message: where it goes, its bytes, and what a search should see. */
    record Mail(int index, String user, String subject, long dateMillis, byte[] raw) {
        boolean weekly() {
            return subject.contains(" weekly ");
        }
    }

    private MailCorpus() {
    }

    /** A token for this run: user names and subjects carry it, so runs do not see each other. */
    static String newToken() {
        byte[] b = new byte[4];
        new Random().nextBytes(b);
        return "t" + HexFormat.of().formatHex(b);
    }

    static String user(String token, int k) {
        return "u" + k + "-" + token + "@e2e.example";
    }

    static List<Mail> generate(String token, int messages, int users, long seed) {
        Random random = new Random(seed);
        List<Mail> out = new ArrayList<>(messages);
        for (int i = 0; i < messages; i++) {
            String user = user(token, i % users);
            // Every tenth round over the users is "weekly": all users have some, on every shard.
            String subject = token + ((i / users) % 10 == 0 ? " weekly " : " note ") + i;
            long date = BASE + i * 60_000L;
            out.add(new Mail(i, user, subject, date, message(i, user, subject, date, random)));
        }
        return out;
    }

    private static byte[] message(int i, String user, String subject, long date, Random random) {
        boolean lfOnly = i % 7 == 3;
        String nl = lfOnly ? "\n" : "\r\n";
        StringBuilder text = new StringBuilder();
        text.append("From: Sender ").append(i % 5).append(" <sender").append(i % 5).append("@example.org>").append(nl);
        text.append("To: ").append(user).append(nl);
        text.append("Subject: ").append(subject).append(nl);
        text.append("Date: ").append(DATE.format(Instant.ofEpochMilli(date))).append(nl);
        text.append("Message-ID: <").append(i).append('.').append(subject.hashCode()).append("@e2e.example>").append(nl);
        if (i % 50 == 25) {
            // Broken MIME: declared multipart, boundary never appears. Stored as received.
            text.append("MIME-Version: 1.0").append(nl);
            text.append("Content-Type: multipart/mixed; boundary=\"never-comes\"").append(nl);
        } else if (i % 9 == 4) {
            text.append("Content-Type: text/plain; charset=utf-8").append(nl);
            text.append("Content-Transfer-Encoding: 8bit").append(nl);
        }
        text.append(nl);
        int lines = 1 + random.nextInt(40);
        for (int l = 0; l < lines; l++) {
            int words = random.nextInt(12);
            for (int w = 0; w < words; w++) {
                text.append(w == 0 ? "" : " ").append(Integer.toString(random.nextInt(1 << 20), 36));
            }
            if (i % 9 == 4 && l == 0) {
                text.append(" Grüße, naïve café, 日本語");
            }
            text.append(nl);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
        if (i % 13 == 6) {
            bytes.writeBytes("trailing line without an end".getBytes(StandardCharsets.US_ASCII));
        }
        return bytes.toByteArray();
    }
}
