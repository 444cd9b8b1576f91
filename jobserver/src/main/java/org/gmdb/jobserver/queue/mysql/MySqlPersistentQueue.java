package org.gmdb.jobserver.queue.mysql;

import static org.gmdb.schema.queue.Tables.GEARMAN_QUEUE;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gmdb.jobserver.metrics.QueueStats;
import org.gmdb.jobserver.queue.PersistentQueue;
import org.gmdb.jobserver.queue.StoredJob;
import org.gmdb.schema.Migrations;
import org.gmdb.schema.queue.tables.GearmanQueue;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job server's persistent queue in MySQL or MariaDB (InnoDB): HikariCP, jOOQ, Connector/J.
 *
 * <p>Open it with {@link #open(String)} and a URL such as
 * {@code mysql://root@127.0.0.1:3306/gearman?table=gearman_queue&poolSize=2}; the database is
 * created if missing and migrated with Flyway ({@link Migrations#migrateQueue}). Writes go
 * through one {@link GroupCommitWriter}: a store completes with its row id once the INSERT is
 * committed (durable with {@code innodb_flush_log_at_trx_commit=1}), and writes that arrive
 * together share one transaction.
 *
 * <p>Caveats: a job whose worst-case escaped size exceeds what one statement may carry
 * (half the server's {@code max_allowed_packet}, less overhead) is refused by
 * {@link #store}. With a {@code table} other than {@value QueueUrl#DEFAULT_TABLE}, the table
 * is created {@code LIKE gearman_queue} after migration, so later migrations of the queue
 * schema do not reach it.
 */
public final class MySqlPersistentQueue implements PersistentQueue {

    private static final Logger LOG = LoggerFactory.getLogger(MySqlPersistentQueue.class);

    /** Room for the statement's text around the values. */
    private static final long STATEMENT_MARGIN_BYTES = 4096;
    /** Smaller statements than the packet limit allow: they block the server less. */
    private static final long PREFERRED_STATEMENT_BYTES = 4L << 20;

    static final int MAX_UNIQUE_BYTES = 64;
    static final int MAX_FUNCTION_BYTES = 8192;
    static final int MAX_REDUCER_BYTES = 8192;

    private final QueueUrl url;
    private final HikariDataSource dataSource;
    private final DSLContext dsl;
    private final GearmanQueue table;
    private final GroupCommitWriter writer;
    private final long maxJobStatementBytes;

    private MySqlPersistentQueue(QueueUrl url, HikariDataSource dataSource, long maxAllowedPacket) {
        this.url = url;
        this.dataSource = dataSource;
        this.dsl = DSL.using(dataSource, SQLDialect.MARIADB);
        this.table = url.table().equals(QueueUrl.DEFAULT_TABLE)
                ? GEARMAN_QUEUE : GEARMAN_QUEUE.rename(url.table());
        this.maxJobStatementBytes = maxAllowedPacket - STATEMENT_MARGIN_BYTES;
        long statementBytes = Math.max(Math.min(PREFERRED_STATEMENT_BYTES, maxJobStatementBytes),
                1);
        this.writer = new GroupCommitWriter(dsl, table, statementBytes, url.toString());
    }

    /**
     * Parses the URL, creates the database if missing, migrates it and starts the writer.
     *
     * @throws IllegalArgumentException  if the URL is malformed
     * @throws PersistentQueueException  if the database cannot be reached or set up
     */
    public static MySqlPersistentQueue open(String url) {
        return open(QueueUrl.parse(url));
    }

    /** As {@link #open(String)}, from a parsed URL. */
    public static MySqlPersistentQueue open(QueueUrl url) {
        createDatabaseIfMissing(url);
        HikariDataSource dataSource = null;
        try {
            dataSource = new HikariDataSource(poolConfig(url));
            Migrations.migrateQueue(dataSource);
            if (!url.table().equals(QueueUrl.DEFAULT_TABLE)) {
                DSL.using(dataSource, SQLDialect.MARIADB).execute("CREATE TABLE IF NOT EXISTS `"
                        + url.table() + "` LIKE `" + QueueUrl.DEFAULT_TABLE + "`");
            }
            long maxAllowedPacket = DSL.using(dataSource, SQLDialect.MARIADB)
                    .fetchValue(DSL.field("@@max_allowed_packet", Long.class));
            LOG.info("persistent queue {} ready (max_allowed_packet {})", url, maxAllowedPacket);
            return new MySqlPersistentQueue(url, dataSource, maxAllowedPacket);
        } catch (RuntimeException e) {
            if (dataSource != null) {
                dataSource.close();
            }
            throw new PersistentQueueException("cannot open persistent queue " + url + ": "
                    + e.getMessage(), SqlFailures.connectionLost(e), e);
        }
    }

    @Override
    public CompletionStage<Long> store(StoredJob job) {
        String invalid = invalid(job);
        if (invalid != null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(invalid));
        }
        return writer.insert(job);
    }

    @Override
    public CompletionStage<Void> delete(long rowId) {
        return writer.delete(rowId);
    }

    @Override
    public List<StoredJob> replay() {
        try {
            return dsl.selectFrom(table).orderBy(table.ID).fetch(r -> new StoredJob(r.getId(),
                    r.getFunctionName(), r.getUniqueKey(), r.getPriority(), r.getData(),
                    r.getWhenToRun(), r.getReducer()));
        } catch (RuntimeException e) {
            boolean unreachable = SqlFailures.connectionLost(e);
            throw new PersistentQueueException("cannot replay persistent queue " + url + " (SQLSTATE "
                    + SqlFailures.sqlState(e) + "): " + e.getMessage(), unreachable, e);
        }
    }

    /** Committed write transactions so far; each holds one or more inserts and deletes. */
    public long transactions() {
        return writer.transactions();
    }

    /** Rows inserted so far by this instance. */
    public long rowsInserted() {
        return writer.rowsInserted();
    }

    /** Rows deleted so far by this instance (including deletes of rows that were gone). */
    public long rowsDeleted() {
        return writer.rowsDeleted();
    }

    /** Writes whose stage completed exceptionally because the database failed. */
    public long failedWrites() {
        return writer.failedWrites();
    }

    /** The writer's counters, for {@code PrometheusMetrics.persistentQueueSource(queue::stats)}. */
    public QueueStats stats() {
        return new QueueStats(writer.backlog(), writer.transactions(), writer.rowsInserted(),
                writer.rowsDeleted(), writer.failedWrites());
    }

    /** Writes waiting for the writer thread right now. */
    public int backlog() {
        return writer.backlog();
    }

    public QueueUrl url() {
        return url;
    }

    /** Writes everything already accepted, then closes the pool; later writes fail. */
    @Override
    public void close() {
        writer.close();
        dataSource.close();
    }

    private String invalid(StoredJob job) {
        if (job.function() == null || job.unique() == null || job.data() == null) {
            return "stored job needs function, unique and data (reducer alone may be null)";
        }
        if (job.function().length == 0 || job.function().length > MAX_FUNCTION_BYTES) {
            return "function name of " + job.function().length + " bytes (expected: 1.."
                    + MAX_FUNCTION_BYTES + ")";
        }
        if (job.unique().length > MAX_UNIQUE_BYTES) {
            return "unique of " + job.unique().length + " bytes (expected: <= "
                    + MAX_UNIQUE_BYTES + ")";
        }
        if (job.reducer() != null && job.reducer().length > MAX_REDUCER_BYTES) {
            return "reducer of " + job.reducer().length + " bytes (expected: <= "
                    + MAX_REDUCER_BYTES + ")";
        }
        if (job.priority() < 0 || job.priority() > 2) {
            return "priority " + job.priority() + " (expected: 0 high, 1 normal, 2 low)";
        }
        long bytes = GroupCommitWriter.statementBytes(job);
        if (bytes > maxJobStatementBytes) {
            return "job of " + job.data().length + " data bytes needs up to " + bytes
                    + " statement bytes (expected: <= " + maxJobStatementBytes
                    + ", from the server's max_allowed_packet)";
        }
        return null;
    }

    private static HikariConfig poolConfig(QueueUrl url) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("gmdb-queue-" + url.database());
        config.setJdbcUrl(url.jdbcUrl(true));
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setMaximumPoolSize(url.poolSize());
        config.setMinimumIdle(1);
        // A write waits at most this long for a connection while the database is down,
        // then its stage fails; the pool keeps trying in the background.
        config.setConnectionTimeout(url.connectTimeoutMs());
        config.setValidationTimeout(Math.max(250, url.connectTimeoutMs() / 2));
        config.setInitializationFailTimeout(url.connectTimeoutMs());
        config.setAutoCommit(true);
        return config;
    }

    private static void createDatabaseIfMissing(QueueUrl url) {
        Properties props = new Properties();
        props.setProperty("user", url.user());
        props.setProperty("password", url.password());
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(false), props);
             Statement s = c.createStatement()) {
            // The name is checked against [A-Za-z0-9_$] by QueueUrl: safe to quote as is.
            s.execute("CREATE DATABASE IF NOT EXISTS `" + url.database()
                    + "` CHARACTER SET utf8mb4");
        } catch (SQLException e) {
            boolean unreachable = SqlFailures.connectionLost(e);
            throw new PersistentQueueException("cannot " + (unreachable ? "reach" : "create")
                    + " persistent queue database " + url + " (SQLSTATE " + e.getSQLState()
                    + "): " + e.getMessage(), unreachable, e);
        }
    }
}
