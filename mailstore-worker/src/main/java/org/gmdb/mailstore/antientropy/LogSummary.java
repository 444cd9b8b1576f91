package org.gmdb.mailstore.antientropy;

import static org.gmdb.schema.shard.Tables.APPLIED_EVENT;

import java.util.List;
import org.gmdb.mailstore.store.EventLog;
import org.gmdb.mailstore.store.ShardDatabase;
import org.jooq.Record2;
import org.jooq.impl.DSL;

/**
 * Counts and digests of one replica's event log, for anti-entropy and status. Caveat: each
 * call scans the log's (bucket, id) index; fine every few seconds for millions of events,
 * not per job.
 */
public final class LogSummary {

    private final ShardDatabase db;
    private final EventLog log;

    public LogSummary(ShardDatabase db) {
        this.db = db;
        this.log = new EventLog(db);
    }

    /** Number of events, timestamp of the newest (null when empty), ids that arrived with different content. */
    public record Totals(long events, Long newestTs, long conflicts) {
    }

    public Totals totals() {
        Record2<Integer, Long> r = db.dsl().select(DSL.count(), DSL.max(APPLIED_EVENT.TS)).from(APPLIED_EVENT).fetchOne();
        return new Totals(r.value1(), r.value2(), log.conflicts());
    }

    /** Digests of every non-empty bucket, in bucket order. */
    public List<BucketDigest> digests() {
        return log.digests(Long.MIN_VALUE, Long.MAX_VALUE).stream().map(BucketDigest::of).toList();
    }

    public EventLog log() {
        return log;
    }
}
