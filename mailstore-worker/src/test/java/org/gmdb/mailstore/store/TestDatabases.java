package org.gmdb.mailstore.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes and drops uniquely named databases on the test MariaDB (127.0.0.1:3306, root, no
 * password), and raises the server's max_allowed_packet so that 30 MB messages fit.
 */
final class TestDatabases {

    static final String SERVER = "jdbc:mysql://127.0.0.1:3306/";
    static final long PACKET = 1_073_741_824L;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestDatabases() {
    }

    /** A new empty database whose name starts with {@code prefix}; returns its name. */
    static String create(String prefix) {
        String name = "gmdb_" + prefix + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet()
                + "_" + Long.toHexString(System.nanoTime() & 0xffffff);
        execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        return name;
    }

    static ShardDatabase open(String name) {
        return ShardDatabase.open(SERVER + name, "root", "", 2);
    }

    static void drop(String name) {
        execute("DROP DATABASE IF EXISTS " + name);
    }

    /** Raises the global max_allowed_packet if smaller (new connections only see it). */
    static void allowBigPackets() {
        try (Connection c = DriverManager.getConnection(SERVER, "root", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@global.max_allowed_packet")) {
            rs.next();
            if (rs.getLong(1) < PACKET) {
                s.execute("SET GLOBAL max_allowed_packet=" + PACKET);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot raise max_allowed_packet on " + SERVER, e);
        }
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(SERVER, "root", ""); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + SERVER, e);
        }
    }
}
