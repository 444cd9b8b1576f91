package org.gmdb.mailstore.antientropy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A replica's answer to {@code {"ae":"status"}}: what it holds and how its writes and
 * anti-entropy go.
 *
 * @param events        events in its log (applied here, by jobs or pulled from peers)
 * @param newestTs      timestamp (epoch millis) of its newest event; null when empty
 * @param buckets       digests of its log, per time bucket, in bucket order
 * @param writesApplied events applied by write jobs since the worker started
 * @param writesFailed  write jobs failed for bad input since start
 * @param databaseAway  whether the last write found the database away
 * @param sync          the last anti-entropy round
 * @param conflicts     event ids that reached it with different content (each kept and
 *                      settled by the rule in {@code EventVersions}); 0 from a replica that predates them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplicaStatus(int shard, String replica, String instance, long events, Long newestTs,
        List<BucketDigest> buckets, long writesApplied, long writesFailed, boolean databaseAway, SyncState sync,
        long conflicts) {

    /**
     * The last anti-entropy round of a replica.
     *
     * @param roundAt        when it ended (epoch millis); null before the first
     * @param rounds         rounds run since start
     * @param lastMissing    events the peers had and this replica lacked at the start of the last round
     * @param totalPulled    events pulled from peers since start
     * @param inSync         whether every peer asked had the same digests as this replica at the end of the round
     * @param peersAnswered  peers that answered in the last round, of {@code peers}
     * @param lastError      why the last round, or a peer in it, failed; null if none
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SyncState(Long roundAt, long rounds, long lastMissing, long totalPulled, boolean inSync,
            int peersAnswered, int peers, String lastError) {

        public static final SyncState NONE = new SyncState(null, 0, 0, 0, false, 0, 0, null);
    }
}
