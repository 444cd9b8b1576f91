package org.gmdb.mailclient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.gmdb.gearman.Priority;
import org.gmdb.mail.event.query.MailboxInfo;
import org.gmdb.mail.event.query.MalformedQueryException;
import org.gmdb.mail.event.query.QueryCodec;
import org.gmdb.mail.event.query.QueryRequest;
import org.gmdb.mail.event.query.QueryResponse;
import org.gmdb.mail.event.query.Sort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SingleShardQueryTest {

    private final FakeTransport transport = new FakeTransport();
    private final MailClient client = MailClient.builder().transport(transport)
            .layout(ShardLayout.uniform(4, "a", "b")).build();

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void shouldSendAReadToTheUsersShardAtHighPriority() throws MalformedQueryException {
        transport.onForeground = call -> CompletableFuture.completedFuture(QueryCodec.encodeResponse(
                new QueryResponse.MailboxList("dave@example.net", List.of(new MailboxInfo("INBOX", 7, 3, 9, 2, 1)))));

        List<MailboxInfo> boxes = client.listMailboxes("Dave@Example.NET", ReadFrom.anyReplica()).join();

        assertEquals("INBOX", boxes.get(0).name());
        var call = transport.foreground().get(0);
        assertEquals("mail4", call.function()); // documented: dave@example.net is shard 4 of 4
        assertEquals(Priority.HIGH, call.priority());
        assertEquals(new QueryRequest.ListMailboxes("dave@example.net"), QueryCodec.decodeRequest(call.payload()));
    }

    @Test
    void shouldSendAPinnedReadToThatReplicasFunction() throws MalformedQueryException {
        transport.onForeground = call -> CompletableFuture.completedFuture(QueryCodec.encodeResponse(
                new QueryResponse.MessageList(5L, 9L, List.of(), null)));

        var list = client.listMessages("dave@example.net", "inbox", Sort.UID, false, 50, null, ReadFrom.replica("b"))
                .join();

        assertEquals(5L, list.uidvalidity());
        assertEquals("mail4@b", transport.foreground().get(0).function());
        var request = (QueryRequest.ListMessages) QueryCodec.decodeRequest(transport.foreground().get(0).payload());
        assertEquals("INBOX", request.mailbox());
        assertEquals(50, request.limit());
    }

    @Test
    void shouldRefuseToPinToAReplicaTheShardDoesNotHave() {
        var f = client.counts("dave@example.net", null, ReadFrom.replica("z"));

        var e = assertThrows(CompletionException.class, f::join);
        assertEquals("shard 4 has no replica 'z' (expected one of [a, b])", e.getCause().getMessage());
        assertTrue(transport.calls.isEmpty());
    }

    @Test
    void shouldReturnTheFetchedBytesAsStored() {
        byte[] raw = "Subject: x\r\n\r\nbody \u00e9\u00ff\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        transport.onForeground = call -> CompletableFuture.completedFuture(QueryCodec.encodeResponse(
                new QueryResponse.FetchedMessage(Summaries.dated("alice@example.com", 1, 10), raw)));

        var fetched = client.fetch("alice@example.com", Summaries.id(1), ReadFrom.anyReplica()).join();

        assertArrayEquals(raw, fetched.raw());
    }

    @Test
    void shouldFailWithTheShardsErrorWhenTheUserIsUnknown() {
        transport.onForeground = call -> CompletableFuture.completedFuture(QueryCodec.encodeResponse(
                new QueryResponse.QueryError("unknown user nobody@example.com")));

        UUID id = UUID.randomUUID();
        var f = client.fetch("nobody@example.com", id, ReadFrom.anyReplica());

        var e = assertThrows(CompletionException.class, f::join);
        var q = assertInstanceOf(MailQueryException.class, e.getCause());
        int shard = client.shardOf("nobody@example.com");
        assertEquals("fetching message " + id + " of nobody@example.com on shard " + shard + " (mail" + shard
                + ") refused: unknown user nobody@example.com", q.getMessage());
        assertEquals(shard, q.shard());
    }

    @Test
    void shouldNameTheUserAndMailboxNotTheRequestRecordWhenAListingFails() {
        transport.onForeground = call -> CompletableFuture.failedFuture(new IllegalStateException("connection lost"));

        var e = assertThrows(CompletionException.class, () -> client.listMessages("dave@example.net", "Archive",
                Sort.DATE, true, 51, null, ReadFrom.anyReplica()).join());

        assertEquals("listing mailbox 'Archive' of dave@example.net on shard 4 (mail4) failed: connection lost",
                e.getCause().getMessage());
    }

    @Test
    void shouldFailWhenTheAnswerIsOfTheWrongKind() {
        transport.onForeground = call -> CompletableFuture.completedFuture(QueryCodec.encodeResponse(
                new QueryResponse.CountsResult("a@x", null, 1, 1, 1)));

        var e = assertThrows(CompletionException.class,
                () -> client.listMailboxes("a@x.org", ReadFrom.anyReplica()).join());
        assertTrue(e.getCause().getMessage().endsWith("): the answer was message counts (expected: a mailbox list)"),
                e.getCause().getMessage());
    }
}
