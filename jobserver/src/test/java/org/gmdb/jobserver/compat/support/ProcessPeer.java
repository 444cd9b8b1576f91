package org.gmdb.jobserver.compat.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A job server run as a child process whose output goes to a log file under
 * {@code target/compat-logs}. Subclasses say how to launch it and how to see that it is ready.
 *
 * <p>Caveat: the log file is appended across restarts, so {@link #logTail()} shows the
 * last lines of every incarnation together.
 */
public abstract class ProcessPeer implements PeerServer {

    private static final long READY_TIMEOUT_MS = 20_000;

    protected final PeerOptions options;
    protected final Path log;
    protected int port;
    private Process process;

    ProcessPeer(PeerOptions options, String logName) {
        this.options = options;
        this.log = CompatFiles.logFile(logName);
    }

    /** The command line for a start on {@link #port} (0 before the first start, for peers that pick their own). */
    protected abstract List<String> command();

    /** Blocks until the started process serves, and sets {@link #port} if it chose it. */
    protected abstract void awaitReady(Process started, long deadlineNanos) throws IOException, InterruptedException;

    @Override
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name() + " already runs, pid " + process.pid());
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        try {
            Files.writeString(log, "---- start " + String.join(" ", command()) + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command()).redirectErrorStream(true);
            configure(builder);
            process = builder.start();
            awaitReady(process, deadline);
        } catch (IOException e) {
            destroy(true);
            throw new UncheckedIOException(name() + " failed to start on port " + port + "; log:\n" + logTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroy(true);
            throw new IllegalStateException("interrupted while starting " + name(), e);
        }
    }

    /** Hook for output redirection; by default output is appended to the log file. */
    protected void configure(ProcessBuilder builder) {
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    /** Polls until the port accepts connections, failing early when the process dies. */
    protected final void awaitPort(Process started, long deadlineNanos) throws IOException, InterruptedException {
        while (!FreePort.accepts(port)) {
            if (!started.isAlive()) {
                throw new IOException(name() + " exited with " + started.exitValue() + " before listening on " + port);
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new IOException(name() + " not listening on " + port + " after " + READY_TIMEOUT_MS + " ms");
            }
            Thread.sleep(5);
        }
    }

    @Override
    public void stop() {
        destroy(false);
    }

    @Override
    public void kill() {
        destroy(true);
    }

    /** Sends a signal such as "USR1" to the process (for graceful-stop tests). */
    public void signal(String name) {
        Process current = process;
        if (current == null) {
            throw new IllegalStateException(name() + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(current.pid())).inheritIO().start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("kill -" + name + " " + current.pid() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the process to exit by itself; true if it did within the time. */
    public boolean awaitExit(long millis) {
        Process current = process;
        try {
            return current == null || current.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private synchronized void destroy(boolean forcibly) {
        Process current = process;
        if (current == null) {
            return;
        }
        if (forcibly) {
            current.destroyForcibly();
        } else {
            current.destroy();
        }
        try {
            if (!current.waitFor(10, TimeUnit.SECONDS)) {
                current.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public OptionalLong pid() {
        Process current = process;
        return current == null ? OptionalLong.empty() : OptionalLong.of(current.pid());
    }

    @Override
    public String logTail() {
        return CompatFiles.tail(log, 40);
    }

    @Override
    public void close() {
        kill();
    }

    @Override
    public String toString() {
        return name() + "@" + address();
    }
}
