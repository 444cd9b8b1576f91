package org.gmdb.jobserver.queue.mysql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/** A uniquely named database on the test MariaDB (127.0.0.1:3306, root), dropped by {@link #drop()}. */
final class TestDatabase {

    static final String SERVER = "jdbc:mysql://127.0.0.1:3306/";

    private final String name;

    private TestDatabase(String name) {
        this.name = name;
    }

    /** A fresh name; the database itself is made by whoever opens the queue on it. */
    static TestDatabase named(String prefix) {
        return new TestDatabase(prefix + "_" + System.currentTimeMillis() % 100_000_000 + "_"
                + ThreadLocalRandom.current().nextInt(1000));
    }

    String name() {
        return name;
    }

    String queueUrl(String parameters) {
        return "mysql://root@127.0.0.1:3306/" + name + (parameters.isEmpty() ? "" : "?" + parameters);
    }

    /** The queue URL through another port, e.g. a {@link TcpProxy} in front of MariaDB. */
    String queueUrlVia(int port, String parameters) {
        return "mysql://root@127.0.0.1:" + port + "/" + name
                + (parameters.isEmpty() ? "" : "?" + parameters);
    }

    long count(String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + name, "root", "");
             Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM `" + table + "`")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void drop() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER, "root", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + name + "`");
        }
    }
}
