package org.gmdb.jobserver.compat.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throw-away database on the test MariaDB (127.0.0.1:3306, root, no password) with a name
 * unique to this JVM, and a reader for the {@code gearman_queue} rows both servers write.
 */
public final class MySqlDatabase implements AutoCloseable {

    private static final String SERVER = "jdbc:mysql://127.0.0.1:3306/";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final String name;

    private MySqlDatabase(String name) {
        this.name = name;
    }

    /** Creates {@code compat_<purpose>_<pid>_<n>}. */
    public static MySqlDatabase create(String purpose) {
        String name = "compat_" + purpose + "_" + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet();
        execute("CREATE DATABASE `" + name + "`");
        return new MySqlDatabase(name);
    }

    public String name() {
        return name;
    }

    /**
     * The queue rows as {@code unique/function/priority/when_to_run/data}, sorted, so that two
     * servers' tables compare equal whatever their extra columns and row order.
     */
    public List<String> queueRows() {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(SERVER + name, "root", "");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT unique_key, function_name, priority, when_to_run, data FROM gearman_queue")) {
            while (result.next()) {
                rows.add(text(result.getBytes(1)) + "/" + text(result.getBytes(2)) + "/" + result.getInt(3) + "/"
                        + result.getLong(4) + "/" + text(result.getBytes(5)));
            }
        } catch (SQLException e) {
            // a missing table (error 1146) fails too: "no rows" must not pass for a server that never made one
            throw new IllegalStateException("reading " + name + ".gearman_queue failed", e);
        }
        rows.sort(null);
        return rows;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "NULL" : Render.bytes(bytes);
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(SERVER, "root", "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + SERVER, e);
        }
    }

    @Override
    public void close() {
        execute("DROP DATABASE IF EXISTS `" + name + "`");
    }
}
