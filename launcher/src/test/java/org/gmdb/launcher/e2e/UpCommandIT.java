package org.gmdb.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gmdb up} as a user runs it: one process with an embedded MariaDB, a job server and
 * 2 x 2 replica workers; then {@code deliver}, {@code list}, {@code search} and
 * {@code admin replicas} as separate processes that find it through {@code GMDB_HOME} alone,
 * with no other flags; then Ctrl-C's signal (SIGTERM here), which stops it cleanly.
 *
 * <p>The home is under /tmp ({@code @TempDir}), where the embedded MariaDB's data must live on
 * as anywhere else: a kill -9 of mariadbd or of {@code up} loses no acknowledged delivery.
 */
class UpCommandIT {

    private static final Pattern READY = Pattern.compile(
            "^gmdb is ready: 2 shards x 2 replicas, job server 127\\.0\\.0\\.1:(\\d+), topology (\\S+)");
    private static final Pattern DELIVERED = Pattern.compile(
            "^ok\\t(\\S+)\\tshard (\\d)\\tevent ([0-9a-f-]{36})\\tqueued \\[a, b\\]\\tapplied \\[(.*)\\]$");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path home;

    @Test
    void shouldRunTheWholeStoreThatDeliverListAndSearchFindWithoutFlags() throws Exception {
        try (ChildProcess up = ChildProcess.java("gmdb-up", Map.of(), StoreProcesses.GMDB, "up", "--port", "0",
                "--home", home.toString())) {
            try {
                Matcher ready = StoreChecks.timed("gmdb up until ready", () -> up.awaitLine(READY, Duration.ofSeconds(150)));
                int port = Integer.parseInt(ready.group(1));
                Path topology = home.resolve("run/topology.properties");
                assertEquals(topology.toString(), ready.group(2));
                assertTrue(Files.readString(topology).contains("jobservers = 127.0.0.1:" + port), Files.readString(topology));
                up.awaitLine(Pattern.compile("^" + Pattern.quote("try: GMDB_HOME=" + home
                        + " ./gmdb deliver --to alice@example.com < message.eml")), Duration.ofSeconds(5));
                assertTrue(up.stdoutLines().stream().anyMatch(l -> l.matches("gmdb up: job server on 127\\.0\\.0\\.1:" + port
                        + ", persistent queue mysql://root:\\*\\*\\*@127\\.0\\.0\\.1:\\d+/gmdb_queue.*")), up.output());
                assertTrue(up.stdoutLines().contains("gmdb up: job server traffic is neither authenticated nor encrypted:"
                        + " anyone who reaches 127.0.0.1:" + port + " can submit and read mail jobs; keep it on a trusted"
                        + " network"), up.output());
                // The URLs carry the embedded MariaDB's password: the file is its owner's alone.
                String password = Files.readString(home.resolve("mariadb/root.password")).strip();
                assertTrue(Files.readString(topology).contains("password=" + password), "the replicas' JDBC URLs");
                assertTrue(Files.readString(topology).contains("mysql://root:" + password + "@127.0.0.1:"), "the queue URL");
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(topology)));
                assertFalse(up.output().contains(password), "the password should never be printed");

                String token = MailCorpus.newToken();
                Path alice = message(token, "alice@example.com", "Bob <bob@example.org>", "hello alice");
                Path dave = message(token, "dave@example.net", "Bob <bob@example.org>", "hello dave");
                // alice@example.com is on shard 1 of 2, dave@example.net on shard 2 (see notes/routing.md).
                Matcher a = single(gmdb(alice, "deliver", "--to", "alice@example.com"), DELIVERED);
                assertEquals("1", a.group(2));
                Matcher d = single(gmdb(dave, "deliver", "--to", "dave@example.net", "--durability", "all"), DELIVERED);
                assertEquals("2", d.group(2));
                assertEquals("a, b", d.group(4), "durability all: applied by both replicas");

                String listed = awaitOutputContaining(a.group(3), "list", "--user", "alice@example.com");
                assertTrue(listed.startsWith("ID\tUSER\tMAILBOX\tUID\tDATE\tSIZE\tFLAGS\tFROM\tSUBJECT\n"), listed);
                assertTrue(listed.contains(a.group(3) + "\talice@example.com\tINBOX\t1\t"), listed);
                assertTrue(listed.contains("Bob <bob@example.org>\t" + token + " hello alice"), listed);

                String found = awaitOutputContaining(a.group(3), "search", "--from", "bob@example.org", "--subject", token);
                List<String> rows = found.lines().skip(1).toList();
                assertEquals(2, rows.size(), found);
                // Newest first by Date:; dave's message is dated a minute after alice's.
                assertTrue(rows.get(0).startsWith(d.group(3) + "\tdave@example.net\t"), found);
                assertTrue(rows.get(1).startsWith(a.group(3) + "\talice@example.com\t"), found);

                String replicas = gmdb(null, "admin", "replicas");
                assertTrue(replicas.contains("shard 1: converged (2 of 2 replicas answered)"), replicas);
                assertTrue(replicas.contains("shard 2: converged (2 of 2 replicas answered)"), replicas);

                ChildProcess second = command(null, "up", "--port", "0", "--home", home.toString());
                assertEquals(1, second.awaitExit(COMMAND_TIMEOUT), second.output());
                assertTrue(second.output().contains("gmdb: a './gmdb up' already runs with this home: " + topology
                        + " names job server 127.0.0.1:" + port + ", which answers"), second.output());
            } catch (Throwable e) {
                e.addSuppressed(new AssertionError("gmdb up said:\n" + up.output()));
                throw e;
            }

            int code = StoreChecks.timed("gmdb up stop", () -> up.stop(Duration.ofSeconds(60)));
            assertEquals(0, code, up.output());
            assertTrue(up.stdoutLines().contains("gmdb up: stopped"), up.output());
            assertFalse(Files.exists(home.resolve("run/topology.properties")), "the topology file should be removed");
        }

        ChildProcess after = command(null, "list", "--user", "alice@example.com");
        assertEquals(1, after.awaitExit(COMMAND_TIMEOUT));
        assertTrue(after.output().contains("no running './gmdb up' found"), after.output());
    }

    @Test
    void shouldRestartAKilledMariadbdAndTakeOverTheOneAKilledUpLeftKeepingEveryAcknowledgedDelivery() throws Exception {
        String token = MailCorpus.newToken();
        Path pidFile = home.resolve("mariadb/run/mariadbd.pid");
        List<String> acknowledged = new ArrayList<>();
        try (ChildProcess up = ChildProcess.java("gmdb-up-killed", Map.of(), StoreProcesses.GMDB, "up", "--port", "0",
                "--home", home.toString())) {
            try {
                up.awaitLine(READY, Duration.ofSeconds(150));
                acknowledged.addAll(deliverToTenUsers(token, "before"));

                long killed = pid(pidFile);
                long linesBefore = up.linesRead();
                ProcessHandle.of(killed).orElseThrow().destroyForcibly();
                up.awaitLine(Pattern.compile("^gmdb up: the embedded MariaDB \\(pid " + killed
                        + "\\) exited with code 137; restarting it"), Duration.ofSeconds(30));
                up.awaitLine(Pattern.compile("^gmdb up: the embedded MariaDB runs again \\(pid \\d+"), Duration.ofSeconds(120));
                acknowledged.addAll(deliverToTenUsers(token, "after a restart"));
                long lines = up.linesRead() - linesBefore;
                assertTrue(lines < 100, lines + " lines from a mariadbd restart and 10 deliveries (expected: < 100)");
            } catch (Throwable e) {
                e.addSuppressed(new AssertionError("gmdb up said:\n" + up.output()));
                throw e;
            }
            up.kill(); // kill -9: no shutdown hook, its mariadbd runs on
        }
        long leftover = pid(pidFile);
        assertTrue(ProcessHandle.of(leftover).map(ProcessHandle::isAlive).orElse(false), "mariadbd outlives up's kill -9");

        try (ChildProcess again = ChildProcess.java("gmdb-up-again", Map.of(), StoreProcesses.GMDB, "up", "--port", "0",
                "--home", home.toString())) {
            try {
                again.awaitLine(READY, Duration.ofSeconds(150));
                assertTrue(again.output().contains("found mariadbd (pid " + leftover + ") on " + home.resolve("mariadb/data")
                        + ", left running by an earlier './gmdb up' (kill " + leftover + " stops it); stopping it"),
                        again.output());
                assertFalse(ProcessHandle.of(leftover).map(ProcessHandle::isAlive).orElse(false));

                String found = awaitRows(20, "search", "--subject", token);
                for (String event : acknowledged) {
                    assertTrue(found.contains(event + "\t"), "acknowledged delivery " + event + " is missing:\n" + found);
                }
            } catch (Throwable e) {
                e.addSuppressed(new AssertionError("gmdb up (again) said:\n" + again.output()));
                throw e;
            }
            assertEquals(0, again.stop(Duration.ofSeconds(60)), again.output());
        }
    }

    /** One deliver to 10 users; asserts every recipient was acknowledged and returns their event ids. */
    private List<String> deliverToTenUsers(String token, String subject) throws Exception {
        List<String> args = new ArrayList<>(List.of("deliver"));
        for (int i = 0; i < 10; i++) {
            args.add("--to");
            args.add("u" + i + "-" + subject.replace(' ', '-') + "@example.com");
        }
        Path message = message(token, "u@example.com", "Bob <bob@example.org>", subject);
        List<String> events = new ArrayList<>();
        for (String line : gmdb(message, args.toArray(String[]::new)).lines().toList()) {
            Matcher m = DELIVERED.matcher(line);
            assertTrue(m.matches(), line);
            events.add(m.group(3));
        }
        assertEquals(10, events.size(), events.toString());
        return events;
    }

    private static long pid(Path pidFile) throws Exception {
        return Long.parseLong(Files.readString(pidFile).strip());
    }

    /** Runs the command until its output has {@code rows} rows under its header (replayed jobs take a moment). */
    private String awaitRows(int rows, String... args) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            String out = gmdb(null, args);
            if (out.lines().count() - 1 >= rows || System.nanoTime() > deadline) {
                return out;
            }
            StoreChecks.sleep(500);
        }
    }

    @Test
    void shouldUseTheDatabasesOfAJdbcUrlTemplateAndAQueueUrlInsteadOfAnEmbeddedMariaDb() throws Exception {
        try (TestDatabases databases = new TestDatabases()) {
            String prefix = databases.newName("up");
            for (String db : List.of("_s1_a", "_s1_b", "_s2_a", "_s2_b")) {
                databases.track(prefix + db);
            }
            String queue = databases.newName("upqueue");
            String template = "jdbc:mysql://127.0.0.1:3306/" + prefix + "_s{shard}_{replica}?user=root&password=";
            try (ChildProcess up = ChildProcess.java("gmdb-up-template", Map.of(), StoreProcesses.GMDB, "up", "--port",
                    "0", "--home", home.toString(), "--jdbc-url-template", template, "--queue",
                    TestDatabases.queueUrl(queue))) {
                try {
                    up.awaitLine(READY, Duration.ofSeconds(120));
                    assertTrue(up.stdoutLines().stream().noneMatch(l -> l.contains("MariaDB (embedded)")), up.output());
                    assertTrue(up.stdoutLines().contains("gmdb up: shard 2: mail2@a on jdbc:mysql://127.0.0.1:3306/"
                            + prefix + "_s2_a?user=root&password=***, mail2@b on jdbc:mysql://127.0.0.1:3306/" + prefix
                            + "_s2_b?user=root&password=***"), up.output());

                    Path dave = message("tpl", "dave@example.net", "Eve <eve@example.org>", "via template");
                    Matcher d = single(gmdb(dave, "deliver", "--to", "dave@example.net", "--durability", "all"), DELIVERED);
                    String listed = gmdb(null, "list", "--user", "dave@example.net", "--replica", "b");
                    assertTrue(listed.contains(d.group(3) + "\tdave@example.net\tINBOX\t1\t"), listed);
                } catch (Throwable e) {
                    e.addSuppressed(new AssertionError("gmdb up said:\n" + up.output()));
                    throw e;
                }
                assertEquals(0, up.stop(Duration.ofSeconds(60)), up.output());
            }
            String dump = TestDatabases.dump(prefix + "_s2_b");
            assertTrue(dump.contains("dave@example.net"), "the template's database of mail2@b should hold the message");
        }
    }

    @Test
    void shouldSayThatThePortIsTakenInsteadOfStarting() throws Exception {
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            ChildProcess up = ChildProcess.java("gmdb-up-port-taken", Map.of(), StoreProcesses.GMDB, "up", "--port",
                    Integer.toString(taken.getLocalPort()), "--home", home.toString());
            try (up) {
                assertEquals(1, up.awaitExit(COMMAND_TIMEOUT), up.output());
                assertTrue(up.output().contains("gmdb: port " + taken.getLocalPort() + " on 127.0.0.1 is already in use"),
                        up.output());
                assertFalse(Files.exists(home.resolve("mariadb")), "nothing should have started");
            }
        }
    }

    /** Runs {@code gmdb args...} with GMDB_HOME only; asserts exit 0 and returns stdout. */
    private String gmdb(Path stdin, String... args) {
        ChildProcess p = command(stdin, args);
        int code = p.awaitExit(COMMAND_TIMEOUT);
        assertEquals(0, code, () -> "gmdb " + String.join(" ", args) + " said:\n" + p.output());
        return String.join("\n", p.stdoutLines()) + "\n";
    }

    private ChildProcess command(Path stdin, String... args) {
        Map<String, String> env = Map.of("GMDB_HOME", home.toString());
        return stdin == null ? ChildProcess.java("gmdb-" + args[0], env, StoreProcesses.GMDB, args)
                : ChildProcess.java("gmdb-" + args[0], env, stdin, StoreProcesses.GMDB, args);
    }

    /** Runs the command until its output names {@code expected} (the default durability only queues). */
    private String awaitOutputContaining(String expected, String... args) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            String out = gmdb(null, args);
            if (out.contains(expected) || System.nanoTime() > deadline) {
                return out;
            }
            StoreChecks.sleep(300);
        }
    }

    private static Matcher single(String output, Pattern pattern) {
        List<String> lines = output.lines().toList();
        assertEquals(1, lines.size(), output);
        Matcher m = pattern.matcher(lines.get(0));
        assertTrue(m.matches(), output);
        return m;
    }

    private Path message(String token, String to, String from, String subject) throws Exception {
        String date = to.startsWith("alice") ? "Sat, 28 Nov 2026 10:00:00 +0000" : "Sat, 28 Nov 2026 10:01:00 +0000";
        Path file = home.resolve(to + ".eml");
        Files.writeString(file, "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + token + " " + subject + "\r\nDate: "
                + date + "\r\n\r\nHi!\r\n", StandardCharsets.UTF_8);
        return file;
    }
}
