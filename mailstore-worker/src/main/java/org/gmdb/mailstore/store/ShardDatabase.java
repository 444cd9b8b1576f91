package org.gmdb.mailstore.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.gmdb.schema.Migrations;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * One replica's database: a HikariCP pool, a jOOQ context in the MariaDB dialect, and the
 * server's max_allowed_packet, which bounds the largest message the store can keep.
 *
 * <p>Caveat: MariaDB fixes a connection's max_allowed_packet when it connects; raising
 * the global value later only helps after {@link #close()} and a new instance.
 */
public final class ShardDatabase implements AutoCloseable {

    /** Room for the INSERT statement and escaping around a message's bytes. */
    static final long PACKET_OVERHEAD = 64 * 1024;

    private final HikariDataSource dataSource;
    private final DSLContext dsl;
    private final long maxAllowedPacket;

    private ShardDatabase(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        // Connector/J runs MariaDB's INSERT ... RETURNING only as an update, so jOOQ must not
        // ask for generated values through it.
        this.dsl = DSL.using(dataSource, SQLDialect.MARIADB, new Settings()
                .withReturnIdentityOnUpdatableRecord(false)
                .withReturnAllOnUpdatableRecord(false));
        Object packet = dsl.fetchValue("SELECT @@max_allowed_packet");
        this.maxAllowedPacket = packet instanceof Number n ? n.longValue() : 0;
    }

    /** Opens a pool on {@code jdbcUrl} and migrates the shard schema. */
    public static ShardDatabase open(String jdbcUrl, String user, String password, int poolSize) {
        return open(jdbcUrl, user, password, poolSize, config -> { });
    }

    /** As above, with pool settings adjusted by {@code tuning} (e.g. a shorter connection timeout) before it opens. */
    public static ShardDatabase open(String jdbcUrl, String user, String password, int poolSize,
            java.util.function.Consumer<HikariConfig> tuning) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("shard-" + withoutOptions(jdbcUrl).replaceAll(".*/", ""));
        config.setAutoCommit(true);
        tuning.accept(config);
        HikariDataSource ds = new HikariDataSource(config);
        try {
            Migrations.migrateShard(ds);
            return new ShardDatabase(ds);
        } catch (RuntimeException e) {
            ds.close();
            throw SqlErrors.translate("opening shard database " + withoutOptions(jdbcUrl), e);
        }
    }

    public DSLContext dsl() {
        return dsl;
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    public long maxAllowedPacket() {
        return maxAllowedPacket;
    }

    /** The largest message this database accepts in one statement. */
    public long maxMessageSize() {
        return Math.max(0, (maxAllowedPacket - PACKET_OVERHEAD) / 2);
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** The URL without its query string, which may hold a password: for names and messages. */
    static String withoutOptions(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }
}
