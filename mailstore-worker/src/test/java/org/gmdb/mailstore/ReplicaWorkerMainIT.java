package org.gmdb.mailstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gmdb.mail.topology.TopologyWriter;
import org.gmdb.mailstore.testing.ShardCluster;
import org.gmdb.mailstore.testing.Sleep;
import org.junit.jupiter.api.Test;

/** The worker as its own process: topology file, ready line, events applied, SIGTERM stops it cleanly. */
class ReplicaWorkerMainIT {

    @Test
    void shouldPrintReadyServeAndStopGracefullyOnSigterm() throws Exception {
        try (ShardCluster cluster = ShardCluster.of("main", "a")) {
            Path config = Files.createTempFile("gmdb-topology-", ".properties");
            Path stderr = Files.createTempFile("gmdb-worker-", ".log");
            Process process = null;
            try {
                Files.writeString(config, TopologyWriter.render(cluster.topology(), "ReplicaWorkerMainIT"));
                process = new ProcessBuilder(List.of(javaBinary(), "-cp", testClassPath(),
                        ReplicaWorkerMain.class.getName(), "--config", config.toString(), "--shard", "1", "--replica", "a",
                        "--concurrency", "4"))
                        .redirectError(stderr.toFile()).start();
                BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
                    try {
                        return out.readLine();
                    } catch (java.io.IOException e) {
                        return "unreadable: " + e;
                    }
                });
                assertEquals("worker mail1@a ready", firstLine.get(60, TimeUnit.SECONDS), () -> log(stderr));

                for (int i = 0; i < 5; i++) {
                    cluster.send("a", ShardCluster.deliver("kate@example.com", "to a process " + i));
                }
                Sleep.until(Duration.ofSeconds(20), "the process to apply 5 events", () -> cluster.events("a") == 5);

                process.destroy(); // SIGTERM
                assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the worker exits after SIGTERM");
                String log = log(stderr);
                assertTrue(log.contains("worker mail1@a stopped"), log);
            } finally {
                if (process != null && process.isAlive()) {
                    process.destroyForcibly();
                }
                Files.deleteIfExists(config);
                Files.deleteIfExists(stderr);
            }
        }
    }

    @Test
    void shouldExitWithAClearErrorForAnUnknownReplica() throws Exception {
        try (ShardCluster cluster = ShardCluster.of("main", "a")) {
            Path config = Files.createTempFile("gmdb-topology-", ".properties");
            try {
                Files.writeString(config, TopologyWriter.render(cluster.topology(), "ReplicaWorkerMainIT"));
                Process process = new ProcessBuilder(List.of(javaBinary(), "-cp", testClassPath(),
                        ReplicaWorkerMain.class.getName(), "--config", config.toString(), "--shard", "1", "--replica", "z"))
                        .redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(process.waitFor(30, TimeUnit.SECONDS));
                assertEquals(2, process.exitValue(), output);
                assertTrue(output.contains("shard 1 has no replica 'z'"), output);
            } finally {
                Files.deleteIfExists(config);
            }
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Surefire/Failsafe run tests from a manifest-only jar; they name the real class path here. */
    private static String testClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    private static String log(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
