package org.gmdb.schema;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings a database up to the latest shard or queue schema with Flyway.
 *
 * <p>Each schema keeps its own history table, so a shard replica and a job server's queue
 * may share one database. Caveat: migrations run in the caller's thread and hold
 * Flyway's lock on the history table; call once at start, before serving.
 */
public final class Migrations {

    public static final String SHARD_LOCATION = "classpath:db/shard";
    public static final String QUEUE_LOCATION = "classpath:db/queue";
    public static final String SHARD_HISTORY_TABLE = "flyway_shard_history";
    public static final String QUEUE_HISTORY_TABLE = "flyway_queue_history";

    private Migrations() {
    }

    /** Applies the mail shard's migrations (users, mailboxes, messages, event log). */
    public static void migrateShard(DataSource dataSource) {
        migrate(dataSource, SHARD_LOCATION, SHARD_HISTORY_TABLE);
    }

    /** Applies the job server's persistent queue migrations. */
    public static void migrateQueue(DataSource dataSource) {
        migrate(dataSource, QUEUE_LOCATION, QUEUE_HISTORY_TABLE);
    }

    private static void migrate(DataSource dataSource, String location, String historyTable) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations(location)
                .table(historyTable)
                // A database that already holds the other schema's tables is not "non-empty"
                // for us: baseline at 0 so that our V1 still runs.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
