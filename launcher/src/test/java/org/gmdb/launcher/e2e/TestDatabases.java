package org.gmdb.launcher.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.gmdb.mailstore.store.CanonicalDump;
import org.gmdb.mailstore.store.ShardDatabase;

/**
 * Databases of the test MariaDB (127.0.0.1:3306, root, no password) with names unique to this
 * test JVM, dropped by {@link #close()}; and the canonical dump of a replica's database.
 *
 * <p>Caveat: a test JVM killed before {@link #close()} leaves its databases behind; their
 * names ({@code gmdb_e2e_<pid>_...}) say whose they were.
 */
final class TestDatabases implements AutoCloseable {

    static final String SERVER = "jdbc:mysql://127.0.0.1:3306/?user=root&password=";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final List<String> names = new ArrayList<>();

    /** A fresh unique name ({@code gmdb_e2e_<pid>_<n>_<label>}), to be dropped at close; nothing is created. */
    synchronized String newName(String label) {
        String name = "gmdb_e2e_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet() + "_" + label;
        names.add(name);
        return name;
    }

    /** Also drops {@code name} at close (a database someone else creates, e.g. from a template). */
    synchronized void track(String name) {
        names.add(name);
    }

    static String jdbcUrl(String database) {
        return "jdbc:mysql://127.0.0.1:3306/" + database + "?user=root&password=";
    }

    static String queueUrl(String database) {
        return "mysql://root@127.0.0.1:3306/" + database;
    }

    /** Drops and creates {@code database} empty: a replica that lost its disk. */
    static void wipe(String database) throws SQLException {
        execute("DROP DATABASE IF EXISTS `" + database + "`",
                "CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    }

    /** The canonical dump of a replica database (see {@link CanonicalDump}). */
    static String dump(String database) {
        try (ShardDatabase db = ShardDatabase.open(jdbcUrl(database), null, null, 1)) {
            return new CanonicalDump(db).dump();
        }
    }

    private static void execute(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER); Statement s = c.createStatement()) {
            for (String name : names) {
                s.execute("DROP DATABASE IF EXISTS `" + name + "`");
            }
        }
        names.clear();
    }
}
