package org.gmdb.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the fat jar as a user would ({@code java -jar target/gmdb.jar jobserver ...}). */
class JobServerCommandIT {

    private static final Path JAR = Path.of("target", "gmdb.jar").toAbsolutePath();
    private static final Pattern READY = Pattern.compile("jobserver listening on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    @Test
    void shouldServeTheAdminProtocolFromTheFatJar() throws Exception {
        Process process = start("jobserver", "--listen", "127.0.0.1", "--port", "0");
        try {
            int port = awaitReady(process);
            assertEquals(List.of("."), admin(port, "status"));
        } finally {
            stop(process);
        }
    }

    @Test
    void shouldTakeItsPortFromTheTopology() throws Exception {
        int port = freePort();
        Path topology = dir.resolve("topology.properties");
        Files.writeString(topology, "jobservers = 127.0.0.1:4730, 127.0.0.1:" + port + "\nshards = 1\nshard.1.replicas = a\n");
        Process process = start("jobserver", "--listen", "127.0.0.1", "--config", topology.toString(), "--topology-index", "2");
        try {
            assertEquals(port, awaitReady(process));
        } finally {
            stop(process);
        }
    }

    @Test
    void shouldOpenTheMySqlQueueNamedInTheTopology() throws Exception {
        String database = "gmdb_it_launcher_" + ProcessHandle.current().pid();
        Path topology = dir.resolve("topology.properties");
        Files.writeString(topology, "jobservers = 127.0.0.1:" + freePort() + "\n"
                + "jobserver.1.queue = mysql://root@127.0.0.1:3306/" + database + "\n"
                + "shards = 1\nshard.1.replicas = a\n");
        Process process = start("jobserver", "--listen", "127.0.0.1", "--config", topology.toString(), "--topology-index", "1");
        try {
            awaitReady(process);
            try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:3306/?user=root");
                 ResultSet tables = c.getMetaData().getTables(database, null, "%", null)) {
                assertTrue(tables.next(), "the job server should have created its queue table in " + database);
            }
        } finally {
            stop(process);
            try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:3306/?user=root");
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database);
            }
        }
    }

    @Test
    void shouldExitWithTheTopologyProblemInsteadOfHanging() throws Exception {
        Path missing = dir.resolve("missing.properties");
        Process process = start("jobserver", "--config", missing.toString(), "--topology-index", "1");
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "gmdb jobserver should exit");
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, process.exitValue(), err);
        assertTrue(err.contains("gmdb: topology file " + missing + " not found"), err);
    }

    private static Process start(String... args) throws IOException {
        assertTrue(Files.isRegularFile(JAR), JAR + " is missing: run 'mvn -pl launcher package' first");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }

    /** The port of the ready line; fails after 30 s, with what the process printed. */
    private static int awaitReady(Process process) throws Exception {
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        StringBuilder seen = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (seen) {
                        seen.append(line).append('\n');
                    }
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        ready.complete(Integer.parseInt(m.group(1)));
                    }
                }
                ready.completeExceptionally(new IOException("stdout closed before the ready line"));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        }, "jobserver-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            return ready.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            String err = process.isAlive() ? "(still running)" : new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (seen) {
                throw new AssertionError("no ready line; stdout:\n" + seen + "stderr:\n" + err, e);
            }
        }
    }

    /** One text admin command; the reply lines up to the closing ".". */
    private static List<String> admin(int port, String command) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            List<String> lines = new ArrayList<>();
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
                if (line.equals(".")) {
                    break;
                }
            }
            return lines;
        }
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
