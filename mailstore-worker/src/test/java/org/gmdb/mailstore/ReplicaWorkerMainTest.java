package org.gmdb.mailstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReplicaWorkerMainTest {

    @Test
    void shouldParseConfigShardAndReplica() {
        ReplicaWorkerMain.Args args = ReplicaWorkerMain.Args.parse("--config", "t.properties", "--shard", "2",
                "--replica", "b", "--anti-entropy-interval-ms", "2000");
        assertEquals(Path.of("t.properties"), args.config());
        assertEquals(2, args.shard());
        assertEquals("b", args.replica());
        assertEquals(2000L, args.antiEntropyMillis());
    }

    @Test
    void shouldExplainMissingOrBadArguments() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ReplicaWorkerMain.Args.parse("--config", "t.properties"));
        assertTrue(missing.getMessage().contains("--shard and --replica are required"), missing.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ReplicaWorkerMain.Args.parse("--shard", "one", "--replica", "a"));
        assertTrue(bad.getMessage().contains("--shard 'one' is not a number"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReplicaWorkerMain.Args.parse("--shard"));
        assertThrows(IllegalArgumentException.class, () -> ReplicaWorkerMain.Args.parse("--verbose", "yes"));
    }
}
