package org.gmdb.mailstore.antientropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.gmdb.mail.event.EventIds;
import org.gmdb.mailstore.store.EventLog;
import org.junit.jupiter.api.Test;

class AntiEntropyCodecTest {

    @Test
    void shouldWriteRequestsAsOneLineOfJsonThatAPersonCanType() {
        assertEquals("{\"ae\":\"ping\"}", text(AntiEntropyCodec.encodeRequest(new AntiEntropyRequest.Ping())));
        assertEquals("{\"ae\":\"ids\",\"bucket\":489000}", text(AntiEntropyCodec.encodeRequest(new AntiEntropyRequest.Ids(489000))));
        assertEquals(new AntiEntropyRequest.Digests("b"),
                AntiEntropyCodec.decodeRequest(bytes("{\"ae\":\"digests\",\"from\":\"b\"}\n")));
        assertEquals(new AntiEntropyRequest.Status(), AntiEntropyCodec.decodeRequest(bytes("{\"ae\":\"status\"}")));
    }

    @Test
    void shouldRoundTripEveryRequest() {
        UUID id = EventIds.next();
        for (AntiEntropyRequest r : List.of(new AntiEntropyRequest.Ping(), new AntiEntropyRequest.Digests("a"),
                new AntiEntropyRequest.Ids(-3), new AntiEntropyRequest.Events(List.of(id)), new AntiEntropyRequest.Status())) {
            assertEquals(r, AntiEntropyCodec.decodeRequest(AntiEntropyCodec.encodeRequest(r)));
        }
    }

    @Test
    void shouldRefuseAnUnknownRequestNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AntiEntropyCodec.decodeRequest(bytes("{\"ae\":\"drop-everything\"}")));
        assertEquals(true, e.getMessage().contains("drop-everything"), e.getMessage());
    }

    @Test
    void shouldFrameEventPayloadsBackToBackWithTheirSizesAndDigests() {
        UUID twice = EventIds.next();
        byte[] digest = new byte[32];
        digest[0] = (byte) 0xfe;
        digest[31] = 7;
        List<EventLog.Payload> payloads = List.of(
                new EventLog.Payload(EventIds.next(), bytes("{\"v\":1,\"op\":\"deliver\"}\nraw\n\nbytes\r\n"), digest),
                new EventLog.Payload(twice, bytes("{\"v\":1,\"op\":\"expunge\"}"), null),
                new EventLog.Payload(twice, bytes("{\"v\":1,\"op\":\"create-mailbox\"}"), null),
                new EventLog.Payload(EventIds.next(), new byte[] {0, '\n', (byte) 0xff}, null));
        List<EventLog.Payload> back = AntiEntropyCodec.decodeEvents(AntiEntropyCodec.encodeEvents(payloads));
        assertEquals(payloads.size(), back.size());
        for (int i = 0; i < payloads.size(); i++) {
            assertEquals(payloads.get(i).id(), back.get(i).id());
            assertArrayEquals(payloads.get(i).bytes(), back.get(i).bytes());
            assertArrayEquals(payloads.get(i).sha256(), back.get(i).sha256());
        }
        assertEquals(List.of(), AntiEntropyCodec.decodeEvents(AntiEntropyCodec.encodeEvents(List.of())));
    }

    @Test
    void shouldRefuseATruncatedEventsAnswer() {
        List<EventLog.Payload> payloads = List.of(new EventLog.Payload(EventIds.next(), bytes("0123456789"), null));
        byte[] whole = AntiEntropyCodec.encodeEvents(payloads);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AntiEntropyCodec.decodeEvents(Arrays.copyOf(whole, whole.length - 3)));
        assertEquals(true, e.getMessage().contains("of 10 bytes"), e.getMessage());
    }

    @Test
    void shouldCarryDigestsAndStatusIntact() {
        BucketDigest d = BucketDigest.of(new EventLog.BucketDigest(489000, 3, -1L, 5L));
        assertEquals("ffffffffffffffff0000000000000005", d.xor());
        ReplicaStatus s = new ReplicaStatus(1, "a", "i-1", 3, 1764367000000L, List.of(d), 3, 0, false,
                new ReplicaStatus.SyncState(1764367001000L, 4, 0, 7, true, 1, 1, null), 2);
        assertEquals(s, AntiEntropyCodec.decode(AntiEntropyCodec.encode(s), ReplicaStatus.class));
        AntiEntropyCodec.Digests ds = new AntiEntropyCodec.Digests(1, "a", List.of(d));
        assertEquals(ds, AntiEntropyCodec.decode(AntiEntropyCodec.encode(ds), AntiEntropyCodec.Digests.class));
        UUID id = EventIds.next();
        AntiEntropyCodec.Ids ids = new AntiEntropyCodec.Ids(489000, List.of(id), List.of(
                new AntiEntropyCodec.Version(id, "00".repeat(32)), new AntiEntropyCodec.Version(id, "ff".repeat(32))));
        assertEquals(ids, AntiEntropyCodec.decode(AntiEntropyCodec.encode(ids), AntiEntropyCodec.Ids.class));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
