package org.gmdb.bench.mail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.gmdb.mail.route.ShardRouter;

/**
 * Turns a corpus spread over S shard databases into one spread over T &lt; S of them, the
 * way a resharding would: the users of shards T+1..S move, with all their rows, into the
 * shard the routing sends them to at T shards; shards 1..T keep theirs (jump consistent
 * hashing never moves a user between two shards that both remain). Then shards T+1..S are
 * dropped. Done server-side with {@code INSERT ... SELECT} between databases of the same
 * MariaDB, in chunks of users, one transaction per chunk.
 *
 * <p>So the search phase loads the corpus once, at the largest shard count, instead of once
 * per shard count. Caveats: relies on row ids being unique across shards (the corpus
 * loaders make them so) and on every shard database having the same schema version;
 * replica-local numbering (UIDs, MODSEQs, UIDVALIDITY) moves along unchanged, as a replica
 * that had applied those events would have it.
 */
final class CorpusReshard {

    static final int USERS_PER_CHUNK = 25;

    private CorpusReshard() {
    }

    /** Moves the users of {@code databases[target..]} into {@code databases[0..target-1]} and drops the former. */
    static void shrink(List<String> databases, int target) throws SQLException {
        int from = databases.size();
        if (target < 1 || target >= from) {
            throw new IllegalArgumentException("reshard " + from + " -> " + target + " shards (expected: 1 <= "
                    + target + " < " + from + ")");
        }
        ShardRouter router = new ShardRouter(target);
        try (Connection c = DriverManager.getConnection("jdbc:mysql://" + BenchDatabases.HOST_PORT
                + "/?user=root&password=")) {
            c.setAutoCommit(false);
            for (int s = target + 1; s <= from; s++) {
                String source = databases.get(s - 1);
                Map<Integer, List<Long>> byTarget = new TreeMap<>();
                for (Map.Entry<Long, String> user : users(c, source).entrySet()) {
                    byTarget.computeIfAbsent(router.shardOf(user.getValue()), t -> new ArrayList<>())
                            .add(user.getKey());
                }
                for (Map.Entry<Integer, List<Long>> e : byTarget.entrySet()) {
                    List<Long> ids = e.getValue();
                    for (int i = 0; i < ids.size(); i += USERS_PER_CHUNK) {
                        move(c, source, databases.get(e.getKey() - 1), ids.subList(i, Math.min(ids.size(),
                                i + USERS_PER_CHUNK)));
                    }
                }
                BenchDatabases.drop(source);
            }
        }
    }

    private static Map<Long, String> users(Connection c, String db) throws SQLException {
        Map<Long, String> out = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id, address FROM `" + db
                + "`.users")) {
            while (r.next()) {
                out.put(r.getLong(1), r.getString(2));
            }
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
        return out;
    }

    /** All rows of these users, parents before children (the foreign keys), in one transaction. */
    private static void move(Connection c, String from, String to, List<Long> userIds) throws SQLException {
        String ids = userIds.stream().map(String::valueOf).collect(Collectors.joining(","));
        String f = "`" + from + "`.";
        String t = "`" + to + "`.";
        List<String> statements = List.of(
                "INSERT INTO " + t + "users SELECT * FROM " + f + "users WHERE id IN (" + ids + ")",
                "INSERT INTO " + t + "mailbox SELECT * FROM " + f + "mailbox WHERE user_id IN (" + ids + ")",
                "INSERT INTO " + t + "mailbox_rename SELECT * FROM " + f + "mailbox_rename WHERE user_id IN (" + ids
                        + ")",
                "INSERT INTO " + t + "message_content SELECT DISTINCT mc.* FROM " + f + "message_content mc JOIN " + f
                        + "message m ON m.content_id = mc.id WHERE m.user_id IN (" + ids + ")",
                "INSERT INTO " + t + "message SELECT * FROM " + f + "message WHERE user_id IN (" + ids + ")",
                "INSERT INTO " + t + "message_flag SELECT * FROM " + f + "message_flag WHERE user_id IN (" + ids + ")",
                "INSERT INTO " + t + "expunged_uid SELECT x.* FROM " + f + "expunged_uid x JOIN " + f
                        + "mailbox b ON b.id = x.mailbox_id WHERE b.user_id IN (" + ids + ")",
                "INSERT INTO " + t + "applied_event SELECT e.* FROM " + f + "applied_event e JOIN " + f
                        + "users u ON u.address = e.user_addr WHERE u.id IN (" + ids + ")");
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.executeUpdate(sql);
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw new SQLException("moving users " + ids + " from " + from + " to " + to + ": " + e.getMessage(),
                    e.getSQLState(), e);
        }
    }

    /**
     * Checks that every user in {@code databases} sits in the shard the routing names for
     * that many shards, and returns the messages per shard (index = shard number).
     */
    static long[] verify(List<String> databases) throws SQLException {
        ShardRouter router = new ShardRouter(databases.size());
        long[] messages = new long[databases.size() + 1];
        try (Connection c = DriverManager.getConnection("jdbc:mysql://" + BenchDatabases.HOST_PORT
                + "/?user=root&password=")) {
            for (int s = 1; s <= databases.size(); s++) {
                for (String user : users(c, databases.get(s - 1)).values()) {
                    if (router.shardOf(user) != s) {
                        throw new IllegalStateException("user " + user + " is in shard " + s + " of "
                                + databases.size() + " (expected: shard " + router.shardOf(user) + ")");
                    }
                }
                messages[s] = messages(databases.get(s - 1));
            }
        }
        return messages;
    }

    /** Messages in one database. */
    static long messages(String database) throws SQLException {
        try (Connection c = DriverManager.getConnection(BenchDatabases.jdbcUrl(database));
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM message")) {
            r.next();
            return r.getLong(1);
        }
    }
}
