package org.gmdb.jobserver.compat.support;

/**
 * How to start a peer: the options both servers understand the same way.
 *
 * @param jobRetries    gearmand's {@code -j}: 0 means unlimited
 * @param mysqlDatabase database for the MySQL persistent queue on 127.0.0.1:3306 (root), or null for none
 */
public record PeerOptions(int jobRetries, String mysqlDatabase) {

    public static final PeerOptions DEFAULT = new PeerOptions(0, null);

    public PeerOptions withJobRetries(int retries) {
        return new PeerOptions(retries, mysqlDatabase);
    }

    public PeerOptions withMysqlQueue(String database) {
        return new PeerOptions(jobRetries, database);
    }
}
