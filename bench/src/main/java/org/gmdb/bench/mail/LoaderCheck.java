package org.gmdb.bench.mail;

import java.sql.SQLException;
import java.util.List;
import org.gmdb.mailstore.store.CanonicalDump;
import org.gmdb.mailstore.store.MailQueries;
import org.gmdb.mailstore.store.ShardDatabase;

/**
 * Proves, before the search phase measures anything, that {@link BulkShardWriter} followed
 * by {@link CorpusReshard} leaves the same store as {@code EventApplier}: a sample corpus is
 * applied by {@code EventApplier} into one scratch database, and bulk-loaded at 2 shards
 * then resharded to 1 into another; their {@link CanonicalDump}s (users, mailboxes and
 * registers, contents with parsed headers, messages and placements, flags, event ids) must
 * be equal, and so must the UID/MODSEQ numbering, which the dump leaves out.
 *
 * <p>Caveat: a sample of a few hundred messages, not the whole corpus; the bulk writer's
 * rules do not depend on the corpus size.
 */
final class LoaderCheck {

    static final int SAMPLE_MESSAGES = 300;
    static final int SAMPLE_USERS = 7;

    private LoaderCheck() {
    }

    /** Throws if the two ways differ; returns a one-line description of what was compared. */
    static String run(BenchDatabases dbs, int messageBytes) throws SQLException {
        SyntheticMail mail = new SyntheticMail("check.example", SAMPLE_USERS, messageBytes);
        String applied = dbs.name("check_applier");
        String bulk = dbs.name("check_bulk1");
        String bulk2 = dbs.name("check_bulk2");
        try {
            CorpusLoader.loadShard(BenchDatabases.jdbcUrl(applied), mail, SAMPLE_MESSAGES,
                    CorpusLoader.Method.EVENT_APPLIER, u -> true);
            try {
                CorpusLoader.load(List.of(bulk, bulk2), mail, SAMPLE_MESSAGES, CorpusLoader.Method.BULK_SQL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while loading the check sample", e);
            }
            CorpusReshard.shrink(List.of(bulk, bulk2), 1);
            String expected;
            String actual;
            String expectedNumbers;
            String actualNumbers;
            try (ShardDatabase a = ShardDatabase.open(BenchDatabases.jdbcUrl(applied), null, null, 1);
                 ShardDatabase b = ShardDatabase.open(BenchDatabases.jdbcUrl(bulk), null, null, 1)) {
                expected = new CanonicalDump(a).dump();
                actual = new CanonicalDump(b).dump();
                expectedNumbers = numbering(a, mail);
                actualNumbers = numbering(b, mail);
            }
            if (!expected.equals(actual)) {
                throw new IllegalStateException("bulk corpus loader differs from EventApplier: " + firstDifference(
                        expected, actual));
            }
            if (!expectedNumbers.equals(actualNumbers)) {
                throw new IllegalStateException("bulk corpus loader numbers messages differently from EventApplier: "
                        + firstDifference(expectedNumbers, actualNumbers));
            }
            return "bulk load at 2 shards + reshard to 1 = EventApplier at 1 shard, on a sample of " + SAMPLE_MESSAGES
                    + " messages (" + expected.lines().count() + " canonical dump lines equal; UIDs, MODSEQs, UIDNEXT"
                    + " equal)";
        } finally {
            BenchDatabases.drop(applied);
            BenchDatabases.drop(bulk);
            BenchDatabases.drop(bulk2);
        }
    }

    /** Each user's INBOX as the store reports it, and every message's UID and MODSEQ. */
    private static String numbering(ShardDatabase db, SyntheticMail mail) {
        MailQueries q = new MailQueries(db);
        StringBuilder out = new StringBuilder();
        for (int u = 0; u < SAMPLE_USERS; u++) {
            String user = mail.userOf(u);
            q.listMailboxes(user).forEach(b -> out.append(user).append(' ').append(b.name()).append(" uidnext=")
                    .append(b.uidnext()).append(" highestmodseq=").append(b.highestModseq()).append(" messages=")
                    .append(b.messages()).append('\n'));
            q.listMessages(user, SyntheticMail.MAILBOX, null, false, null, null).messages().forEach(m -> out
                    .append(user).append(' ').append(m.id()).append(" uid=").append(m.uid()).append(" modseq=")
                    .append(m.modseq()).append('\n'));
        }
        return out.toString();
    }

    private static String firstDifference(String expected, String actual) {
        List<String> e = expected.lines().toList();
        List<String> a = actual.lines().toList();
        for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
            String x = i < e.size() ? e.get(i) : "(none)";
            String y = i < a.size() ? a.get(i) : "(none)";
            if (!x.equals(y)) {
                return "line " + (i + 1) + ": applier '" + x + "', bulk '" + y + "'";
            }
        }
        return "(same lines)";
    }
}
