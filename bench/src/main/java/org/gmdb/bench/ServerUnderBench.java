package org.gmdb.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One job server under test, running as a child process on 127.0.0.1: ours (a JVM running
 * {@code org.gmdb.jobserver.JobServerMain}) or gearmand. Its output goes to a log file named
 * after it.
 *
 * <p>Caveat: gearmand is given a port found free a moment before, which another process could
 * take in between; a start that fails that way is retried on another port.
 */
final class ServerUnderBench implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("jobserver listening on ([0-9.]+):(\\d+)");
    private static final long START_TIMEOUT_NANOS = 60_000_000_000L;

    private final String name;
    private final boolean jvm;
    private final Process process;
    private final int port;
    private final List<String> command;
    private final Path log;

    private ServerUnderBench(String name, boolean jvm, Process process, int port, List<String> command, Path log) {
        this.name = name;
        this.jvm = jvm;
        this.process = process;
        this.port = port;
        this.command = command;
        this.log = log;
    }

    /** Starts our job server in a JVM of its own, on a free port; {@code name} tells it apart in logs. */
    static ServerUnderBench startOurs(String name, List<String> jvmFlags, List<String> serverArgs, String classPath,
                                      Path logDir) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", classPath, "org.gmdb.jobserver.JobServerMain", "--listen", "127.0.0.1",
                "--port", "0"));
        command.addAll(serverArgs);
        Path log = logFile(logDir, name);
        Process process = launch(command, log);
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(readLog(log));
            if (m.find()) {
                return new ServerUnderBench(name, true, process, Integer.parseInt(m.group(2)), command, log);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("our job server exited with " + process.exitValue() + " at start; "
                        + command + "; log " + log + ":\n" + readLog(log));
            }
            pause(20);
        }
        ProcessReaper.end(process);
        throw new IllegalStateException("our job server printed no 'jobserver listening on' line within "
                + START_TIMEOUT_NANOS / 1_000_000_000L + " s; log " + log);
    }

    /** Starts gearmand with its default threads and no log, on a free port. */
    static ServerUnderBench startGearmand(String name, String binary, Path logDir) {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            int port = freePort();
            Path log = logFile(logDir, name);
            List<String> command = List.of(binary, "--port", Integer.toString(port), "--listen", "127.0.0.1",
                    "--log-file", "none", "--pid-file", logDir.resolve("gearmand-" + port + ".pid").toString());
            Process process = launch(command, log);
            long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
            while (process.isAlive() && System.nanoTime() < deadline) {
                if (accepts(port)) {
                    return new ServerUnderBench(name, false, process, port, command, log);
                }
                pause(20);
            }
            ProcessReaper.end(process);
            last = new IllegalStateException("gearmand did not listen on port " + port + " (attempt " + attempt
                    + " of 3, exit " + (process.isAlive() ? "none" : process.exitValue()) + "); " + command
                    + "; log " + log + ":\n" + readLog(log));
        }
        throw last;
    }

    private static Process launch(List<String> command, Path log) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            ProcessReaper.register(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    private static Path logFile(Path logDir, String name) {
        try {
            return Files.createTempFile(logDir, name + "-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a log file in " + logDir, e);
        }
    }

    private static String readLog(Path log) {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a server to start", e);
        }
    }

    String name() {
        return name;
    }

    /** Whether it runs in a JVM (ours), with a JIT compiler and a garbage collector. */
    boolean isJvm() {
        return jvm;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    List<String> command() {
        return command;
    }

    Path log() {
        return log;
    }

    /** Resident memory now, in bytes. */
    long rssBytes() {
        requireAlive();
        return ProcStats.rssBytes(pid());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " (pid " + pid() + ") exited with " + process.exitValue()
                    + "; log " + log);
        }
    }

    @Override
    public void close() {
        ProcessReaper.end(process);
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ", 127.0.0.1:" + port + ")";
    }
}
