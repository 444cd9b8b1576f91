package org.gmdb.mailstore.antientropy;

import org.gmdb.mailstore.store.EventLog;

/**
 * The digest of one time bucket of a replica's event log, as it travels: bucket number
 * (hours since the epoch), number of events, and the XOR of their ids as 32 hex digits.
 */
public record BucketDigest(long bucket, long count, String xor) {

    static BucketDigest of(EventLog.BucketDigest d) {
        return new BucketDigest(d.bucket(), d.count(), String.format("%016x%016x", d.xorHigh(), d.xorLow()));
    }
}
