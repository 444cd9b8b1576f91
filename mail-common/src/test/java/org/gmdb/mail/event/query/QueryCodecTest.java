package org.gmdb.mail.event.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QueryCodecTest {

    private static final UUID ID = UUID.fromString("0190f7a2-3c4d-7e5f-8a6b-7c8d9e0f1a2b");

    @Test
    void shouldRoundTripEveryRequest() throws Exception {
        List<QueryRequest> requests = List.of(
                new QueryRequest.ListMailboxes("alice@example.com"),
                new QueryRequest.ListMessages("alice@example.com", "INBOX", Sort.DATE, true, 50, null),
                new QueryRequest.ListMessages("alice@example.com", "INBOX", Sort.UID, false, null, 17L),
                new QueryRequest.FetchMessage("alice@example.com", ID),
                new QueryRequest.Search(SearchCriteria.ofUser(null).withSubject("invoice")
                        .withFlags(Set.of("\\Seen"), Set.of("\\Deleted")).withArrival(1L, 2L), Sort.ARRIVAL, true, 10),
                new QueryRequest.Counts("alice@example.com", null));
        for (QueryRequest r : requests) {
            assertEquals(r, QueryCodec.decodeRequest(QueryCodec.encodeRequest(r)));
        }
    }

    @Test
    void shouldWriteSearchAsOneReadableLine() {
        String json = new String(QueryCodec.encodeRequest(new QueryRequest.Search(
                SearchCriteria.ofUser("a@b").withSubject("hi"), Sort.DATE, true, 20)), StandardCharsets.UTF_8);
        assertEquals("{\"q\":\"search\",\"criteria\":{\"user\":\"a@b\",\"subject\":\"hi\"},\"sort\":\"date\","
                + "\"descending\":true,\"limit\":20}", json);
    }

    @Test
    void shouldRoundTripResponsesWithRawBytesAfterTheLine() throws Exception {
        MessageSummary s = new MessageSummary(ID, "a@b", "INBOX", 3L, 9L, 1000L, 4L, "x@y", "a@b", "hi", 999L,
                "<m@x>", List.of("\\Seen"));
        byte[] raw = {0, (byte) 0xff, '\n', '\r'};
        List<QueryResponse> responses = List.of(
                new QueryResponse.MailboxList("a@b", List.of(new MailboxInfo("INBOX", 1, 5, 9, 4, 1))),
                new QueryResponse.MessageList(1L, 9L, List.of(s), List.of(2L)),
                new QueryResponse.FetchedMessage(s, raw),
                new QueryResponse.CountsResult("a@b", null, 4, 1, 1234),
                new QueryResponse.QueryError("unknown user a@b"));
        for (QueryResponse r : responses) {
            assertEquals(r, QueryCodec.decodeResponse(QueryCodec.encodeResponse(r)));
        }
    }

    @Test
    void shouldRejectUnknownQueryKind() {
        MalformedQueryException e = assertThrows(MalformedQueryException.class,
                () -> QueryCodec.decodeRequest("{\"q\":\"drop-tables\"}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("drop-tables"), e.getMessage());
    }
}
