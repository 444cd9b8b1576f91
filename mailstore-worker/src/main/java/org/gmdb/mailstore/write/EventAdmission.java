package org.gmdb.mailstore.write;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.gmdb.mail.event.MailEvent;
import org.gmdb.mail.route.FunctionNames;
import org.gmdb.mail.route.ShardRouter;

/**
 * Decides whether a replica takes a write event submitted to it as a job: the event's user
 * must route to this shard, and the event's timestamp must not be ahead of this worker's
 * clock by more than the allowed skew (a far-future timestamp would win every
 * last-writer-wins comparison for good).
 *
 * <p>While users move between shards (resharding from {@code reshardingFromShards} shards to
 * the topology's count), the replica also takes the users that route to it with the old
 * count, so that writers still on the old topology lose nothing during the move.
 *
 * <p>Caveat: only for submitted events. Events pulled from peers by anti-entropy were taken
 * by a replica of the same shard already, under its clock at that moment: refusing them here
 * would keep the replicas apart for good over a difference of clocks.
 */
public final class EventAdmission {

    private final int shard;
    private final String replicaFunction;
    private final ShardRouter router;
    private final ShardRouter previous;
    private final long maxSkewMillis;
    private final Clock clock;

    /**
     * @param reshardingFromShards the shard count users move from; 0 when no move is under way
     */
    public EventAdmission(int shard, String replicaFunction, int shardCount, int reshardingFromShards,
            Duration maxClockSkew, Clock clock) {
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("clock skew " + maxClockSkew.toMillis() + " ms (expected: >= 0)");
        }
        this.shard = shard;
        this.replicaFunction = replicaFunction;
        this.router = new ShardRouter(shardCount);
        this.previous = reshardingFromShards > 0 ? new ShardRouter(reshardingFromShards) : null;
        this.maxSkewMillis = maxClockSkew.toMillis();
        this.clock = clock;
    }

    /** Throws {@link RefusedEventException} with the reason if this replica must not apply the event. */
    public void check(MailEvent event) {
        int home = router.shardOf(event.user());
        if (home != shard && (previous == null || previous.shardOf(event.user()) != shard)) {
            throw new RefusedEventException("event " + event.id() + " refused: user " + event.user() + " routes to shard "
                    + home + " of " + router.shardCount() + ", not to this shard " + shard + " (" + replicaFunction
                    + "); submit it to " + FunctionNames.shard(home) + "@<replica>"
                    + (previous == null ? "" : " (users that route here with " + previous.shardCount()
                    + " shards are taken too, while resharding)"));
        }
        long now = clock.millis();
        long ahead = event.header().timestamp() - now;
        if (ahead > maxSkewMillis) {
            throw new RefusedEventException("event " + event.id() + " refused: timestamp " + event.header().timestamp()
                    + " (" + Instant.ofEpochMilli(event.header().timestamp()) + ") is " + ahead
                    + " ms ahead of the clock of " + replicaFunction + " (" + Instant.ofEpochMilli(now)
                    + ") (expected: at most " + maxSkewMillis + " ms ahead)");
        }
    }
}
