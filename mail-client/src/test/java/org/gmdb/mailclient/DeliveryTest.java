package org.gmdb.mailclient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.gmdb.gearman.GearmanConnectionException;
import org.gmdb.gearman.GearmanTimeoutException;
import org.gmdb.mail.event.EventCodec;
import org.gmdb.mail.event.MailEvent;
import org.gmdb.mail.event.MalformedEventException;
import org.gmdb.mail.event.Op;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliveryTest {

    private static final byte[] MESSAGE = ("From: Carol <carol@example.org>\r\nTo: bob@example.org\r\n"
            + "Subject: =?UTF-8?Q?caf=C3=A9?=\r\nMessage-ID: <1@example.org>\r\nDate: Sat, 28 Nov 2026 10:00:00 +0000\r\n"
            + "\r\nHello\r\n").getBytes(StandardCharsets.US_ASCII);

    private final FakeTransport transport = new FakeTransport();
    private final MailClient client = MailClient.builder().transport(transport)
            .layout(ShardLayout.uniform(2, "a", "b")).author("test").build();

    @AfterEach
    void close() {
        client.close();
    }

    private static MailEvent decode(byte[] payload) {
        try {
            return EventCodec.decode(payload);
        } catch (MalformedEventException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldQueueOneEventPerRecipientOnEveryReplicaOfItsShard() {
        // alice@example.com is shard 1 of 2, dave@example.net shard 2 (the documented examples)
        DeliveryReceipt receipt = client.deliver(List.of("alice@example.com", "Dave@Example.NET"), MESSAGE,
                Durability.QUEUED).join();

        assertTrue(receipt.durable());
        WriteReceipt alice = receipt.forRecipient("alice@example.com").orElseThrow();
        WriteReceipt dave = receipt.forRecipient("dave@example.net").orElseThrow();
        assertEquals(1, alice.shard());
        assertEquals(2, dave.shard());
        assertNotEquals(alice.eventId(), dave.eventId());
        assertEquals(7, alice.eventId().version());
        assertEquals(List.of("a", "b"), alice.queued());
        assertEquals(List.of(), alice.applied());

        var background = transport.background();
        assertEquals(4, background.size());
        assertTrue(transport.foreground().isEmpty(), "QUEUED waits for no apply");
        Map<String, String> uniqueByFunction = new ConcurrentHashMap<>();
        for (var call : background) {
            uniqueByFunction.put(call.function(), call.unique());
            MailEvent event = decode(call.payload());
            assertEquals(UUID.fromString(call.unique()), event.id());
            assertEquals(Op.DELIVER, event.op());
            assertEquals("test", event.header().author());
        }
        assertEquals(Map.of("mail1@a", alice.eventId().toString(), "mail1@b", alice.eventId().toString(),
                "mail2@a", dave.eventId().toString(), "mail2@b", dave.eventId().toString()), uniqueByFunction);
        assertEquals("dave@example.net", decode(transport.background().get(2).payload()).user());
    }

    @Test
    void shouldKeepBrokenMimeByteIdenticalInThePayload() {
        byte[] broken = ("Content-Type: multipart/mixed; boundary=\"never-closed\"\r\nSubject: broken\r\n\r\n"
                + "--never-closed\r\nContent-Type: text/plain; charset=bogus\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + "!!!not base64!!!\r\n\u0000\r\nno final boundary and a bare LF\n")
                .getBytes(StandardCharsets.ISO_8859_1);

        DeliveryReceipt receipt = client.deliver(List.of("bob@example.org"), broken, Durability.QUEUED).join();

        assertTrue(receipt.durable());
        for (var call : transport.background()) {
            assertArrayEquals(broken, ((MailEvent.Deliver) decode(call.payload())).message());
        }
    }

    @Test
    void shouldKeepEightBitAndBinaryBytesExactly() {
        byte[] raw = new byte[512];
        byte[] head = "Subject: r\u00e9sum\u00e9 8-bit\r\nFrom: \u00fcber@x.org\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(head, 0, raw, 0, head.length);
        for (int i = head.length; i < raw.length; i++) {
            raw[i] = (byte) i; // every byte value, NUL and CR/LF included
        }

        DeliveryReceipt receipt = client.deliver(List.of("bob@example.org"), raw, Durability.QUEUED).join();

        assertEquals(512, receipt.metadata().size());
        for (var call : transport.background()) {
            assertArrayEquals(raw, ((MailEvent.Deliver) decode(call.payload())).message());
        }
    }

    @Test
    void shouldRefuseAnOversizeMessageWithNumbersAndWriteNothing() {
        MailClient small = MailClient.builder().transport(transport).layout(ShardLayout.uniform(2, "a"))
                .maxMessageSize(1000).build();

        var e = assertThrows(CompletionException.class,
                () -> small.deliver(List.of("bob@example.org"), new byte[1001], Durability.QUEUED).join());

        var tooLarge = assertInstanceOf(MessageTooLargeException.class, e.getCause());
        assertEquals("message size 1001 (expected: <= 1000)", tooLarge.getMessage());
        assertTrue(transport.calls.isEmpty());
    }

    @Test
    void shouldStateTheDefaultLimitInTheOversizeMessage() {
        var e = new MessageTooLargeException(70_000_000, MessageInspector.DEFAULT_MAX_MESSAGE_SIZE);
        assertEquals("message size 70000000 (expected: <= 52428800)", e.getMessage());
        assertThrows(MessageTooLargeException.class,
                () -> new MessageInspector(MessageInspector.DEFAULT_MAX_MESSAGE_SIZE)
                        .checkSize(new byte[(int) MessageInspector.DEFAULT_MAX_MESSAGE_SIZE + 1]));
    }

    @Test
    void shouldRefuseAnInvalidRecipientAndWriteNothingForTheOthers() {
        var e = assertThrows(CompletionException.class,
                () -> client.deliver(List.of("bob@example.org", "not an address"), MESSAGE, Durability.QUEUED).join());

        var invalid = assertInstanceOf(InvalidRecipientException.class, e.getCause());
        assertEquals("not an address", invalid.recipient());
        assertTrue(invalid.getMessage().startsWith("recipient 'not an address' is not a valid address"),
                invalid.getMessage());
        assertTrue(transport.calls.isEmpty());
    }

    @Test
    void shouldDeliverOnceToARecipientGivenTwiceInDifferentCase() {
        DeliveryReceipt receipt = client.deliver(List.of("Bob@Example.org", "<bob@example.ORG>"), MESSAGE,
                Durability.QUEUED).join();

        assertEquals(1, receipt.recipients().size());
        assertEquals("bob@example.org", receipt.recipients().get(0).user());
        assertEquals(2, transport.background().size());
    }

    @Test
    void shouldWaitForOneReplicaToApplyWithDurabilityOne() {
        CompletableFuture<byte[]> applyA = new CompletableFuture<>();
        CompletableFuture<byte[]> applyB = new CompletableFuture<>();
        transport.onForeground = call -> call.function().endsWith("@a") ? applyA : applyB;

        CompletableFuture<DeliveryReceipt> f = client.deliver(List.of("alice@example.com"), MESSAGE, Durability.ONE);

        assertFalse(f.isDone());
        applyB.complete(new byte[0]);
        DeliveryReceipt receipt = f.join();
        assertEquals(List.of("b"), receipt.recipients().get(0).applied());
        assertEquals(List.of("a", "b"), receipt.recipients().get(0).queued());
    }

    @Test
    void shouldConfirmWithAForegroundJobOfTheSameUniqueAndPayloadAfterJobCreated() {
        CompletableFuture<String> created = new CompletableFuture<>();
        transport.onBackground = call -> call.function().endsWith("@a") ? created
                : CompletableFuture.completedFuture("H:b");
        transport.onForeground = call -> CompletableFuture.completedFuture(new byte[0]);

        CompletableFuture<DeliveryReceipt> f = client.deliver(List.of("alice@example.com"), MESSAGE, Durability.ALL);

        assertEquals(List.of("mail1@b"), transport.foreground().stream().map(FakeTransport.Call::function).toList(),
                "no foreground job before the background one is created");
        assertFalse(f.isDone());
        created.complete("H:a");
        DeliveryReceipt receipt = f.join();
        assertEquals(List.of("a", "b"), receipt.recipients().get(0).applied());
        for (var fg : transport.foreground()) {
            var bg = transport.background().stream().filter(c -> c.function().equals(fg.function())).findFirst()
                    .orElseThrow();
            assertEquals(bg.unique(), fg.unique());
            assertArrayEquals(bg.payload(), fg.payload());
        }
    }

    @Test
    void shouldFailDurabilityAllNamingTheReplicaThatDidNotApply() {
        transport.onForeground = call -> call.function().equals("mail2@b")
                ? CompletableFuture.failedFuture(new GearmanTimeoutException("no result within 60000 ms"))
                : CompletableFuture.completedFuture(new byte[0]);

        var e = assertThrows(CompletionException.class,
                () -> client.deliver(List.of("alice@example.com", "dave@example.net"), MESSAGE, Durability.ALL).join());

        var failed = assertInstanceOf(DeliveryException.class, e.getCause());
        DeliveryReceipt receipt = failed.receipt();
        assertTrue(receipt.forRecipient("alice@example.com").orElseThrow().durable());
        WriteReceipt dave = receipt.forRecipient("dave@example.net").orElseThrow();
        assertFalse(dave.durable());
        assertEquals(List.of("a"), dave.applied());
        assertEquals(List.of("a", "b"), dave.queued());
        assertTrue(failed.getMessage().startsWith("delivery not durable for 1 of 2 recipients: dave@example.net (shard 2"),
                failed.getMessage());
        assertTrue(failed.getMessage().contains("replica b: queued, but not confirmed applied by mail2@b: no result within 60000 ms"),
                failed.getMessage());
    }

    @Test
    void shouldFailQueuedDurabilityWhenAReplicasJobIsNotCreated() {
        transport.onBackground = call -> call.function().equals("mail1@a")
                ? CompletableFuture.failedFuture(new GearmanConnectionException("no job server could take it"))
                : CompletableFuture.completedFuture("H:1");

        var e = assertThrows(CompletionException.class,
                () -> client.deliver(List.of("alice@example.com"), MESSAGE, Durability.QUEUED).join());

        var failed = assertInstanceOf(DeliveryException.class, e.getCause());
        assertEquals(List.of("b"), failed.receipt().recipients().get(0).queued());
        assertTrue(failed.getMessage().contains("replica a: not queued at mail1@a: no job server could take it"),
                failed.getMessage());
        assertInstanceOf(GearmanConnectionException.class, failed.getCause().getCause());
    }

    @Test
    void shouldResendTheSameEventIdsWhenADeliveryIsRetried() {
        Delivery delivery = client.prepare(List.of("alice@example.com", "dave@example.net"), MESSAGE,
                DeliveryOptions.INBOX);

        client.write(delivery, Durability.QUEUED).join();
        client.write(delivery, Durability.QUEUED).join();

        var uniques = transport.background().stream().map(FakeTransport.Call::unique).toList();
        assertEquals(8, uniques.size());
        assertEquals(2, new HashSet<>(uniques).size());
    }

    @Test
    void shouldDeliverIntoTheGivenMailboxWithFlags() {
        client.deliver(List.of("bob@example.org"), MESSAGE,
                DeliveryOptions.INBOX.toMailbox("Archive").withFlags(Set.of("\\seen", "$Label1")), Durability.QUEUED)
                .join();

        var event = (MailEvent.Deliver) decode(transport.background().get(0).payload());
        assertEquals("Archive", event.mailbox());
        assertEquals(Set.of("\\Seen", "$Label1"), event.flags());
    }

    @Test
    void shouldReportHeaderMetadataWithoutChangingTheMessage() {
        DeliveryReceipt receipt = client.deliver(List.of("bob@example.org"), MESSAGE, Durability.QUEUED).join();

        MessageMetadata m = receipt.metadata();
        assertEquals("Carol <carol@example.org>", m.from());
        assertEquals("caf\u00e9", m.subject());
        assertEquals("<1@example.org>", m.messageId());
        assertEquals(1795860000000L, m.date());
        assertEquals(List.of(), m.problems());
    }
}
