package org.gmdb.jobserver.compat.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Where compatibility tests put logs and scratch files: {@code target/compat-logs}, one name per use. */
public final class CompatFiles {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Path DIR = Path.of("target", "compat-logs").toAbsolutePath();

    private CompatFiles() {
    }

    /** A new, empty log file path, unique within this JVM. */
    public static Path logFile(String name) {
        try {
            Files.createDirectories(DIR);
            return DIR.resolve(ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet() + "-" + name + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + DIR, e);
        }
    }

    /** The last lines of a text file, or a note when it cannot be read. */
    public static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no log at " + file + ")";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log " + file + " unreadable: " + e + ")";
        }
    }
}
