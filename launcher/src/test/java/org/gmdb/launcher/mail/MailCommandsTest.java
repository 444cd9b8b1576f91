package org.gmdb.launcher.mail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.gmdb.gearman.Priority;
import org.gmdb.launcher.Gmdb;
import org.gmdb.mail.event.EventCodec;
import org.gmdb.mail.event.MailEvent;
import org.gmdb.mail.event.query.MessageSummary;
import org.gmdb.mail.event.query.QueryCodec;
import org.gmdb.mail.event.query.QueryRequest;
import org.gmdb.mail.event.query.QueryResponse;
import org.gmdb.mailclient.MailClient;
import org.gmdb.mailclient.MailTransport;
import org.gmdb.mailclient.ShardLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The mail subcommands over a scripted transport: arguments, output, exit codes. */
class MailCommandsTest {

    private static final UUID ID = UUID.fromString("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");

    private final List<String> functions = new ArrayList<>();
    private final List<byte[]> payloads = new ArrayList<>();
    private Function<byte[], CompletableFuture<byte[]>> answer = q -> new CompletableFuture<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Function<MailClientOptions.Settings, MailClient> savedFactory;
    private InputStream savedIn;
    private OutputStream savedOut;

    private final MailTransport transport = new MailTransport() {
        @Override
        public CompletableFuture<String> submitBackground(String function, String unique, byte[] payload) {
            functions.add(function);
            payloads.add(payload);
            return CompletableFuture.completedFuture("H:1");
        }

        @Override
        public CompletableFuture<byte[]> submit(String function, String unique, byte[] payload, Priority priority,
                Duration timeout) {
            functions.add(function);
            payloads.add(payload);
            return answer.apply(payload);
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void useFakeStore() {
        savedFactory = MailClientOptions.factory;
        savedIn = DeliverCommand.stdin;
        savedOut = FetchCommand.stdout;
        MailClientOptions.factory = s -> MailClient.builder().transport(transport)
                .layout(ShardLayout.uniform(2, "a", "b")).queryTimeout(s.timeout()).applyTimeout(s.timeout()).build();
    }

    @AfterEach
    void restore() {
        MailClientOptions.factory = savedFactory;
        DeliverCommand.stdin = savedIn;
        FetchCommand.stdout = savedOut;
    }

    private int run(String... args) {
        CommandLine cl = Gmdb.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static MessageSummary summary(String user, long date) {
        return new MessageSummary(ID, user, "INBOX", 3L, 4L, date, 42, "carol@example.org", user, "Invoice\t7", date,
                null, List.of("\\Seen"));
    }

    private static MessageSummary withId(MessageSummary m, UUID id) {
        return new MessageSummary(id, m.user(), m.mailbox(), m.uid(), m.modseq(), m.internalDate(), m.size(), m.from(),
                m.to(), m.subject(), m.date(), m.messageId(), m.flags());
    }

    @Test
    void shouldDeliverStandardInputToEveryRecipientAndPrintOneLineEach() {
        byte[] raw = "Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        DeliverCommand.stdin = new ByteArrayInputStream(raw);
        answer = payload -> CompletableFuture.completedFuture(new byte[0]);

        int code = run("deliver", "--to", "alice@example.com", "--to", "dave@example.net", "--durability", "all");

        assertEquals(0, code, err.toString());
        String[] lines = out.toString().split("\n");
        assertEquals(2, lines.length, out.toString());
        assertTrue(lines[0].startsWith("ok\talice@example.com\tshard 1\tevent "), lines[0]);
        assertTrue(lines[1].matches("ok\tdave@example.net\tshard 2\tevent \\S+\tqueued \\[a, b]\tapplied \\[a, b]"),
                lines[1]);
        assertTrue(functions.containsAll(List.of("mail1@a", "mail1@b", "mail2@a", "mail2@b")), functions.toString());
        MailEvent.Deliver event;
        try {
            event = (MailEvent.Deliver) EventCodec.decode(payloads.get(0));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertArrayEquals(raw, event.message());
    }

    @Test
    void shouldExitOneWithAClearMessageForAnInvalidRecipient() {
        DeliverCommand.stdin = new ByteArrayInputStream("x".getBytes(StandardCharsets.US_ASCII));

        int code = run("deliver", "--to", "not-an-address");

        assertEquals(1, code);
        assertTrue(err.toString().startsWith("gmdb: recipient 'not-an-address' is not a valid address"), err.toString());
        assertTrue(functions.isEmpty());
    }

    @Test
    void shouldWriteTheFetchedBytesAndNothingElse() {
        byte[] raw = {'S', ':', ' ', 'x', '\r', '\n', '\r', '\n', 0, (byte) 0xff, '\n'};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FetchCommand.stdout = bytes;
        answer = payload -> CompletableFuture.completedFuture(QueryCodec.encodeResponse(
                new QueryResponse.FetchedMessage(summary("alice@example.com", 1), raw)));

        int code = run("fetch", "--user", "alice@example.com", "--id", ID.toString(), "--replica", "b");

        assertEquals(0, code, err.toString());
        assertArrayEquals(raw, bytes.toByteArray());
        assertEquals(List.of("mail1@b"), functions);
    }

    @Test
    void shouldRefuseAnIdThatIsNotAUuid() {
        int code = run("fetch", "--user", "alice@example.com", "--id", "12");

        assertEquals(1, code);
        assertTrue(err.toString().startsWith("gmdb: --id '12' is not a message id"), err.toString());
    }

    @Test
    void shouldListNewestFirstWithTheLimitAsked() throws Exception {
        answer = payload -> CompletableFuture.completedFuture(QueryCodec.encodeResponse(
                new QueryResponse.MessageList(1L, 4L, List.of(summary("alice@example.com", 1_795_860_000_000L)), null)));

        int code = run("list", "--user", "alice@example.com", "--limit", "5");

        assertEquals(0, code, err.toString());
        var request = (QueryRequest.ListMessages) QueryCodec.decodeRequest(payloads.get(0));
        assertEquals(6, request.limit(), "one more than shown, to know whether there are more");
        assertTrue(request.descending());
        assertEquals("", err.toString());
        assertEquals("ID\tUSER\tMAILBOX\tUID\tDATE\tSIZE\tFLAGS\tFROM\tSUBJECT\n" + ID
                + "\talice@example.com\tINBOX\t3\t2026-11-28 10:00:00Z\t42\t\\Seen\tcarol@example.org\tInvoice 7\n",
                out.toString());
    }

    @Test
    void shouldSearchEveryShardAndNameTheOneThatDidNotAnswer() throws Exception {
        answer = payload -> functions.get(functions.size() - 1).equals("mail2")
                ? CompletableFuture.failedFuture(new IllegalStateException("worker gone"))
                : CompletableFuture.completedFuture(QueryCodec.encodeResponse(new QueryResponse.MessageList(null, null,
                        List.of(summary("alice@example.com", 5)), null)));

        int code = run("search", "--subject", "invoice", "--since", "2026-11-28", "--limit", "3");

        assertEquals(1, code);
        assertEquals("gmdb: missing from the result: searching every user's mail on shard 2 (mail2) failed: worker gone\n",
                err.toString());
        assertTrue(out.toString().contains("\talice@example.com\t"), out.toString());
        var request = (QueryRequest.Search) QueryCodec.decodeRequest(payloads.get(0));
        assertEquals(1_795_824_000_000L, request.criteria().since());
        assertEquals("invoice", request.criteria().subject());
        assertEquals(4, request.limit());
    }

    @Test
    void shouldSayOnStandardErrorWhenAListingIsCutAtItsLimit() {
        answer = payload -> CompletableFuture.completedFuture(QueryCodec.encodeResponse(new QueryResponse.MessageList(
                1L, 4L, List.of(summary("alice@example.com", 3), summary("alice@example.com", 2),
                        summary("alice@example.com", 1)), null)));

        int code = run("list", "--user", "alice@example.com", "--limit", "2");

        assertEquals(0, code, err.toString());
        assertEquals(3, out.toString().lines().count(), "the header and 2 messages:\n" + out);
        assertEquals("gmdb: showing 2 of at least 3 messages; use --limit N to see more (at most 10000)\n",
                err.toString());
    }

    @Test
    void shouldSayOnStandardErrorWhenASearchIsCutAtItsLimit() {
        // each of the 2 shards has one message of its own (messages with one id count once)
        answer = payload -> CompletableFuture.completedFuture(QueryCodec.encodeResponse(new QueryResponse.MessageList(
                null, null, List.of(withId(summary("alice@example.com", functions.size()), UUID.randomUUID())), null)));

        int code = run("search", "--subject", "invoice", "--limit", "1");

        assertEquals(0, code, err.toString());
        assertEquals(2, out.toString().lines().count(), "the header and 1 message:\n" + out);
        assertTrue(err.toString().startsWith("gmdb: showing 1 of at least 2 messages; use --limit N"), err.toString());
    }

    @Test
    void shouldRefuseALimitTheStoreCannotServe() {
        int code = run("list", "--user", "alice@example.com", "--limit", "0");

        assertEquals(1, code);
        assertEquals("gmdb: --limit 0 (expected: 1..10000)\n", err.toString());
        assertTrue(functions.isEmpty());
    }
}
