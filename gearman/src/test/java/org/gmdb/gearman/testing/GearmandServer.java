package org.gmdb.gearman.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference job server, Debian's gearmand 1.1.20, as a child process on a free port of
 * 127.0.0.1. Extra arguments (for example {@code --job-retries 2}) are passed through.
 * Caveat: needs {@code /usr/sbin/gearmand}; restart reuses the port, which another process
 * could take in between.
 */
public final class GearmandServer implements ServerUnderTest {

    public static final String BINARY = "/usr/sbin/gearmand";

    private final int port;
    private final List<String> extraArgs;
    private final Path pidFile;
    private Process process;

    private GearmandServer(int port, List<String> extraArgs) {
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
        try {
            this.pidFile = Files.createTempFile("gearmand-" + port + "-", ".pid");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts gearmand on a free port and returns once it accepts connections. */
    public static GearmandServer start(String... extraArgs) {
        GearmandServer server = new GearmandServer(TestPorts.freePort(), List.of(extraArgs));
        server.launch();
        return server;
    }

    public static boolean isInstalled() {
        return new File(BINARY).canExecute();
    }

    @Override
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public synchronized void stop() {
        end(false);
    }

    @Override
    public synchronized void kill() {
        end(true);
    }

    @Override
    public synchronized void restart() {
        if (isRunning()) {
            end(false);
        }
        launch();
    }

    @Override
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public synchronized void close() {
        if (isRunning()) {
            end(true);
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // a leftover temp file is harmless
        }
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(BINARY, "--port", Integer.toString(port), "--listen", "127.0.0.1",
                "--log-file", "none", "--pid-file", pidFile.toString(), "--threads", "1"));
        command.addAll(extraArgs);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!TestPorts.isListening(port)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("gearmand exited with " + process.exitValue() + " at start: " + command);
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("gearmand not listening on " + port + " after 10 s: " + command);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting gearmand", e);
            }
        }
    }

    private void end(boolean kill) {
        if (process == null) {
            return;
        }
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "gearmand at " + hostPort();
    }
}
