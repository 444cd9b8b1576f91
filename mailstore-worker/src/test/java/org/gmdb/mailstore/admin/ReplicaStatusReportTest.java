package org.gmdb.mailstore.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gmdb.mailstore.antientropy.BucketDigest;
import org.gmdb.mailstore.antientropy.ReplicaStatus;
import org.junit.jupiter.api.Test;

class ReplicaStatusReportTest {

    private static ReplicaStatus status(String replica, long events, Long newest, BucketDigest... buckets) {
        return new ReplicaStatus(1, replica, "i", events, newest, List.of(buckets), events, 0, false,
                ReplicaStatus.SyncState.NONE, 0);
    }

    @Test
    void shouldCountEventsAReplicaLacksPerBucket() {
        ReplicaStatus full = status("a", 7, 100L, new BucketDigest(1, 4, "x1"), new BucketDigest(2, 3, "x2"));
        ReplicaStatus behind = status("b", 4, 50L, new BucketDigest(1, 4, "x1"));
        assertEquals(0, ReplicaStatusReport.missing(full, List.of(full, behind)));
        assertEquals(3, ReplicaStatusReport.missing(behind, List.of(full, behind)));
    }

    @Test
    void shouldCountAtLeastOneWhenEqualCountsDiffer() {
        ReplicaStatus a = status("a", 2, 100L, new BucketDigest(1, 2, "aa"));
        ReplicaStatus b = status("b", 2, 100L, new BucketDigest(1, 2, "bb"));
        assertEquals(1, ReplicaStatusReport.missing(a, List.of(a, b)));
        assertEquals(1, ReplicaStatusReport.missing(b, List.of(a, b)));
    }

    @Test
    void shouldRenderOneRowPerReplicaAndAVerdictPerShard() {
        ReplicaStatus a = status("a", 7, 1764367000000L, new BucketDigest(1, 7, "x"));
        List<ReplicaStatusReport.ShardReport> report = List.of(new ReplicaStatusReport.ShardReport(1, List.of(
                new ReplicaStatusReport.Row(1, "a", a, null, 0, 0),
                new ReplicaStatusReport.Row(1, "b", null, "no answer within 5000 ms", -1, -1)), 1764367000000L, false));
        String table = ReplicaStatusReport.render(report);
        String[] lines = table.split("\n");
        assertTrue(lines[0].startsWith("SHARD  REPLICA  STATE"), table);
        assertTrue(lines[1].matches("1\\s+a\\s+up\\s+7\\s+2025-11-28T21:56:40Z\\s+0\\s+0\\s+0 ms\\s+no round yet"), table);
        assertTrue(lines[2].matches("1\\s+b\\s+DOWN\\s+-.*no answer within 5000 ms"), table);
        assertEquals("shard 1: NOT converged (1 of 2 replicas answered)", lines[3]);
    }

    @Test
    void shouldCountConflictsPerReplicaAndNameThemInTheVerdict() {
        ReplicaStatus a = new ReplicaStatus(1, "a", "i", 3, 100L, List.of(new BucketDigest(1, 4, "x")), 3, 0, false,
                ReplicaStatus.SyncState.NONE, 1);
        List<ReplicaStatusReport.ShardReport> report = List.of(new ReplicaStatusReport.ShardReport(1, List.of(
                new ReplicaStatusReport.Row(1, "a", a, null, 0, 0), new ReplicaStatusReport.Row(1, "b", a, null, 0, 0)),
                100L, true));
        String[] lines = ReplicaStatusReport.render(report).split("\n");
        assertTrue(lines[0].matches("SHARD.*MISSING\\s+CONFLICTS\\s+BEHIND.*"), lines[0]);
        assertTrue(lines[1].matches("1\\s+a\\s+up\\s+3\\s+\\S+\\s+0\\s+1\\s+0 ms.*"), lines[1]);
        assertEquals("shard 1: converged (2 of 2 replicas answered; 1 event id arrived with different content:"
                + " all versions kept, the lowest SHA-256 holds the id)", lines[3]);
    }
}
