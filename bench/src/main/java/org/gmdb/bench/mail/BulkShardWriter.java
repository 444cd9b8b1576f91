package org.gmdb.bench.mail;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.gmdb.mail.event.EventCodec;
import org.gmdb.mail.event.EventIds;
import org.gmdb.mail.event.MailEvent;
import org.gmdb.mailstore.store.EventLog;

/**
 * Writes the search corpus of one shard straight into its tables with batched multi-row
 * INSERTs: the rows {@code EventApplier} would leave after applying those deliver events
 * (to INBOX, no flags) in message order to an empty replica. It is the bench's fast path:
 * on this shared 2-core machine {@code EventApplier} managed about 100-330 events/s (some
 * 17 statements per event), so a 100,000-message corpus would take 5 to 17 minutes to load.
 *
 * <p>Each user's k-th message gets UID k and MODSEQ k; the INBOX gets UIDNEXT and
 * HIGHESTMODSEQ to match, a random UIDVALIDITY, and its touch register set to the user's
 * newest event. User {@code u} gets row id {@code u+1}, and so does its INBOX, in every
 * shard. {@link LoaderCheck} proves on a sample, in every run, that the result dumps
 * ({@code CanonicalDump}) equal to what {@code EventApplier} makes.
 *
 * <p>Caveat: tied to the shard schema (V1) and to the applier's rules for a plain deliver;
 * if either changes, {@link LoaderCheck} fails the run rather than let it measure a
 * different store.
 */
final class BulkShardWriter {

    /** Messages per transaction (about 2 MB of INSERT at 4 KiB each). */
    static final int BATCH = 500;
    private static final SecureRandom RANDOM = new SecureRandom();

    private BulkShardWriter() {
    }

    /**
     * Writes messages {@code i} in {@code [0, count)} whose user routes to this shard into
     * the migrated, empty database at {@code jdbcUrl}; returns how many.
     */
    static long write(String jdbcUrl, SyntheticMail mail, int count, IntPredicate userOnShard)
            throws SQLException {
        // rewriteBatchedStatements: Connector/J sends each batch as multi-row INSERTs.
        try (Connection c = DriverManager.getConnection(jdbcUrl + "&rewriteBatchedStatements=true")) {
            c.setAutoCommit(false);
            Map<Integer, Long> userIds = writeUsersAndInboxes(c, mail, count, userOnShard);
            return writeMessages(c, mail, count, userIds);
        }
    }

    /** Users and their INBOX (same id as the user), with the counters they end with. */
    private static Map<Integer, Long> writeUsersAndInboxes(Connection c, SyntheticMail mail, int count,
            IntPredicate userOnShard) throws SQLException {
        Map<Integer, Long> ids = new HashMap<>();
        try (PreparedStatement users = c.prepareStatement("INSERT INTO users (id, address) VALUES (?, ?)");
             PreparedStatement boxes = c.prepareStatement("INSERT INTO mailbox (id, user_id, name, uidvalidity,"
                     + " uidnext, highestmodseq, touch_ts, touch_eid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            int n = Math.min(mail.users(), count);
            for (int u = 0; u < n; u++) {
                if (!userOnShard.test(u)) {
                    continue;
                }
                // Ids unique across shards, so that a shard's users can later be moved into another shard's
                // tables as they are (CorpusReshard); ids are replica-local, nothing else reads them.
                long id = u + 1L;
                ids.put(u, id);
                long messages = messagesOf(u, mail.users(), count);
                long newest = u + (messages - 1) * mail.users(); // the user's last message number
                users.setLong(1, id);
                users.setString(2, mail.userOf(u));
                users.addBatch();
                boxes.setLong(1, id);
                boxes.setLong(2, id);
                boxes.setString(3, SyntheticMail.MAILBOX);
                boxes.setLong(4, 1L + RANDOM.nextInt(Integer.MAX_VALUE - 1));
                boxes.setLong(5, messages + 1);
                boxes.setLong(6, messages);
                boxes.setLong(7, SyntheticMail.arrivalOf(newest));
                boxes.setBytes(8, EventIds.toBytes(SyntheticMail.corpusId(newest)));
                boxes.addBatch();
            }
            users.executeBatch();
            boxes.executeBatch();
        }
        c.commit();
        return ids;
    }

    private static long writeMessages(Connection c, SyntheticMail mail, int count, Map<Integer, Long> userIds)
            throws SQLException {
        long written = 0;
        try (PreparedStatement content = c.prepareStatement("INSERT INTO message_content (id, size, sha256, raw,"
                + " hdr_from, hdr_to, hdr_cc, hdr_subject, hdr_date, hdr_message_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)");
             PreparedStatement message = c.prepareStatement("INSERT INTO message (user_id, id, content_id, copy_of,"
                     + " internal_date, place_name, place_expunged, place_ts, place_eid, mailbox_id, uid, modseq)"
                     + " VALUES (?, ?, ?, NULL, ?, ?, FALSE, ?, ?, ?, ?, ?)");
             PreparedStatement event = c.prepareStatement("INSERT INTO applied_event (id, ts, bucket, user_addr, op,"
                     + " header, content_id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            List<PreparedStatement> all = List.of(content, message, event);
            int inBatch = 0;
            for (long i = 0; i < count; i++) {
                Long userId = userIds.get((int) (i % mail.users()));
                if (userId == null) {
                    continue;
                }
                MailEvent.Deliver e = mail.corpusEvent(i);
                SyntheticMail.Headers h = mail.headers(i);
                byte[] id = EventIds.toBytes(e.id());
                long ts = e.header().timestamp();
                long k = i / mail.users() + 1; // the user's k-th message: UID k, MODSEQ k

                content.setBytes(1, id);
                content.setLong(2, e.message().length);
                content.setBytes(3, sha256(e.message()));
                content.setBytes(4, e.message());
                content.setString(5, h.from());
                content.setString(6, h.to());
                content.setString(7, h.subject());
                content.setLong(8, h.dateMillis());
                content.setString(9, h.messageId());
                content.addBatch();

                message.setLong(1, userId);
                message.setBytes(2, id);
                message.setBytes(3, id);
                message.setLong(4, ts);
                message.setString(5, e.mailbox());
                message.setLong(6, ts);
                message.setBytes(7, id);
                message.setLong(8, userId); // the INBOX has the user's id
                message.setLong(9, k);
                message.setLong(10, k);
                message.addBatch();

                event.setBytes(1, id);
                event.setLong(2, ts);
                event.setLong(3, EventLog.bucketOf(ts));
                event.setString(4, e.user());
                event.setString(5, e.op().wireName());
                event.setBytes(6, EventCodec.encodeHeader(e));
                event.setBytes(7, id);
                event.addBatch();

                written++;
                if (++inBatch == BATCH) {
                    flush(c, all);
                    inBatch = 0;
                }
            }
            if (inBatch > 0) {
                flush(c, all);
            }
        }
        return written;
    }

    private static void flush(Connection c, List<PreparedStatement> statements) throws SQLException {
        for (PreparedStatement s : statements) {
            s.executeBatch();
        }
        c.commit();
    }

    /** Messages of user {@code u} among {@code [0, count)} when users take turns. */
    static long messagesOf(int u, int users, int count) {
        return u >= count ? 0 : (count - 1 - u) / users + 1;
    }

    private static byte[] sha256(byte[] raw) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(raw);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
