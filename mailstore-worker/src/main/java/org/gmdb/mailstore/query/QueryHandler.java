package org.gmdb.mailstore.query;

import org.gmdb.mail.event.query.MalformedQueryException;
import org.gmdb.mail.event.query.QueryCodec;
import org.gmdb.mail.event.query.QueryRequest;
import org.gmdb.mailstore.store.MailQueries;
import org.gmdb.mailstore.store.StoreException;
import org.gmdb.mailstore.write.DatabaseFailures;

/**
 * Answers query jobs ({@code mail<N>} and queries pinned to {@code mail<N>@<replica>}):
 * decodes the request, asks the store, encodes the answer. A query that cannot be answered
 * (unknown user, mailbox or message, a malformed request, the database away) throws a
 * {@link QueryFailedException} whose message the worker sends as WORK_EXCEPTION.
 */
public final class QueryHandler {

    private final MailQueries queries;
    private final String replica;

    public QueryHandler(MailQueries queries, String replicaFunction) {
        this.queries = queries;
        this.replica = replicaFunction;
    }

    public byte[] answer(byte[] payload) {
        QueryRequest request;
        try {
            request = QueryCodec.decodeRequest(payload);
        } catch (MalformedQueryException e) {
            throw new QueryFailedException(e.getMessage(), e);
        }
        try {
            return QueryCodec.encodeResponse(queries.answer(request));
        } catch (RuntimeException e) {
            if (DatabaseFailures.isDatabaseAway(e)) {
                throw new QueryFailedException("database of " + replica + " unavailable (ask another replica or retry): "
                        + e.getMessage(), e);
            }
            if (e instanceof StoreException) {
                throw new QueryFailedException(e.getMessage(), e);
            }
            throw new QueryFailedException("query failed on " + replica + ": " + e, e);
        }
    }

    /** A query that got no answer; the message says why. */
    public static final class QueryFailedException extends RuntimeException {
        public QueryFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
