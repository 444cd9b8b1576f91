package org.gmdb.mailstore.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Copies what this JVM writes to standard error (where slf4j-simple logs in tests) while it is
 * open, and still lets it through. Caveat: it sees every thread's lines, so match on something
 * only the line looked for carries, such as an event id.
 */
public final class LogTap implements AutoCloseable {

    private final PrintStream original;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    private LogTap(PrintStream original) {
        this.original = original;
    }

    /** Starts copying standard error; close to stop. */
    public static LogTap open() {
        LogTap tap = new LogTap(System.err);
        System.setErr(new PrintStream(new Tee(tap.original, tap.copy), true, StandardCharsets.UTF_8));
        return tap;
    }

    /** The lines written so far that contain {@code text}. */
    public List<String> linesContaining(String text) {
        String written;
        synchronized (copy) {
            written = copy.toString(StandardCharsets.UTF_8);
        }
        return written.lines().filter(line -> line.contains(text)).toList();
    }

    @Override
    public void close() {
        System.setErr(original);
    }

    /** Writes to both streams; the copy under its own lock, as log lines come from many threads. */
    private static final class Tee extends OutputStream {
        private final OutputStream through;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream through, ByteArrayOutputStream copy) {
            this.through = through;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (copy) {
                copy.write(b, off, len);
            }
            try {
                through.write(b, off, len);
            } catch (IOException e) {
                // The original stream failing must not fail the code under test; the copy has the bytes.
            }
        }

        @Override
        public void flush() throws IOException {
            through.flush();
        }
    }
}
