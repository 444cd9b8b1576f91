package org.gmdb.mailclient;

/**
 * Why a shard is missing from a search result.
 *
 * @param shard    the shard number
 * @param function the function asked, e.g. {@code mail2}
 * @param message  what went wrong, with numbers
 * @param timedOut whether it is missing because it did not answer before the deadline
 * @param cause    the underlying failure
 */
public record ShardError(int shard, String function, String message, boolean timedOut, Throwable cause) {

    static ShardError of(MailQueryException e) {
        return new ShardError(e.shard(), e.function(), e.getMessage(), e.timedOut(), e.getCause());
    }
}
