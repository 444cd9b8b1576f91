package org.gmdb.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mysql.cj.jdbc.MysqlDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MigrationsIT {

    private static final String DB = "gmdb_migrations_it_" + ProcessHandle.current().pid();
    private static MysqlDataSource dataSource;

    @BeforeAll
    static void createDatabase() throws SQLException {
        MysqlDataSource root = new MysqlDataSource();
        root.setUrl("jdbc:mysql://127.0.0.1:3306/");
        root.setUser("root");
        try (Connection c = root.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DB);
        }
        dataSource = new MysqlDataSource();
        dataSource.setUrl("jdbc:mysql://127.0.0.1:3306/" + DB);
        dataSource.setUser("root");
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DB);
        }
    }

    @Test
    void shouldCreateShardAndQueueTablesSideBySideWithSeparateHistories() throws SQLException {
        Migrations.migrateShard(dataSource);
        Migrations.migrateQueue(dataSource);
        Migrations.migrateShard(dataSource); // a second run is a no-op

        Set<String> tables = new HashSet<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW TABLES")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        for (String expected : new String[] {"users", "mailbox", "message", "message_content", "message_flag",
                "mailbox_rename", "expunged_uid", "applied_event", "gearman_queue",
                Migrations.SHARD_HISTORY_TABLE, Migrations.QUEUE_HISTORY_TABLE}) {
            assertTrue(tables.contains(expected), "missing table " + expected + " in " + tables);
        }
        assertEquals(1, successfulVersions(Migrations.SHARD_HISTORY_TABLE));
        assertEquals(1, successfulVersions(Migrations.QUEUE_HISTORY_TABLE));
    }

    private static int successfulVersions(String historyTable) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + historyTable
                     + " WHERE success = 1 AND version = '1'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
