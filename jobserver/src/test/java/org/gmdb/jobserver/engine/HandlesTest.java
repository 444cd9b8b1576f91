package org.gmdb.jobserver.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;
import org.junit.jupiter.api.Test;

class HandlesTest {

    private final Handles handles = new Handles("H:host");

    @Test
    void shouldWriteThePrefixAColonAndTheDecimalNumber() {
        for (long n : new long[] {1, 9, 10, 99, 100, 1_000_000, 123_456_789_012L, Long.MAX_VALUE}) {
            assertEquals("H:host:" + n, handles.text(n));
        }
    }

    @Test
    void shouldReadBackEveryNumberItWrites() {
        for (long n : new long[] {1, 7, 10, 4730, 999_999_999_999L, Long.MAX_VALUE}) {
            assertEquals(n, handles.parse(handles.bytes(n)));
        }
    }

    @Test
    void shouldNotFindHandlesItCouldNotHaveMade() {
        for (String handle : new String[] {"H:host:", "H:host:007", "H:host:-1", "H:other:1", "H:host:1x",
                "H:host:99999999999999999999"}) {
            assertEquals(-1, handles.parse(handle.getBytes(StandardCharsets.ISO_8859_1)), handle);
        }
    }

    @Test
    void shouldWriteIntoAnArrayAsManyBytesAsItSays() {
        byte[] scratch = new byte[63];
        for (long n : new long[] {1, 42, 1_000_000_007L, Long.MAX_VALUE}) {
            int length = handles.write(n, scratch);
            assertEquals(handles.length(n), length);
            assertEquals("H:host:" + n, new String(scratch, 0, length, StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void shouldStandForTheSamePacketAsAHandleReply() {
        HandleReply reply = new HandleReply(PacketType.JOB_CREATED, handles, 4730);
        assertEquals(Packet.response(PacketType.JOB_CREATED, "H:host:4730"), reply.toPacket());
        assertEquals(reply.toPacket().payloadLength(), reply.payloadLength());
    }
}
