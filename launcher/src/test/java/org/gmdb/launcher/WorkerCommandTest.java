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
                "--concurrency", "8", "--anti-entropy-interval-ms", "0");
        assertEquals(List.of("--config", "/etc/gmdb/topology.properties", "--shard", "2", "--replica", "b",
                "--concurrency", "8", "--anti-entropy-interval-ms", "0"), worker.workerArgs());
    }

    @Test
    void shouldLeaveTheTopologyToDiscoveryWithoutConfig() {
        WorkerCommand worker = new WorkerCommand();
        new CommandLine(worker).parseArgs("--shard", "1", "--replica", "a");
        assertEquals(List.of("--shard", "1", "--replica", "a", "--concurrency", "128", "--anti-entropy-interval-ms",
                "30000"), worker.workerArgs());
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
