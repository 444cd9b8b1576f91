package org.gmdb.mail.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyLoaderTest {

    static final String REFERENCE = """
            # two job servers, two shards of two replicas
            jobservers = 127.0.0.1:4730, 127.0.0.1:4731
            jobserver.1.queue = mysql://root@127.0.0.1:3306/gmdb_queue_1
            jobserver.2.metrics.port = 9102

            shards = 2
            shard.1.replicas = a, b
            shard.1.replica.a.jdbc = jdbc:mysql://127.0.0.1:3306/gmdb_s1_a?user=root
            shard.1.replica.b.jdbc = jdbc:mysql://127.0.0.1:3306/gmdb_s1_b?user=root
            shard.1.replica.b.metrics.port = 9212
            shard.2.replicas = a,b
            shard.2.replica.a.jdbc = jdbc:mysql://127.0.0.1:3306/gmdb_s2_a?user=root
            """;

    @TempDir
    Path dir;

    @Test
    void shouldLoadTheReferenceLayout() throws IOException {
        Path file = write(REFERENCE);
        Topology t = TopologyLoader.load(file);

        assertEquals(List.of(new HostPort("127.0.0.1", 4730), new HostPort("127.0.0.1", 4731)), t.jobServerAddresses());
        assertEquals(Optional.of("mysql://root@127.0.0.1:3306/gmdb_queue_1"), t.jobServer(1).queueUrl());
        assertEquals(Optional.empty(), t.jobServer(2).queueUrl());
        assertEquals(OptionalInt.of(9102), t.jobServer(2).metricsPort());
        assertEquals(2, t.shardCount());
        assertEquals(List.of("a", "b"), t.shard(2).replicaNames());
        assertEquals("mail2", t.shard(2).functionName());
        assertEquals("mail1@b", t.replica(1, "b").functionName());
        assertEquals(OptionalInt.of(9212), t.replica(1, "b").metricsPort());
        assertEquals("jdbc:mysql://127.0.0.1:3306/gmdb_s1_b?user=root", t.requireJdbc(1, "b"));
        assertEquals(4, t.replicas().size());
        assertEquals(2, t.router().shardOf("dave@example.net"));
        assertEquals(file.toString(), t.source());
    }

    @Test
    void shouldReportAMissingFileByItsPath() {
        Path missing = dir.resolve("x/y.properties");
        var e = assertThrows(TopologyException.class, () -> TopologyLoader.load(missing));
        assertEquals("topology file " + missing + " not found", e.getMessage());
    }

    @Test
    void shouldRequireAtLeastOneJobServer() {
        assertProblem(REFERENCE.replaceFirst("jobservers = .*\n", ""),
                ": 'jobservers' is missing (expected: jobservers = host:port[, host:port ...])");
        assertProblem(REFERENCE.replaceFirst("jobservers = .*\n", "jobservers = , \n"),
                " line 2: jobservers is empty (expected: jobservers = host:port[, host:port ...])");
    }

    @Test
    void shouldReportABadHostPortWithTheNumbers() {
        assertProblem(REFERENCE.replace("127.0.0.1:4731", "127.0.0.1:99999"),
                " line 2: jobservers: '127.0.0.1:99999' is not host:port: port 99999 (expected: 1..65535)");
        assertProblem(REFERENCE.replace("127.0.0.1:4731", "localhost"),
                " line 2: jobservers: 'localhost' is not host:port (expected e.g. 127.0.0.1:4730)");
        assertProblem(REFERENCE.replace("127.0.0.1:4731", "host:http"),
                " line 2: jobservers: 'host:http' is not host:port: port 'http' is not a number");
        assertProblem(REFERENCE.replace("127.0.0.1:4731", "127.0.0.1:4730"),
                " line 2: jobservers lists 127.0.0.1:4730 twice");
    }

    @Test
    void shouldReportAShardCountThatDoesNotMatchTheShardEntries() {
        assertProblem(REFERENCE.replace("shards = 2", "shards = 3"),
                " line 6: shards = 3 but shard.3.replicas is missing");
        assertProblem(REFERENCE.replace("shards = 2", "shards = 1"),
                " line 11: shard.2.replicas: there is no shard 2 (shards = 1)");
        assertProblem(REFERENCE.replace("shards = 2", "shards = two"),
                " line 6: shards = 'two' (expected: a whole number >= 1)");
        assertProblem(REFERENCE.replace("shards = 2\n", ""),
                ": 'shards' is missing (expected: shards = <number of shards, >= 1>)");
        assertProblem(REFERENCE.replace("shard.2.replicas", "shard.02.replicas"),
                " line 11: shard.02.replicas: shard number '02' (expected: 1..2, no leading zeros)");
    }

    @Test
    void shouldReportAShardWithNoReplicas() {
        assertProblem(REFERENCE.replace("shard.2.replicas = a,b", "shard.2.replicas ="),
                " line 11: shard.2.replicas is empty (expected: at least one replica name, e.g. a, b)");
    }

    @Test
    void shouldReportAReplicaNamedTwice() {
        assertProblem(REFERENCE.replace("shard.1.replicas = a, b", "shard.1.replicas = a, b, a"),
                " line 7: shard.1.replicas names replica 'a' twice");
        assertProblem(REFERENCE.replace("shard.1.replicas = a, b", "shard.1.replicas = a, b.c"),
                " line 7: shard.1.replicas: replica name 'b.c' (expected: [A-Za-z0-9_-]{1,64})");
    }

    @Test
    void shouldFailOnlyTheWorkerThatNeedsAMissingJdbcUrl() throws IOException {
        Topology t = TopologyLoader.load(write(REFERENCE));
        assertEquals(Optional.empty(), t.replica(2, "b").jdbcUrl());
        var e = assertThrows(TopologyException.class, () -> t.requireJdbc(2, "b"));
        assertEquals("topology " + t.source() + ": shard.2.replica.b.jdbc is missing"
                + " (the worker of mail2@b needs the JDBC URL of its database)", e.getMessage());
        var unknown = assertThrows(TopologyException.class, () -> t.requireJdbc(2, "c"));
        assertTrue(unknown.getMessage().endsWith("shard 2 has no replica 'c' (shard.2.replicas = a, b)"), unknown.getMessage());
        var noShard = assertThrows(TopologyException.class, () -> t.requireJdbc(3, "a"));
        assertTrue(noShard.getMessage().endsWith("shard 3 is not in the topology (expected: 1..2)"), noShard.getMessage());
    }

    @Test
    void shouldReportAnUnknownKeyWithItsLine() {
        assertProblem(REFERENCE.replace("shard.1.replica.b.jdbc", "shard.1.replica.b.jbdc"),
                " line 9: unknown key 'shard.1.replica.b.jbdc' (expected one of: jobservers, jobserver.<i>.queue,"
                        + " jobserver.<i>.metrics.port, shards, shard.<n>.replicas, shard.<n>.replica.<name>.jdbc,"
                        + " shard.<n>.replica.<name>.metrics.port)");
        assertProblem(REFERENCE + "job_servers = 127.0.0.1:4730\n", " line 13: unknown key 'job_servers'");
    }

    @Test
    void shouldReportAKeySetTwice() {
        assertProblem(REFERENCE + "shards = 3\n", " line 13: 'shards' is set again (first on line 6)");
    }

    @Test
    void shouldReportSettingsOfReplicasAndJobServersThatDoNotExist() {
        assertProblem(REFERENCE + "shard.2.replica.c.jdbc = jdbc:mysql://h/db\n",
                " line 13: shard.2.replica.c.jdbc: shard 2 has no replica 'c' (shard.2.replicas = a, b on line 11)");
        assertProblem(REFERENCE + "jobserver.3.queue = mysql://h/q\n",
                " line 13: jobserver.3.queue: there is no job server 3 (jobservers lists 2)");
    }

    @Test
    void shouldReportMalformedValues() {
        assertProblem(REFERENCE.replace("jdbc:mysql://127.0.0.1:3306/gmdb_s2_a", "mysql://127.0.0.1:3306/gmdb_s2_a"),
                " line 12: shard.2.replica.a.jdbc = 'mysql://127.0.0.1:3306/gmdb_s2_a?user=root'"
                        + " (expected: a JDBC URL such as jdbc:mysql://host:3306/db?user=u)");
        assertProblem(REFERENCE.replace("9212", "70000"),
                " line 10: shard.1.replica.b.metrics.port = '70000' (expected: a port 1..65535)");
        assertProblem(REFERENCE.replace("jobserver.1.queue = mysql://root@127.0.0.1:3306/gmdb_queue_1", "jobserver.1.queue ="),
                " line 3: jobserver.1.queue is empty");
    }

    @Test
    void shouldReportABrokenEscapeWithItsLine() {
        var e = assertThrows(TopologyException.class, () -> TopologyLoader.parse("shards = 1\njobservers = \\uZZ\n", "t"));
        assertEquals("topology file t line 2: Malformed \\uxxxx encoding.", e.getMessage());
    }

    @Test
    void shouldReportEveryProblemAtOnce() {
        String text = REFERENCE.replace("127.0.0.1:4731", "127.0.0.1:0").replace("shards = 2", "shards = 3") + "colour = blue\n";
        var e = assertThrows(TopologyException.class, () -> TopologyLoader.parse(text, "t.properties"));
        assertEquals(3, e.problems().size(), e.getMessage());
    }

    @Test
    void shouldReadStandardPropertiesSyntax() {
        Topology t = TopologyLoader.parse("""
                ! a comment too
                jobservers: 127.0.0.1:4730, \\
                            [::1]:4731
                shards 1
                shard.1.replicas = only
                # a comment ending in a backslash does not continue \\
                shard.1.replica.only.jdbc = jdbc:mysql://127.0.0.1:3306/db?user=root&password=a\\\\b
                """, "inline");
        assertEquals(List.of(new HostPort("127.0.0.1", 4730), new HostPort("::1", 4731)), t.jobServerAddresses());
        assertEquals("jdbc:mysql://127.0.0.1:3306/db?user=root&password=a\\b", t.requireJdbc(1, "only"));
    }

    @Test
    void shouldWriteWhatItReadsBack() throws IOException {
        Topology original = TopologyLoader.load(write(REFERENCE));
        Path out = dir.resolve("run/topology.properties");
        TopologyWriter.write(original, out, "written by a test\nsecond line");
        Topology reread = TopologyLoader.load(out);

        assertEquals(original.jobServers(), reread.jobServers());
        assertEquals(original.shards(), reread.shards());
        assertTrue(Files.readString(out).startsWith("# written by a test\n# second line\n"));
    }

    @Test
    void shouldEscapeValuesThatPropertiesWouldMisread() {
        String url = "jdbc:mysql://h:3306/db?user=u&password=a\\b=c:d #e\tf";
        Topology t = new Topology("built", List.of(JobServer.at(1, HostPort.parse("h:1"))),
                List.of(new Shard(1, List.of(Replica.of(1, "a", url)))));
        Topology reread = TopologyLoader.parse(TopologyWriter.render(t, null), "rendered");

        assertEquals(url, reread.requireJdbc(1, "a"));
        assertEquals("\\ a\\\\b\\nc", TopologyWriter.escape(" a\\b\nc"));
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("topology.properties");
        Files.writeString(file, text);
        return file;
    }

    private void assertProblem(String text, String expected) {
        var e = assertThrows(TopologyException.class, () -> TopologyLoader.parse(text, "/etc/gmdb/topology.properties"));
        String prefix = "topology file /etc/gmdb/topology.properties";
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(prefix + expected)),
                "expected a problem starting with\n" + prefix + expected + "\ngot:\n" + e.getMessage());
    }
}
