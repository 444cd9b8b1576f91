package org.gmdb.mailstore.store;

import java.util.UUID;

/** A fetch named a message that is not (or no longer, or not yet) visible for that user. */
public class UnknownMessageException extends StoreException {

    public UnknownMessageException(String user, UUID id) {
        super("unknown message " + id + " of user " + user + " (never delivered here, expunged, or a copy whose source has not arrived)");
    }
}
