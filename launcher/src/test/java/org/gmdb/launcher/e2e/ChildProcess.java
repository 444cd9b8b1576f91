package org.gmdb.launcher.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real child process of the test (a JVM on this test's class path, or gearmand) whose
 * stdout and stderr are read line by line into a bounded tail, so that a test can wait for
 * a ready line and show what the process said when something fails.
 *
 * <p>Caveat: only the last {@value #TAIL_LINES} lines of each stream are kept.
 */
final class ChildProcess implements AutoCloseable {

    static final int TAIL_LINES = 400;
    /** Small, quick-starting JVMs: the machine has two cores shared by many. */
    static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss1m", "-Xmx256m",
            "-XX:-UsePerfData", "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true");

    private final String name;
    private final Process process;
    private final Deque<String> tail = new ArrayDeque<>();
    private final List<String> stdout = new ArrayList<>();
    private long linesRead;
    private final Thread[] readers = new Thread[2];

    /**
     * This test's class path for children, with our own snapshot jars ({@code org/gmdb/} in the
     * local Maven repository) copied once: other engineers re-install them while tests run, and
     * a child JVM must never open a jar that is half written.
     */
    private static final class ClassPathHolder {
        static final String CLASS_PATH = snapshotOwnJars(System.getProperty("java.class.path"));

        private static String snapshotOwnJars(String classPath) {
            String own = java.io.File.separator + "org" + java.io.File.separator + "gmdb" + java.io.File.separator;
            try {
                Path dir = java.nio.file.Files.createTempDirectory("gmdb-e2e-cp");
                dir.toFile().deleteOnExit();
                List<String> out = new ArrayList<>();
                for (String entry : classPath.split(java.io.File.pathSeparator)) {
                    Path p = Path.of(entry);
                    if (entry.endsWith(".jar") && entry.contains(own) && java.nio.file.Files.isRegularFile(p)) {
                        Path copy = dir.resolve(p.getFileName());
                        java.nio.file.Files.copy(p, copy);
                        copy.toFile().deleteOnExit();
                        out.add(copy.toString());
                    } else {
                        out.add(entry);
                    }
                }
                return String.join(java.io.File.pathSeparator, out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy the class path's own jars", e);
            }
        }
    }

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        readers[0] = reader(process.getInputStream(), "out", true);
        readers[1] = reader(process.getErrorStream(), "err", false);
    }

    /** {@code java <JVM_OPTIONS> -cp <this test's class path> mainClass args...}. */
    static ChildProcess java(String name, Map<String, String> env, String mainClass, String... args) {
        return start(name, env, null, javaCommand(mainClass, args));
    }

    /** As {@link #java(String, Map, String, String...)}, with standard input read from {@code stdin}. */
    static ChildProcess java(String name, Map<String, String> env, Path stdin, String mainClass, String... args) {
        return start(name, env, stdin, javaCommand(mainClass, args));
    }

    private static List<String> javaCommand(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(ClassPathHolder.CLASS_PATH);
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    static ChildProcess start(String name, Map<String, String> env, List<String> command) {
        return start(name, env, null, command);
    }

    private static ChildProcess start(String name, Map<String, String> env, Path stdin, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        try {
            return new ChildProcess(name, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    private Thread reader(InputStream in, String stream, boolean keepStdout) {
        Thread t = new Thread(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    synchronized (tail) {
                        linesRead++;
                        tail.addLast(stream + "| " + line);
                        if (tail.size() > TAIL_LINES) {
                            tail.removeFirst();
                        }
                        if (keepStdout) {
                            stdout.add(line);
                        }
                        tail.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process went away; what it said so far is kept
            } finally {
                synchronized (tail) {
                    tail.notifyAll();
                }
            }
        }, name + "-" + stream);
        t.setDaemon(true);
        t.start();
        return t;
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits for a stdout line matching {@code pattern} (searched, not matched whole).
     *
     * @throws AssertionError after {@code timeout}, or when the process exits first, with its output
     */
    Matcher awaitLine(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        synchronized (tail) {
            while (true) {
                for (; checked < stdout.size(); checked++) {
                    Matcher m = pattern.matcher(stdout.get(checked));
                    if (m.find()) {
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !readers[0].isAlive())) {
                    throw new AssertionError(name + ": no line matching /" + pattern + "/ within " + timeout.toMillis()
                            + " ms" + (process.isAlive() ? "" : " (exited with " + process.exitValue() + ")")
                            + "; it said:\n" + output());
                }
                try {
                    tail.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for " + name, e);
                }
            }
        }
    }

    /** Waits for the exit; returns the exit code. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " still runs after " + timeout.toMillis() + " ms; it said:\n" + output());
            }
            awaitReaders();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + name, e);
        }
        return process.exitValue();
    }

    /** After the exit: until the last lines it wrote have been read. */
    private void awaitReaders() throws InterruptedException {
        for (Thread r : readers) {
            r.join(5000);
        }
    }

    /** Every stdout line so far (not bounded by the tail). */
    List<String> stdoutLines() {
        synchronized (tail) {
            return List.copyOf(stdout);
        }
    }

    /** How many lines it wrote so far, stdout and stderr together (not bounded by the tail). */
    long linesRead() {
        synchronized (tail) {
            return linesRead;
        }
    }

    /** The last lines of stdout and stderr, interleaved as they came. */
    String output() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    /**
     * SIGTERM, without waiting. Through the {@link ProcessHandle}: {@link Process#destroy()} also
     * closes our ends of its pipes, and what the process says while stopping would be lost.
     */
    void signalStop() {
        process.toHandle().destroy();
    }

    /** SIGTERM, then waits up to {@code grace} for the exit; SIGKILL after that. Returns the exit code. */
    int stop(Duration grace) {
        signalStop();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.toHandle().destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            awaitReaders();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** SIGKILL (kill -9): no shutdown hook runs. */
    void kill() {
        process.toHandle().destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            awaitReaders();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills it if it still runs, children included (a JVM's mariadbd, say). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            kill();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
