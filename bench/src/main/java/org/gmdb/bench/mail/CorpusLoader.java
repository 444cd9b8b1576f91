package org.gmdb.bench.mail;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;
import org.gmdb.mail.event.MailEvent;
import org.gmdb.mail.route.ShardRouter;
import org.gmdb.mailstore.DatabaseBootstrap;
import org.gmdb.mailstore.store.EventApplier;
import org.gmdb.mailstore.store.ShardDatabase;

/**
 * Fills shard databases with the search corpus directly, not through Gearman: message
 * {@code i} goes to the shard its user routes to by the documented routing
 * ({@link ShardRouter}), into a database first migrated by the store's own
 * {@link ShardDatabase#open}. Two ways, same rows: {@link Method#BULK_SQL}
 * ({@link BulkShardWriter}) or {@link Method#EVENT_APPLIER} (the store's applier, batches of
 * {@value #APPLIER_BATCH} events per transaction; faithful by construction, slow).
 *
 * <p>Caveat: one loading thread per shard, at most {@value #THREADS} at once (the machine's
 * cores); with one shard a single thread does all the work.
 */
final class CorpusLoader {

    /** How the rows get into the database. */
    enum Method { BULK_SQL, EVENT_APPLIER }

    static final int APPLIER_BATCH = 500;
    static final int THREADS = 2;

    private CorpusLoader() {
    }

    /**
     * Loads messages {@code 0 .. count-1} into the shard databases {@code databases} (shard
     * 1 first), each message where its user routes at that many shards; returns the count
     * per shard (index = shard number).
     */
    static long[] load(List<String> databases, SyntheticMail mail, int count, Method method)
            throws InterruptedException {
        int shards = databases.size();
        ShardRouter router = new ShardRouter(shards);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(THREADS, shards), r -> {
            Thread t = new Thread(r, "corpus-loader");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Long>> loads = new ArrayList<>();
            for (int s = 1; s <= shards; s++) {
                int shard = s;
                String jdbc = BenchDatabases.jdbcUrl(databases.get(s - 1));
                loads.add(pool.submit(() -> loadShard(jdbc, mail, count, method,
                        u -> router.shardOf(mail.userOf(u)) == shard)));
            }
            long[] perShard = new long[shards + 1];
            for (int s = 1; s <= shards; s++) {
                try {
                    perShard[s] = loads.get(s - 1).get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("loading shard " + s + " of " + shards + " failed: "
                            + e.getCause().getMessage(), e.getCause());
                }
            }
            return perShard;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Creates and migrates the database, then loads the messages of the users {@code onShard} accepts. */
    static long loadShard(String jdbcUrl, SyntheticMail mail, int count, Method method,
            IntPredicate onShard) throws SQLException {
        DatabaseBootstrap.createIfMissing(jdbcUrl);
        try (ShardDatabase db = ShardDatabase.open(jdbcUrl, null, null, 1)) {
            if (method == Method.BULK_SQL) {
                return BulkShardWriter.write(jdbcUrl, mail, count, onShard);
            }
            EventApplier applier = new EventApplier(db);
            long loaded = 0;
            List<MailEvent> batch = new ArrayList<>(APPLIER_BATCH);
            for (long i = 0; i < count; i++) {
                if (!onShard.test((int) (i % mail.users()))) {
                    continue;
                }
                batch.add(mail.corpusEvent(i));
                if (batch.size() == APPLIER_BATCH) {
                    loaded += applier.apply(batch).applied();
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                loaded += applier.apply(batch).applied();
            }
            return loaded;
        }
    }
}
