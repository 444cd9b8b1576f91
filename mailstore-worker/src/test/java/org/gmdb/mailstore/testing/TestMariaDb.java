package org.gmdb.mailstore.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test MariaDB on 127.0.0.1:3306 (root, no password): unique database names per test,
 * dropping them, and killing the connections that use a database (a database "going away").
 */
public final class TestMariaDb {

    public static final String HOST_PORT = "127.0.0.1:3306";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestMariaDb() {
    }

    /** A fresh, unused database name (not created: the worker creates it). */
    public static String uniqueName(String prefix) {
        return "gmdb_" + prefix + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet() + "_"
                + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    /** JDBC URL of {@code database} reached through {@code hostPort} (the server itself, or a proxy). */
    public static String jdbcUrl(String hostPort, String database) {
        return "jdbc:mysql://" + hostPort + "/" + database + "?user=root&password=";
    }

    public static void drop(String database) {
        execute("DROP DATABASE IF EXISTS `" + database + "`");
    }

    /** KILLs every connection whose current database is {@code database}; returns how many. */
    public static int killConnections(String database) {
        List<Long> ids = new ArrayList<>();
        try (Connection c = root(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = '" + database
                     + "' AND ID <> CONNECTION_ID()")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
            for (long id : ids) {
                try {
                    s.execute("KILL " + id);
                } catch (SQLException e) {
                    // gone already
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list connections of " + database, e);
        }
        return ids.size();
    }

    public static long count(String database, String sql) {
        try (Connection c = root(); Statement s = c.createStatement()) {
            s.execute("USE `" + database + "`");
            try (ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + database, e);
        }
    }

    public static void execute(String sql) {
        try (Connection c = root(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + HOST_PORT, e);
        }
    }

    private static Connection root() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://" + HOST_PORT + "/", "root", "");
    }
}
