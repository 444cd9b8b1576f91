package org.gmdb.gearman.codec;

import static org.gmdb.gearman.codec.CodecTestSupport.bytes;
import static org.gmdb.gearman.codec.CodecTestSupport.concat;
import static org.gmdb.gearman.codec.CodecTestSupport.feed;
import static org.gmdb.gearman.codec.CodecTestSupport.header;
import static org.gmdb.gearman.codec.CodecTestSupport.inbound;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.List;
import org.gmdb.gearman.protocol.ErrorCode;
import org.gmdb.gearman.protocol.GearmanConstants;
import org.gmdb.gearman.protocol.Magic;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;
import org.gmdb.gearman.protocol.TextLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GearmanDecoderTest {

    // The PROTOCOL document's own example: a client submits "reverse" with an empty unique.
    // 00 52 45 51             \0REQ
    // 00 00 00 07             7 (SUBMIT_JOB)
    // 00 00 00 0d             13 (payload size)
    // 72 65 76 65 72 73 65 00 reverse\0
    // 00                      \0 (empty unique)
    // 74 65 73 74             test
    static final byte[] SUBMIT_JOB_REVERSE = bytes(
            new int[] {0x00, 0x52, 0x45, 0x51, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x0d},
            "reverse\0\0test");

    // The server's answer in the same example.
    // 00 52 45 53             \0RES
    // 00 00 00 08             8 (JOB_CREATED)
    // 00 00 00 07             7 (payload size)
    // 48 3a 6c 61 70 3a 31    H:lap:1
    static final byte[] JOB_CREATED_H_LAP_1 = bytes(
            new int[] {0x00, 0x52, 0x45, 0x53, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x07},
            "H:lap:1");

    // JOB_ASSIGN_UNIQ (31) carrying data that holds NUL bytes: only the last field may.
    // \0RES 0000001f 00000010 "H:x:1\0fn\0u1\0a\0b\0"
    static final byte[] JOB_ASSIGN_UNIQ_WITH_NULS_IN_DATA = bytes(
            new int[] {0x00, 0x52, 0x45, 0x53, 0x00, 0x00, 0x00, 0x1f, 0x00, 0x00, 0x00, 0x10},
            "H:x:1\0fn\0u1\0a\0b\0");

    // NOOP (6) with an empty payload: the whole packet is its header.
    static final byte[] NOOP = bytes(new int[] {0x00, 0x52, 0x45, 0x53, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00});

    private EmbeddedChannel channel;

    private EmbeddedChannel server() {
        channel = new EmbeddedChannel(GearmanDecoder.forServer());
        return channel;
    }

    private EmbeddedChannel client() {
        channel = new EmbeddedChannel(GearmanDecoder.forClient(GearmanConstants.DEFAULT_MAX_PAYLOAD));
        return channel;
    }

    @AfterEach
    void releaseEverything() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private static Packet submitReverse() {
        return Packet.request(PacketType.SUBMIT_JOB, "reverse", "", "test");
    }

    @Test
    void shouldDecodeSpecSubmitJobInOneBuffer() {
        server().writeInbound(Unpooled.wrappedBuffer(SUBMIT_JOB_REVERSE));

        assertEquals(List.of(submitReverse()), inbound(channel));
    }

    @Test
    void shouldDecodeSubmitJobFedByteByByte() {
        feed(server(), SUBMIT_JOB_REVERSE, 1);

        assertEquals(List.of(submitReverse()), inbound(channel));
    }

    @Test
    void shouldDecodeSubmitJobFedInFiveByteSlices() {
        feed(server(), SUBMIT_JOB_REVERSE, 5);

        assertEquals(List.of(submitReverse()), inbound(channel));
    }

    @Test
    void shouldDecodeTwoPacketsFromOneBuffer() {
        client().writeInbound(Unpooled.wrappedBuffer(concat(JOB_CREATED_H_LAP_1, NOOP)));

        assertEquals(List.of(Packet.response(PacketType.JOB_CREATED, "H:lap:1"), Packet.response(PacketType.NOOP)),
                inbound(channel));
    }

    @Test
    void shouldDecodeTwoPacketsSplitAcrossFiveByteSlices() {
        feed(client(), concat(JOB_ASSIGN_UNIQ_WITH_NULS_IN_DATA, JOB_CREATED_H_LAP_1), 5);

        List<Object> packets = inbound(channel);
        assertEquals(2, packets.size());
        assertEquals(Packet.response(PacketType.JOB_CREATED, "H:lap:1"), packets.get(1));
    }

    @Test
    void shouldKeepNulBytesInTheLastField() {
        client().writeInbound(Unpooled.wrappedBuffer(JOB_ASSIGN_UNIQ_WITH_NULS_IN_DATA));

        Packet packet = (Packet) channel.readInbound();
        assertEquals(PacketType.JOB_ASSIGN_UNIQ, packet.type());
        assertEquals("H:x:1", packet.text(0));
        assertEquals("fn", packet.text(1));
        assertEquals("u1", packet.text(2));
        assertArrayEquals(bytes("a\0b\0"), packet.field(3));
    }

    @Test
    void shouldAcceptEmptyUniqueAndEmptyData() {
        // SUBMIT_JOB "fn\0\0": empty unique, empty data (legal)
        server().writeInbound(Unpooled.wrappedBuffer(concat(header(Magic.REQ.value(), 7, 4), bytes("fn\0\0"))));

        assertEquals(List.of(Packet.request(PacketType.SUBMIT_JOB, "fn", "", "")), inbound(channel));
    }

    @Test
    void shouldKeepATrailingNulOfASingleFieldPacketInTheField() {
        // CAN_DO "fn\0" registers the 3-byte name "fn\0", as gearmand does
        server().writeInbound(Unpooled.wrappedBuffer(concat(header(Magic.REQ.value(), 1, 3), bytes("fn\0"))));

        Packet packet = (Packet) channel.readInbound();
        assertArrayEquals(bytes("fn\0"), packet.field(0));
    }

    @Test
    void shouldIgnoreBytesCarriedByAZeroFieldPacket() {
        // PRE_SLEEP (4) with 3 stray bytes, then a NOOP-sized GRAB_JOB (9)
        byte[] input = concat(header(Magic.REQ.value(), 4, 3), bytes("xyz"), header(Magic.REQ.value(), 9, 0));

        feed(server(), input, 5);

        assertEquals(List.of(Packet.request(PacketType.PRE_SLEEP), Packet.request(PacketType.GRAB_JOB)), inbound(channel));
    }

    @Test
    void shouldPassResponseMagicThroughSoTheServerCanAnswerInvalidMagic() {
        // ECHO_REQ (16) "hi" sent with \0RES: gearmand answers ERROR INVALID_MAGIC and keeps the connection
        server().writeInbound(Unpooled.wrappedBuffer(concat(header(Magic.RES.value(), 16, 2), bytes("hi"))));

        Packet packet = (Packet) channel.readInbound();
        assertEquals(Magic.RES, packet.magic());
        assertEquals(PacketType.ECHO_REQ, packet.type());
        assertEquals("hi", packet.text(0));
    }

    @Test
    void shouldWaitForTheRestOfAPartialPacket() {
        // header announcing 100 bytes, then only 3 of them
        byte[] full = concat(header(Magic.REQ.value(), 16, 100), new byte[100]);
        server().writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(full, 0, 15)));
        assertEquals(List.of(), inbound(channel));

        channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(full, 15, full.length)));

        Packet packet = (Packet) channel.readInbound();
        assertEquals(100, packet.field(0).length);
    }

    @Test
    void shouldRejectCorruptMagicAndDiscardWhatFollows() {
        // \0REX: neither \0REQ nor \0RES
        byte[] corrupt = concat(header(0x00524558, 16, 0), SUBMIT_JOB_REVERSE);

        GearmanCodecException e = assertThrows(GearmanCodecException.class,
                () -> server().writeInbound(Unpooled.wrappedBuffer(corrupt)));

        assertEquals(ErrorCode.INVALID_MAGIC, e.code());
        assertTrue(e.getMessage().contains("0x00524558"), e.getMessage());
        channel.writeInbound(Unpooled.wrappedBuffer(SUBMIT_JOB_REVERSE));
        assertEquals(List.of(), inbound(channel));
    }

    @Test
    void shouldRejectPacketTypeZero() {
        GearmanCodecException e = assertThrows(GearmanCodecException.class,
                () -> server().writeInbound(Unpooled.wrappedBuffer(header(Magic.REQ.value(), 0, 0))));

        assertEquals(ErrorCode.INVALID_COMMAND, e.code());
        assertTrue(e.getMessage().contains("unknown packet type 0"), e.getMessage());
    }

    @Test
    void shouldRejectPacketType43() {
        GearmanCodecException e = assertThrows(GearmanCodecException.class,
                () -> server().writeInbound(Unpooled.wrappedBuffer(header(Magic.REQ.value(), 43, 0))));

        assertEquals(ErrorCode.INVALID_COMMAND, e.code());
        assertTrue(e.getMessage().contains("43"), e.getMessage());
    }

    @Test
    void shouldRejectASizeOverTheLimitBeforeTheBodyArrives() {
        channel = new EmbeddedChannel(new GearmanDecoder(true, 100, 100));

        // only the 12-byte header: the decoder must not wait for 101 bytes to refuse them
        GearmanCodecException e = assertThrows(GearmanCodecException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(header(Magic.REQ.value(), 16, 101))));

        assertEquals(ErrorCode.INVALID_PACKET, e.code());
        assertTrue(e.getMessage().contains("size 101 of ECHO_REQ (expected: <= 100)"), e.getMessage());
    }

    @Test
    void shouldRejectTheLargestUnsignedSize() {
        // size 0xffffffff must not turn negative on the way
        GearmanCodecException e = assertThrows(GearmanCodecException.class,
                () -> server().writeInbound(Unpooled.wrappedBuffer(header(Magic.REQ.value(), 16, 0xffffffff))));

        assertTrue(e.getMessage().contains("size 4294967295"), e.getMessage());
    }

    @Test
    void shouldAcceptASizeExactlyAtTheLimit() {
        channel = new EmbeddedChannel(new GearmanDecoder(true, 100, 100));

        channel.writeInbound(Unpooled.wrappedBuffer(concat(header(Magic.REQ.value(), 16, 100), new byte[100])));

        assertEquals(1, inbound(channel).size());
    }

    @Test
    void shouldRejectADataPacketWithoutItsNuls() {
        // SUBMIT_JOB "abc": no NUL at all, where two are needed; gearmand reads past the packet, we refuse
        byte[] input = concat(header(Magic.REQ.value(), 7, 3), bytes("abc"), SUBMIT_JOB_REVERSE);

        GearmanCodecException e = assertThrows(GearmanCodecException.class,
                () -> server().writeInbound(Unpooled.wrappedBuffer(input)));

        assertEquals(ErrorCode.INVALID_PACKET, e.code());
        assertTrue(e.getMessage().contains("SUBMIT_JOB has 0 NUL-terminated fields (expected: 2)"), e.getMessage());
    }

    @Test
    void shouldRejectADataPacketWithOneNulTooFew() {
        // SUBMIT_JOB "fn\0data": the unique's NUL is missing; the NUL of the next packet must not count
        byte[] input = concat(header(Magic.REQ.value(), 7, 7), bytes("fn\0data"), SUBMIT_JOB_REVERSE);

        GearmanCodecException e = assertThrows(GearmanCodecException.class,
                () -> server().writeInbound(Unpooled.wrappedBuffer(input)));

        assertTrue(e.getMessage().contains("has 1 NUL-terminated fields (expected: 2)"), e.getMessage());
    }

    // What Perl's Gearman::Worker 2.004 sends for a result of "" or "0": the handle, no NUL, no data.
    // 00 52 45 51             \0REQ
    // 00 00 00 0d             13 (WORK_COMPLETE)
    // 00 00 00 07             7 (payload size)
    // 48 3a 6c 61 70 3a 31    H:lap:1
    static final byte[] WORK_COMPLETE_HANDLE_ALONE = bytes(
            new int[] {0x00, 0x52, 0x45, 0x51, 0x00, 0x00, 0x00, 0x0d, 0x00, 0x00, 0x00, 0x07},
            "H:lap:1");

    @Test
    void shouldReadAWorkCompleteWithTheHandleAloneAsEmptyData() {
        feed(server(), concat(WORK_COMPLETE_HANDLE_ALONE, SUBMIT_JOB_REVERSE), 5);

        assertEquals(List.of(Packet.request(PacketType.WORK_COMPLETE, "H:lap:1", ""), submitReverse()),
                inbound(channel));
    }

    @Test
    void shouldReadEveryResultPacketWithTheHandleAloneAsEmptyData() {
        for (PacketType type : List.of(PacketType.WORK_DATA, PacketType.WORK_WARNING, PacketType.WORK_EXCEPTION)) {
            EmbeddedChannel decoder = new EmbeddedChannel(GearmanDecoder.forServer());
            try {
                decoder.writeInbound(Unpooled.wrappedBuffer(concat(header(Magic.REQ.value(), type.code(), 5),
                        bytes("H:x:9"))));

                assertEquals(List.of(Packet.request(type, "H:x:9", "")), inbound(decoder), type.toString());
            } finally {
                decoder.finishAndReleaseAll();
            }
        }
    }

    @Test
    void shouldStillRejectAWorkStatusWithTheHandleAlone() {
        // WORK_STATUS has three fields: a handle alone says nothing of the numerator and denominator
        byte[] input = concat(header(Magic.REQ.value(), 12, 5), bytes("H:x:9"));

        GearmanCodecException e = assertThrows(GearmanCodecException.class,
                () -> server().writeInbound(Unpooled.wrappedBuffer(input)));

        assertTrue(e.getMessage().contains("WORK_STATUS has 0 NUL-terminated fields (expected: 2)"), e.getMessage());
    }

    @Test
    void shouldRejectAHandleAloneOverTheFieldLimit() {
        channel = new EmbeddedChannel(new GearmanDecoder(true, 1000, 8));
        byte[] payload = bytes("H:handle-too-long");

        GearmanCodecException e = assertThrows(GearmanCodecException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(
                        concat(header(Magic.REQ.value(), 13, payload.length), payload))));

        assertTrue(e.getMessage().contains("field 0 of WORK_COMPLETE has 17 bytes (expected: <= 8)"), e.getMessage());
    }

    @Test
    void shouldRejectANulTerminatedFieldOverItsLimit() {
        channel = new EmbeddedChannel(new GearmanDecoder(true, 1000, 8));
        byte[] payload = bytes("function-name\0\0data");

        GearmanCodecException e = assertThrows(GearmanCodecException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(
                        concat(header(Magic.REQ.value(), 7, payload.length), payload))));

        assertTrue(e.getMessage().contains("field 0 of SUBMIT_JOB has 13 bytes (expected: <= 8)"), e.getMessage());
    }

    @Test
    void shouldDecodeATextLineEndingInCrLf() {
        server().writeInbound(Unpooled.wrappedBuffer(bytes("STATUS\r\n")));

        assertEquals(List.of(new TextLine("STATUS")), inbound(channel));
    }

    @Test
    void shouldDecodePipelinedTextLinesInOrder() {
        server().writeInbound(Unpooled.wrappedBuffer(bytes("version\nstatus\r\ngetpid\n")));

        assertEquals(List.of(new TextLine("version"), new TextLine("status"), new TextLine("getpid")), inbound(channel));
    }

    @Test
    void shouldDecodeATextLineFedByteByByte() {
        feed(server(), bytes("show jobs\r\n"), 1);

        assertEquals(List.of(new TextLine("show jobs")), inbound(channel));
    }

    @Test
    void shouldDecodeAnEmptyTextLine() {
        server().writeInbound(Unpooled.wrappedBuffer(bytes("\n")));

        assertEquals(List.of(new TextLine("")), inbound(channel));
    }

    @Test
    void shouldDecodeBinaryAndTextMixedOnOneConnection() {
        byte[] echo = concat(header(Magic.REQ.value(), 16, 5), bytes("hello"));

        feed(server(), concat(echo, bytes("status\n"), echo), 5);

        assertEquals(List.of(Packet.request(PacketType.ECHO_REQ, "hello"), new TextLine("status"),
                Packet.request(PacketType.ECHO_REQ, "hello")), inbound(channel));
    }

    @Test
    void shouldAcceptATextLineOfExactlyTheLimit() {
        byte[] line = new byte[GearmanConstants.MAX_TEXT_LINE];
        Arrays.fill(line, (byte) 'a');
        line[line.length - 1] = '\n';

        server().writeInbound(Unpooled.wrappedBuffer(line));

        assertEquals(GearmanConstants.MAX_TEXT_LINE - 1, ((TextLine) channel.readInbound()).text().length());
    }

    @Test
    void shouldRejectATextLineLongerThanTheLimit() {
        byte[] line = new byte[GearmanConstants.MAX_TEXT_LINE + 1];
        Arrays.fill(line, (byte) 'a');

        GearmanCodecException e = assertThrows(GearmanCodecException.class, () -> feed(server(), line, 1000));

        assertEquals(ErrorCode.INVALID_PACKET, e.code());
        assertTrue(e.getMessage().contains("longer than 8192 bytes"), e.getMessage());
    }

    @Test
    void shouldRejectTextOnAClientConnection() {
        GearmanCodecException e = assertThrows(GearmanCodecException.class,
                () -> client().writeInbound(Unpooled.wrappedBuffer(bytes("OK\r\n"))));

        assertTrue(e.getMessage().contains("got byte 0x4f"), e.getMessage());
    }
}
