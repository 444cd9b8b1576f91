package org.gmdb.mailstore.store;

/** A query named a user this replica has never seen an event for. */
public class UnknownUserException extends StoreException {

    public UnknownUserException(String user) {
        super("unknown user " + user + " (no event for this user was applied on this replica)");
    }
}
