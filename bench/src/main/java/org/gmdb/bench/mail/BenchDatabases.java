package org.gmdb.bench.mail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The bench's databases on the MariaDB at 127.0.0.1:3306 (root, no password): unique names
 * {@code gmdb_bench_<pid>_<suffix>}, each dropped by the {@link Cleanup} step registered when
 * its name is handed out; and counts of applied events for the drain measurement.
 *
 * <p>Caveat: names are handed out before anything creates the database (workers and the
 * queue create their own), so a drop may find nothing to drop; that is fine.
 */
final class BenchDatabases {

    static final String HOST_PORT = "127.0.0.1:3306";
    private static final String SERVER_URL = "jdbc:mysql://" + HOST_PORT + "/?user=root&password=";

    private final String prefix = "gmdb_bench_" + ProcessHandle.current().pid() + "_";
    private final Cleanup cleanup;
    private final List<String> names = new ArrayList<>();
    private Connection counter;

    BenchDatabases(Cleanup cleanup) {
        this.cleanup = cleanup;
    }

    /** A new database name; it will be dropped at cleanup. */
    synchronized String name(String suffix) {
        String name = prefix + suffix;
        if (names.contains(name)) {
            throw new IllegalArgumentException("database " + name + " handed out twice");
        }
        names.add(name);
        cleanup.add("drop database " + name, () -> drop(name));
        return name;
    }

    static String jdbcUrl(String database) {
        return "jdbc:mysql://" + HOST_PORT + "/" + database + "?user=root&password=";
    }

    /** The job server's {@code --queue} URL for a queue in {@code database}. */
    static String queueUrl(String database) {
        return "mysql://root@" + HOST_PORT + "/" + database;
    }

    /** Drops a database now (it stays registered; the cleanup's second drop is a no-op). */
    static void drop(String database) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER_URL); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + database + "`");
        }
    }

    /** Rows in the replica's event log: every event it applied; 0 before it made its schema. */
    synchronized long appliedEvents(String database) throws SQLException {
        if (counter == null || counter.isClosed()) {
            counter = DriverManager.getConnection(SERVER_URL);
            cleanup.add("close the event counter's connection", () -> closeCounter());
        }
        try (Statement s = counter.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM `" + database + "`.applied_event")) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            if ("42S02".equals(e.getSQLState())) { // table not made yet
                return 0;
            }
            throw e;
        }
    }

    private synchronized void closeCounter() throws SQLException {
        if (counter != null) {
            counter.close();
            counter = null;
        }
    }
}
