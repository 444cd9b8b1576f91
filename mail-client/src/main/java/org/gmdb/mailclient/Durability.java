package org.gmdb.mailclient;

/**
 * When a write counts as done: how far the event must have got before the client's future
 * completes. The MTA keeps the message until then.
 *
 * <p>Caveat: every level first puts the event in each replica's queue as a background job,
 * so a replica that is down applies it when it returns, whatever level the caller waited for.
 */
public enum Durability {
    /** Every replica's background job was accepted (JOB_CREATED) by a job server, which keeps it in its queue. */
    QUEUED,
    /** Queued on every replica, and applied by at least one. */
    ONE,
    /** Queued on every replica, and applied by all of them. */
    ALL
}
