package org.gmdb.mail.event.query;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A replica's answer to a {@link QueryRequest}: one line of JSON whose {@code "r"} names
 * the kind; a fetched message's raw bytes follow the line after {@code \n}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "r")
@JsonSubTypes({
    @JsonSubTypes.Type(value = QueryResponse.MailboxList.class, name = "mailboxes"),
    @JsonSubTypes.Type(value = QueryResponse.MessageList.class, name = "messages"),
    @JsonSubTypes.Type(value = QueryResponse.FetchedMessage.class, name = "message"),
    @JsonSubTypes.Type(value = QueryResponse.CountsResult.class, name = "counts"),
    @JsonSubTypes.Type(value = QueryResponse.QueryError.class, name = "error")
})
public sealed interface QueryResponse {

    record MailboxList(String user, List<MailboxInfo> mailboxes) implements QueryResponse {
    }

    /**
     * Messages in the requested order. For list-messages, uidvalidity and highestModseq of
     * the mailbox, and (with sinceModseq) the UIDs removed since then in {@code vanished}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MessageList(Long uidvalidity, Long highestModseq, List<MessageSummary> messages, List<Long> vanished)
            implements QueryResponse {
    }

    /** A message with its raw bytes, exactly as stored. */
    record FetchedMessage(MessageSummary message, @JsonIgnore byte[] raw) implements QueryResponse {
        @Override
        public boolean equals(Object o) {
            return o instanceof FetchedMessage f && message.equals(f.message) && Arrays.equals(raw, f.raw);
        }

        @Override
        public int hashCode() {
            return Objects.hash(message, Arrays.hashCode(raw));
        }

        @Override
        public String toString() {
            return "FetchedMessage[" + message + ", " + (raw == null ? 0 : raw.length) + " bytes]";
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CountsResult(String user, String mailbox, long messages, long unseen, long bytes) implements QueryResponse {
    }

    /** A query that could not be answered (unknown user or mailbox, bad request). */
    record QueryError(String error) implements QueryResponse {
    }
}
