package org.gmdb.mail.event.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.UUID;

/**
 * A read sent to a shard (function {@code mail<N>}) or a pinned replica; the payload is
 * one line of JSON whose {@code "q"} names the kind (see {@link QueryCodec}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "q")
@JsonSubTypes({
    @JsonSubTypes.Type(value = QueryRequest.ListMailboxes.class, name = "list-mailboxes"),
    @JsonSubTypes.Type(value = QueryRequest.ListMessages.class, name = "list-messages"),
    @JsonSubTypes.Type(value = QueryRequest.FetchMessage.class, name = "fetch"),
    @JsonSubTypes.Type(value = QueryRequest.Search.class, name = "search"),
    @JsonSubTypes.Type(value = QueryRequest.Counts.class, name = "counts")
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface QueryRequest {

    /** The mailboxes of a user that are listed, with counts. */
    record ListMailboxes(String user) implements QueryRequest {
    }

    /**
     * Visible messages of one mailbox, sorted, at most {@code limit} (null: all); with
     * {@code sinceModseq}, only those changed after it, plus the UIDs that vanished.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ListMessages(String user, String mailbox, Sort sort, boolean descending, Integer limit, Long sinceModseq)
            implements QueryRequest {
    }

    /** One message's summary and raw bytes. */
    record FetchMessage(String user, UUID message) implements QueryRequest {
    }

    /** Messages matching the criteria (one user, or all users when criteria.user is null). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Search(SearchCriteria criteria, Sort sort, boolean descending, Integer limit) implements QueryRequest {
    }

    /** Message counts of a user, or of one of their mailboxes when mailbox is given. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Counts(String user, String mailbox) implements QueryRequest {
    }
}
