package org.gmdb.mailstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
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
    void shouldTakeAdmissionAndPurgeSettingsOverTheDefaults() {
        ReplicaWorkerMain.Args args = ReplicaWorkerMain.Args.parse("--shard", "1", "--replica", "a",
                "--max-clock-skew-ms", "5000", "--resharding-from-shards", "3", "--expunged-retention-days", "90",
                "--purge-interval-ms", "60000");
        assertEquals(5000L, args.maxClockSkewMillis());
        assertEquals(3, args.reshardingFromShards());
        assertEquals(90L, args.expungedRetentionDays());
        assertEquals(60000L, args.purgeIntervalMillis());
        assertEquals(Duration.ofMinutes(10), ReplicaWorkerSettings.Admission.DEFAULT.maxClockSkew());
        assertEquals(Duration.ofDays(30), ReplicaWorkerSettings.Purge.DEFAULT.retention());
    }

    @Test
    void shouldExplainMissingOrBadArguments() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ReplicaWorkerMain.Args.parse("--config", "t.properties"));
        assertTrue(missing.getMessage().contains("--shard and --replica are required"), missing.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ReplicaWorkerMain.Args.parse("--shard", "one", "--replica", "a"));
        assertTrue(bad.getMessage().contains("--shard 'one' is not a number"), bad.getMessage());
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> ReplicaWorkerMain.Args.parse("--shard", "4294967296", "--replica", "a"));
        assertTrue(big.getMessage().contains("--shard 4294967296 is too large"), big.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReplicaWorkerMain.Args.parse("--shard"));
        assertThrows(IllegalArgumentException.class, () -> ReplicaWorkerMain.Args.parse("--verbose", "yes"));
    }
}
