package org.gmdb.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class WorkerCommandTest {

    @Test
    void shouldHandEveryOptionToTheReplicaWorkerAsItTakesThem() {
        WorkerCommand worker = new WorkerCommand();
        new CommandLine(worker).parseArgs("--config", "/etc/gmdb/topology.properties", "--shard", "2", "--replica", "b",
                "--concurrency", "8", "--anti-entropy-interval-ms", "0", "--max-clock-skew-ms", "1000",
                "--resharding-from-shards", "1", "--expunged-retention-days", "7", "--purge-interval-ms", "60000");
        assertEquals(List.of("--config", "/etc/gmdb/topology.properties", "--shard", "2", "--replica", "b",
                "--concurrency", "8", "--anti-entropy-interval-ms", "0", "--max-clock-skew-ms", "1000",
                "--resharding-from-shards", "1", "--expunged-retention-days", "7", "--purge-interval-ms", "60000"),
                worker.workerArgs());
    }

    @Test
    void shouldShowTheWorkersOwnDefaultsInItsHelp() {
        StringWriter out = new StringWriter();
        int code = Gmdb.commandLine().setOut(new PrintWriter(out)).execute("help", "worker");
        assertEquals(0, code);
        String help = out.toString().replaceAll("\\s+", " ");
        assertTrue(help.contains("Jobs in hand at once (default: 128)."), help);
        assertTrue(help.contains("none (default: 30000)."), help);
        assertTrue(help.contains("clock (default: 600000)."), help);
        assertTrue(help.contains("first expunge (default: 30)."), help);
        assertTrue(help.contains("messages; 0: none (default: 3600000)."), help);
    }

    @Test
    void shouldLeaveTheTopologyToDiscoveryWithoutConfig() {
        WorkerCommand worker = new WorkerCommand();
        new CommandLine(worker).parseArgs("--shard", "1", "--replica", "a");
        assertEquals(List.of("--shard", "1", "--replica", "a", "--concurrency", "128", "--anti-entropy-interval-ms",
                "30000", "--max-clock-skew-ms", "600000", "--expunged-retention-days", "30", "--purge-interval-ms",
                "3600000"), worker.workerArgs());
    }

    @Test
    void shouldRequireShardAndReplica() {
        StringWriter err = new StringWriter();
        int code = Gmdb.commandLine().setErr(new PrintWriter(err)).execute("worker", "--shard", "1");
        assertEquals(2, code);
        assertTrue(err.toString().contains("Missing required option: '--replica=NAME'"), err.toString());
    }

    @Test
    void shouldRequireAnAdminSubcommand() {
        StringWriter err = new StringWriter();
        int code = Gmdb.commandLine().setErr(new PrintWriter(err)).execute("admin");
        assertEquals(2, code);
        assertTrue(err.toString().contains("an admin subcommand is required (replicas)"), err.toString());
    }
}
