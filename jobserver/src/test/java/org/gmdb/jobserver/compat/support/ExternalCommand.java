package org.gmdb.jobserver.compat.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A third-party program (perl, php, gearman, gearadmin) run as a child process with its
 * stdout and stderr in files under {@code target/compat-logs}: either to completion with a
 * time limit ({@link #run}), or in the background until the test stops or kills it.
 *
 * <p>Caveat: {@link #kill()} is SIGKILL of the direct child only; the scripts used here do
 * not fork.
 */
public final class ExternalCommand implements AutoCloseable {

    private final List<String> command;
    private final Path out;
    private final Path err;
    private final Process process;

    private ExternalCommand(List<String> command) {
        this.command = List.copyOf(command);
        String name = Path.of(command.get(0)).getFileName().toString();
        this.out = CompatFiles.logFile(name + "-out");
        this.err = CompatFiles.logFile(name + "-err");
        try {
            process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Starts the command in the background. */
    public static ExternalCommand start(String... command) {
        return new ExternalCommand(List.of(command));
    }

    /** Runs the command to completion, failing if it takes longer than the limit. */
    public static ExternalCommand run(long timeoutMillis, String... command) {
        ExternalCommand running = start(command);
        if (!running.awaitExit(timeoutMillis)) {
            running.kill();
            throw new AssertionError(running.command + " still running after " + timeoutMillis + " ms"
                    + running.describeOutput());
        }
        return running;
    }

    /** The path of a file under src/test/resources/compat (copied to test-classes). */
    public static String resource(String name) {
        URL url = ExternalCommand.class.getResource("/compat/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test resource compat/" + name);
        }
        try {
            return Path.of(url.toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("odd resource URL " + url, e);
        }
    }

    public boolean awaitExit(long millis) {
        try {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public int exitCode() {
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String stdout() {
        return read(out);
    }

    public String stderr() {
        return read(err);
    }

    /** Waits until stdout contains the text; false when the time is up or the process ended first. */
    public boolean awaitOutput(String text, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (stdout().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return stdout().contains(text);
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** SIGKILL, and wait for the end. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(5_000);
    }

    /** SIGTERM, and wait for the end. */
    public void stop() {
        process.destroy();
        if (!awaitExit(5_000)) {
            kill();
        }
    }

    /** Command, exit code and both outputs, for failure messages. */
    public String describeOutput() {
        return "\n  command: " + String.join(" ", command)
                + (process.isAlive() ? "\n  (running)" : "\n  exit: " + process.exitValue())
                + "\n  stdout: " + stdout() + "\n  stderr: " + stderr();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(unreadable " + file + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
