package org.gmdb.mailstore.store;

/** A query named a mailbox that does not exist (or was deleted) for a known user. */
public class UnknownMailboxException extends StoreException {

    public UnknownMailboxException(String user, String mailbox) {
        super("unknown mailbox '" + mailbox + "' of user " + user);
    }
}
