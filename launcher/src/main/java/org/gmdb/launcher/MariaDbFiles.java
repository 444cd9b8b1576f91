package org.gmdb.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * Where an {@link EmbeddedMariaDb} keeps its things, all under one directory that only its
 * owner may enter (0700): {@code base/} (the unpacked server), {@code data/}, {@code tmp/},
 * {@code run/} (socket and pid file), {@code files/} (the only place {@code SELECT ... INTO
 * OUTFILE} may write, kept empty), {@code root.password} (0600), {@code mariadbd.log} and
 * {@code lock}.
 *
 * <p>Caveat: a Unix socket path may not exceed 107 bytes; for a deep directory the socket goes
 * to a fresh 0700 directory under {@code java.io.tmpdir} instead (see {@link #socket()}).
 */
record MariaDbFiles(Path dir, Path socket) {

    private static final int MAX_SOCKET_PATH_BYTES = 100;
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    /** Creates the directories (0700) under {@code dir} and picks the socket path. */
    static MariaDbFiles prepare(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        try {
            for (Path d : new Path[] {abs, abs.resolve("data"), abs.resolve("tmp"), abs.resolve("run"), abs.resolve("files")}) {
                Files.createDirectories(d);
                Files.setPosixFilePermissions(d, OWNER_ONLY_DIR);
            }
            Path socket = abs.resolve("run").resolve("mariadbd.sock");
            if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
                socket = Files.createTempDirectory("gmdb-mariadb-").resolve("mariadbd.sock"); // 0700 on POSIX
            }
            return new MariaDbFiles(abs, socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the embedded MariaDB's directories under " + abs + ": " + e, e);
        }
    }

    Path base() {
        return dir.resolve("base");
    }

    Path data() {
        return dir.resolve("data");
    }

    Path tmp() {
        return dir.resolve("tmp");
    }

    Path pidFile() {
        return dir.resolve("run").resolve("mariadbd.pid");
    }

    /** The value of {@code secure_file_priv}: an empty directory of the owner's. */
    Path files() {
        return dir.resolve("files");
    }

    Path passwordFile() {
        return dir.resolve("root.password");
    }

    Path log() {
        return dir.resolve("mariadbd.log");
    }

    Path lockFile() {
        return dir.resolve("lock");
    }

    Path initFile() {
        return tmp().resolve("init.sql");
    }

    /** True once {@code mariadb-install-db} has made the system tables. */
    boolean installed() {
        return Files.isDirectory(data().resolve("mysql"));
    }

    /** The root password, generated (24 letters and digits) and written 0600 the first time. */
    String rootPassword() {
        Path file = passwordFile();
        try {
            if (!Files.exists(file)) {
                SecureRandom random = new SecureRandom();
                StringBuilder password = new StringBuilder(24);
                for (int i = 0; i < 24; i++) {
                    password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
                }
                writePrivate(file, password + "\n");
            }
            String password = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (password.isEmpty()) {
                throw new IllegalStateException(file + " is empty (delete it: a new password is made at the next start)");
            }
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the embedded MariaDB's password file " + file + ": " + e, e);
        }
    }

    /** Writes {@code text} to a file created 0600 (replacing one that exists). */
    static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " appeared while it was being written", e);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
