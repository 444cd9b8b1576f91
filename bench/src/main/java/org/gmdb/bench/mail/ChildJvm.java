package org.gmdb.bench.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Java main run in a JVM of its own, on this JVM's class path (the bench's fat jar), with
 * stdout and stderr going to a log file; ready once a given line shows up in that log.
 * Stopped with SIGTERM (the mains stop gracefully on it), then SIGKILL after a grace period.
 *
 * <p>Caveat: readiness is found by re-reading the log file every 50 ms; a child that logs
 * megabytes before its ready line makes that slow.
 */
final class ChildJvm implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final String label;
    private final Process process;
    private final Path log;
    private final List<String> command;

    private ChildJvm(String label, Process process, Path log, List<String> command) {
        this.label = label;
        this.process = process;
        this.log = log;
        this.command = command;
    }

    /** Starts {@code mainClass} with {@code args}; registers its stop with {@code cleanup}. */
    static ChildJvm launch(String label, String mainClass, List<String> args, String maxHeap, Path logDir,
            Cleanup cleanup) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + maxHeap);
        // Their INFO lines are not part of the measurement; keep the children's logging cheap.
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        Path log = logDir.resolve(label + ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            ChildJvm child = new ChildJvm(label, p, log, command);
            cleanup.add("stop " + label + " (pid " + p.pid() + ")", child::close);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + label + ": " + command, e);
        }
    }

    /** Waits for a line of the log matching {@code ready}; fails if the child exits or the time is up. */
    Matcher awaitReady(Pattern ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Matcher m = ready.matcher(logText());
            if (m.find()) {
                return m;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(label + " exited with " + process.exitValue() + " before '"
                        + ready.pattern() + "'; log " + log + ":\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(label + " printed no '" + ready.pattern() + "' within "
                        + timeout.toSeconds() + " s; log " + log + ":\n" + tail());
            }
            sleep(50);
        }
    }

    String label() {
        return label;
    }

    long pid() {
        return process.pid();
    }

    List<String> command() {
        return command;
    }

    /** Sends SIGTERM without waiting, so that several children stop side by side. */
    void requestStop() {
        process.destroy();
    }

    /** SIGTERM, {@link #STOP_GRACE} to exit, then SIGKILL. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                System.err.println(label + " (pid " + process.pid() + ") ignored SIGTERM for " + STOP_GRACE.toSeconds()
                        + " s; killing it");
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private String logText() {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    private String tail() {
        String text = logText();
        return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a child process", e);
        }
    }
}
