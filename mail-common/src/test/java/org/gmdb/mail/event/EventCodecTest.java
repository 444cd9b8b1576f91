package org.gmdb.mail.event;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private static final UUID ID = UUID.fromString("0190f7a2-3c4d-7e5f-8a6b-7c8d9e0f1a2b");
    private static final UUID M1 = UUID.fromString("0190f7a2-0000-7000-8000-000000000001");
    private static final UUID M2 = UUID.fromString("0190f7a2-0000-7000-8000-000000000002");
    private static final EventHeader H = new EventHeader(ID, 1_764_367_000_000L, "cli", "Alice@Example.com");
    private static final byte[] RAW = "From: a@b\r\nSubject: hi\r\n\r\nbody\r\n".getBytes(UTF_8);

    @Test
    void shouldRoundTripEveryOp() throws Exception {
        List<MailEvent> events = List.of(
                new MailEvent.Deliver(H, "INBOX", Set.of("\\Seen", "$label1"), RAW),
                new MailEvent.Append(H, "Sent", Set.of(), 1_700_000_000_000L, RAW),
                new MailEvent.Append(H, "Sent", Set.of("\\Draft"), null, RAW),
                new MailEvent.SetFlags(H, List.of(M1, M2), Set.of("\\Flagged")),
                new MailEvent.ClearFlags(H, List.of(M1), Set.of("\\Seen", "work")),
                new MailEvent.Move(H, List.of(M1), "Archive/2025"),
                new MailEvent.Copy(H, M1, "Keep", Set.of("\\Seen")),
                new MailEvent.Expunge(H, List.of(M2, M1)),
                new MailEvent.CreateMailbox(H, "Projects"),
                new MailEvent.RenameMailbox(H, "Projects", "Old projects"),
                new MailEvent.DeleteMailbox(H, "Old projects"));
        assertEquals(Op.values().length, events.stream().map(MailEvent::op).distinct().count());
        for (MailEvent e : events) {
            byte[] payload = EventCodec.encode(e);
            assertEquals(e, EventCodec.decode(payload), "round trip of " + e.op());
            assertEquals(e, EventCodec.decode(EventCodec.encodeHeader(e), EventCodec.messageOf(e)));
        }
    }

    @Test
    void shouldWriteTheDocumentedLineForADeliver() {
        byte[] payload = EventCodec.encode(new MailEvent.Deliver(H, "inbox", Set.of("\\seen"), RAW));
        String expected = "{\"v\":1,\"id\":\"" + ID + "\",\"ts\":1764367000000,\"author\":\"cli\",\"op\":\"deliver\","
                + "\"user\":\"alice@example.com\",\"mailbox\":\"INBOX\",\"flags\":[\"\\\\Seen\"]}\n";
        assertEquals(expected, new String(payload, 0, expected.length(), UTF_8));
        assertEquals(expected.length() + RAW.length, payload.length);
    }

    @Test
    void shouldKeepEightBitCrlfAndNulBytesUntouched() throws Exception {
        byte[] raw = new byte[70_000];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (i * 31 + 7);
        }
        raw[0] = '\n';
        raw[raw.length - 1] = '\r';
        MailEvent.Deliver d = (MailEvent.Deliver) EventCodec.decode(
                EventCodec.encode(new MailEvent.Deliver(H, "INBOX", Set.of(), raw)));
        assertArrayEquals(raw, d.message());
    }

    @Test
    void shouldDecodeAHandTypedPayloadWithoutTsOrAuthor() throws Exception {
        UUID v7 = EventIds.next();
        byte[] payload = ("{\"v\":1,\"id\":\"" + v7 + "\",\"op\":\"expunge\",\"user\":\"bob@x\",\"messages\":[\""
                + M1 + "\"]}\n").getBytes(UTF_8);
        MailEvent e = EventCodec.decode(payload);
        assertEquals(EventIds.timestampOf(v7), e.header().timestamp());
        assertEquals("", e.header().author());
        assertEquals(List.of(M1), ((MailEvent.Expunge) e).messages());
    }

    @Test
    void shouldDecodeAnEmptyMessage() throws Exception {
        byte[] payload = ("{\"v\":1,\"id\":\"" + ID + "\",\"op\":\"deliver\",\"user\":\"bob@x\"}\n").getBytes(UTF_8);
        MailEvent.Deliver d = (MailEvent.Deliver) EventCodec.decode(payload);
        assertEquals(0, d.message().length);
        assertEquals("INBOX", d.mailbox());
    }

    @Test
    void shouldRejectPayloadThatIsNotJson() {
        assertMalformed("not json\nbody", "is not JSON");
        assertMalformed("", "empty payload");
        assertMalformed("[1,2]\n", "expected: an object");
    }

    @Test
    void shouldRejectUnknownVersionAndOp() {
        assertMalformed("{\"v\":2,\"id\":\"" + ID + "\",\"op\":\"deliver\",\"user\":\"a@b\"}\nx", "unknown version \"v\":2");
        assertMalformed("{\"id\":\"" + ID + "\",\"op\":\"deliver\",\"user\":\"a@b\"}\nx", "missing field \"v\"");
        assertMalformed("{\"v\":1,\"id\":\"" + ID + "\",\"op\":\"explode\",\"user\":\"a@b\"}\n", "unknown op \"explode\"");
    }

    @Test
    void shouldRejectMissingAndMistypedFields() {
        assertMalformed("{\"v\":1,\"op\":\"deliver\",\"user\":\"a@b\"}\nx", "missing field \"id\"");
        assertMalformed("{\"v\":1,\"id\":\"" + ID + "\",\"op\":\"deliver\"}\nx", "missing field \"user\"");
        assertMalformed("{\"v\":1,\"id\":\"nope\",\"op\":\"deliver\",\"user\":\"a@b\"}\nx", "field \"id\" is \"nope\"");
        assertMalformed("{\"v\":1,\"id\":\"" + ID + "\",\"op\":\"move\",\"user\":\"a@b\",\"mailbox\":\"X\"}",
                "missing field \"messages\"");
        assertMalformed("{\"v\":1,\"id\":\"" + ID + "\",\"op\":\"move\",\"user\":\"a@b\",\"messages\":[],\"mailbox\":\"X\"}",
                "non-empty array");
        assertMalformed("{\"v\":1,\"id\":\"" + ID + "\",\"ts\":\"soon\",\"op\":\"create-mailbox\",\"user\":\"a@b\","
                + "\"mailbox\":\"X\"}", "field \"ts\"");
        assertMalformed("{\"v\":1,\"id\":\"" + ID + "\",\"op\":\"create-mailbox\",\"user\":\"a@b\",\"mailbox\":\"X\","
                + "\"colour\":\"red\"}", "unknown field \"colour\"");
        assertMalformed("{\"v\":1,\"id\":\"" + ID + "\",\"op\":\"set-flags\",\"user\":\"a@b\",\"messages\":[\"" + M1
                + "\"],\"flags\":[\"bad flag\"]}", "space or control character");
    }

    @Test
    void shouldRejectMissingMessageAndStrayBytes() {
        assertMalformed("{\"v\":1,\"id\":\"" + ID + "\",\"op\":\"deliver\",\"user\":\"a@b\"}",
                "has no '\\n' after its JSON line");
        assertMalformed("{\"v\":1,\"id\":\"" + ID + "\",\"op\":\"create-mailbox\",\"user\":\"a@b\",\"mailbox\":\"X\"}\nextra",
                "5 bytes follow its JSON line");
    }

    @Test
    void shouldRequireTsForANonVersion7Id() {
        UUID v4 = UUID.fromString("2f1d6c1e-8f0a-4b5e-9c1d-0a1b2c3d4e5f");
        assertMalformed("{\"v\":1,\"id\":\"" + v4 + "\",\"op\":\"create-mailbox\",\"user\":\"a@b\",\"mailbox\":\"X\"}",
                "missing field \"ts\"");
    }

    private static void assertMalformed(String payload, String expectedPart) {
        MalformedEventException e = assertThrows(MalformedEventException.class,
                () -> EventCodec.decode(payload.getBytes(UTF_8)));
        assertTrue(e.getMessage().contains(expectedPart), "message '" + e.getMessage() + "' lacks '" + expectedPart + "'");
    }
}
