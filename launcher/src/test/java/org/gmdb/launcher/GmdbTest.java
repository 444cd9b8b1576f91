package org.gmdb.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gmdb.mail.topology.TopologyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class GmdbTest {

    @TempDir
    Path dir;

    @Test
    void shouldPrintUsageWithEverySubcommand() {
        var run = run(Gmdb.commandLine(), "--help");
        assertEquals(0, run.code);
        assertTrue(run.out.contains("Usage: gmdb"), run.out);
        for (String name : Gmdb.commandLine().getSubcommands().keySet()) {
            assertTrue(run.out.contains(name), name + " missing from:\n" + run.out);
        }
    }

    @Test
    void shouldPrintTheVersion() {
        var run = run(Gmdb.commandLine(), "--version");
        assertEquals(0, run.code);
        assertTrue(run.out.startsWith("gmdb "), run.out);
    }

    @Test
    void shouldFailWithUsageWhenNoSubcommandIsGiven() {
        var run = run(Gmdb.commandLine());
        assertEquals(2, run.code);
        assertTrue(run.err.contains("a subcommand is required"), run.err);
    }

    @Test
    void shouldReportEveryTopologyProblemOnItsOwnLineWithExitCodeOne() throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "jobservers = 127.0.0.1:99999\nshards = 2\nshard.1.replicas = a\n");
        var run = run(new CommandLine(new ReadsTopology()).setExecutionExceptionHandler(new LauncherErrors(false)),
                "--config", file.toString());

        assertEquals(1, run.code);
        assertEquals(List.of(
                "gmdb: topology file " + file + " line 1: jobservers: '127.0.0.1:99999' is not host:port: port 99999 (expected: 1..65535)",
                "gmdb: topology file " + file + " line 2: shards = 2 but shard.2.replicas is missing"),
                run.err.lines().toList());
    }

    @Test
    void shouldSayWhenTheTopologyFileIsMissing() {
        Path missing = dir.resolve("nope.properties");
        var run = run(new CommandLine(new ReadsTopology()).setExecutionExceptionHandler(new LauncherErrors(false)),
                "--config", missing.toString());
        assertEquals(1, run.code);
        assertEquals("gmdb: topology file " + missing + " not found", run.err.strip());
    }

    @Test
    void shouldPrintTheCauseChainWithoutRepeats() {
        var e = new IllegalStateException("embedded MariaDB did not start: boom",
                new RuntimeException("boom", new java.io.IOException("disk full")));
        assertEquals("gmdb: embedded MariaDB did not start: boom\n  caused by: disk full", LauncherErrors.describe(e));
        assertEquals("gmdb: a\ngmdb: b", LauncherErrors.describe(new TopologyException(List.of("a", "b"), null)));
    }

    /** A minimal subcommand that reads the topology, as real ones do. */
    @Command(name = "reads-topology")
    static final class ReadsTopology implements java.util.concurrent.Callable<Integer> {
        @Mixin
        TopologyOptions topology;

        @Override
        public Integer call() {
            topology.load();
            return 0;
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(CommandLine cl, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        cl.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
