package org.gmdb.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gmdb.launcher.e2e.MailCorpus.Mail;
import org.gmdb.launcher.e2e.StoreChecks.Delivered;
import org.gmdb.mail.event.query.SearchCriteria;
import org.gmdb.mailclient.Durability;
import org.gmdb.mailclient.MailClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mail store carried by Debian's gearmand 1.1.20 instead of our job server: the same
 * processes otherwise (2 shards x 2 replicas, a {@code gmdb worker} each), the same
 * deliver / read-back-from-every-replica / cross-shard-search test. Any Gearman job server
 * must do.
 *
 * <p>Caveat: gearmand keeps its queue in memory here; durability across its restarts is
 * {@link MailStoreProcessesIT}'s subject, with our job server's MySQL queue.
 */
class GearmandMailStoreIT {

    /** Fewer than MailStoreProcessesIT's 2,000: the same paths, a quarter of the time. */
    static final int MESSAGES = 500;
    static final int USERS = 50;

    @TempDir
    Path dir;

    @Test
    void shouldDeliverReadFromEveryReplicaAndSearchAcrossShardsThroughGearmand() throws Exception {
        try (StoreProcesses store = StoreChecks.timed("start gearmand and 4 workers", () -> new StoreProcesses(
                StoreProcesses.JobServerKind.GEARMAND, 2, List.of("a", "b"), dir, 0))) {
            try {
                String token = MailCorpus.newToken();
                List<Mail> mails = MailCorpus.generate(token, MESSAGES, USERS, 5);
                try (MailClient client = store.client()) {
                    List<Delivered> delivered = StoreChecks.timed("deliver " + MESSAGES + " (ALL) via gearmand",
                            () -> StoreChecks.deliver(client, mails, Durability.ALL));
                    assertEquals(2, delivered.stream().map(Delivered::shard).distinct().count(), "users on both shards");
                    StoreChecks.timed("pinned reads via gearmand", () -> StoreChecks.awaitEveryReplicaServesEveryMessage(
                            client, store.topology(), delivered, Duration.ofSeconds(30)));
                    SearchCriteria weekly = new SearchCriteria(null, null, null, null, token + " weekly", null, null,
                            null, null, null, null, null);
                    StoreChecks.assertCrossShardSearch(client, delivered, weekly, Mail::weekly, 30);
                    SearchCriteria fromSender3 = new SearchCriteria(null, null, "SENDER3@example.org", null, token, null,
                            null, null, null, null, null, null);
                    StoreChecks.assertCrossShardSearch(client, delivered, fromSender3, m -> m.index() % 5 == 3, 1000);
                }
                for (var shard : store.topology().shards()) {
                    StoreChecks.awaitReplicasIdentical(shard, r -> store.database(shard.number(), r), Duration.ofSeconds(10));
                }
            } catch (Throwable e) {
                e.addSuppressed(new AssertionError("process output:\n" + store.diagnostics()));
                throw e;
            }
        }
    }
}
