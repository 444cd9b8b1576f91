package org.gmdb.launcher.mail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gmdb.jobserver.JobServer;
import org.gmdb.jobserver.JobServerConfig;
import org.gmdb.launcher.Gmdb;
import org.gmdb.mail.topology.Topology;
import org.gmdb.mail.topology.TopologyLoader;
import org.gmdb.mailstore.ReplicaWorker;
import org.gmdb.mailstore.ReplicaWorkerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code gmdb deliver/list/fetch/search --config FILE} against our job server and one replica
 * worker per shard (2 shards) on the test MariaDB, databases dropped after.
 */
class MailCommandsIT {

    private static final String MARIADB = "127.0.0.1:3306";

    @TempDir
    static Path dir;

    private static JobServer jobServer;
    private static final List<ReplicaWorker> workers = new ArrayList<>();
    private static final List<String> databases = new ArrayList<>();
    private static Path config;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void start() throws Exception {
        jobServer = JobServer.start(JobServerConfig.builder().listen("127.0.0.1").port(0).build());
        StringBuilder text = new StringBuilder("jobservers = 127.0.0.1:" + jobServer.port() + "\nshards = 2\n");
        for (int s = 1; s <= 2; s++) {
            String db = "gmdb_cli_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100000 + "_s" + s;
            databases.add(db);
            text.append("shard.").append(s).append(".replicas = a\nshard.").append(s).append(".replica.a.jdbc = ")
                    .append("jdbc:mysql://").append(MARIADB).append('/').append(db).append("?user=root&password=\n");
        }
        config = dir.resolve("topology.properties");
        Files.writeString(config, text);
        Topology topology = TopologyLoader.load(config);
        for (int s = 1; s <= 2; s++) {
            workers.add(ReplicaWorker.start(new ReplicaWorkerSettings(topology, s, "a", 8, 2, 64, Duration.ofMillis(2),
                    Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ZERO,
                    Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5))));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        workers.forEach(w -> w.shutdown(Duration.ofSeconds(2)));
        if (jobServer != null) {
            jobServer.close();
        }
        try (Connection c = DriverManager.getConnection("jdbc:mysql://" + MARIADB + "/?user=root&password=");
             Statement st = c.createStatement()) {
            for (String db : databases) {
                st.execute("DROP DATABASE IF EXISTS `" + db + "`");
            }
        }
    }

    private int run(String... args) {
        CommandLine cl = Gmdb.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void shouldDeliverListFetchAndSearchThroughTheCommandLine() throws Exception {
        byte[] raw = ("From: carol@example.org\r\nSubject: Quarterly invoice\r\nDate: Sat, 28 Nov 2026 10:00:00 +0000\r\n"
                + "\r\n8-bit body: \u00e9\u00ff\r\n").getBytes(StandardCharsets.ISO_8859_1);
        InputStream savedIn = DeliverCommand.stdin;
        OutputStream savedOut = FetchCommand.stdout;
        try {
            DeliverCommand.stdin = new ByteArrayInputStream(raw);
            assertEquals(0, run("deliver", "--config", config.toString(), "--to", "alice@example.com",
                    "--to", "dave@example.net", "--durability", "all"), err.toString());
            Matcher m = Pattern.compile("ok\tdave@example.net\tshard 2\tevent (\\S+)\tqueued \\[a]\tapplied \\[a]")
                    .matcher(out.toString());
            assertTrue(m.find(), out.toString());
            String daveId = m.group(1);

            out.getBuffer().setLength(0);
            assertEquals(0, run("list", "--config", config.toString(), "--user", "dave@example.net"), err.toString());
            assertTrue(out.toString().contains(daveId + "\tdave@example.net\tINBOX\t1\t2026-11-28 10:00:00Z\t"
                    + raw.length + "\t\tcarol@example.org\tQuarterly invoice"), out.toString());

            ByteArrayOutputStream fetched = new ByteArrayOutputStream();
            FetchCommand.stdout = fetched;
            assertEquals(0, run("fetch", "--config", config.toString(), "--user", "dave@example.net", "--id", daveId),
                    err.toString());
            assertArrayEquals(raw, fetched.toByteArray());

            out.getBuffer().setLength(0);
            assertEquals(0, run("search", "--config", config.toString(), "--subject", "INVOICE", "--since", "2020-01-01"),
                    err.toString());
            String[] lines = out.toString().split("\n");
            assertEquals(3, lines.length, out.toString()); // header, alice (shard 1), dave (shard 2)
            assertTrue(out.toString().contains("\talice@example.com\t") && out.toString().contains("\tdave@example.net\t"),
                    out.toString());
        } finally {
            DeliverCommand.stdin = savedIn;
            FetchCommand.stdout = savedOut;
        }
    }

    @Test
    void shouldExitOneNamingTheMessageThatIsNotThere() {
        int code = run("fetch", "--config", config.toString(), "--user", "dave@example.net", "--id",
                "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "--timeout", "5");

        assertEquals(1, code);
        assertTrue(err.toString().startsWith("gmdb: "), err.toString());
        assertTrue(err.toString().contains("shard 2 (mail2)"), err.toString());
    }
}
