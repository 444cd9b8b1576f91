package org.gmdb.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The run's raw output, one JSON object a line (JSON lines): first the run ({@code "record":
 * "run"}: commit, date, cores, load average, settings), then every measurement of every repeat
 * and every failure as it happens, and last the end of the run. Each line is flushed at once,
 * so a run that dies keeps what it measured.
 *
 * <p>Caveat: a value that is not a finite number is left out by the callers; JSON has no NaN.
 */
final class RawResults implements AutoCloseable {

    private final ObjectMapper json = new ObjectMapper();
    private final Path path;
    private final BufferedWriter writer;

    private RawResults(Path path, BufferedWriter writer) {
        this.path = path;
        this.writer = writer;
    }

    /** Creates the file (and its directories), replacing an older one of that name. */
    static RawResults create(Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new RawResults(path, Files.newBufferedWriter(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the raw results file " + path, e);
        }
    }

    Path path() {
        return path;
    }

    /** Writes one record (a map in the order its keys should appear) as one line. */
    synchronized void write(Map<String, Object> record) {
        try {
            writer.write(json.writeValueAsString(record));
            writer.newLine();
            writer.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + record + " as JSON", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + path, e);
        }
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + path, e);
        }
    }
}
