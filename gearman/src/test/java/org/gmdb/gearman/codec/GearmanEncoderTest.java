package org.gmdb.gearman.codec;

import static org.gmdb.gearman.codec.CodecTestSupport.bytes;
import static org.gmdb.gearman.codec.CodecTestSupport.concat;
import static org.gmdb.gearman.codec.CodecTestSupport.feed;
import static org.gmdb.gearman.codec.CodecTestSupport.header;
import static org.gmdb.gearman.codec.CodecTestSupport.inbound;
import static org.gmdb.gearman.codec.CodecTestSupport.outbound;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.gmdb.gearman.protocol.ErrorCode;
import org.gmdb.gearman.protocol.Magic;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;
import org.gmdb.gearman.protocol.TextLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GearmanEncoderTest {

    private final List<EmbeddedChannel> channels = new ArrayList<>();

    private EmbeddedChannel encoder() {
        EmbeddedChannel channel = new EmbeddedChannel(GearmanEncoder.INSTANCE);
        channels.add(channel);
        return channel;
    }

    private EmbeddedChannel serverDecoder() {
        EmbeddedChannel channel = new EmbeddedChannel(GearmanDecoder.forServer());
        channels.add(channel);
        return channel;
    }

    @AfterEach
    void releaseEverything() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private byte[] encode(Object... messages) {
        EmbeddedChannel channel = encoder();
        for (Object message : messages) {
            channel.writeOutbound(message);
        }
        return outbound(channel);
    }

    /** A packet of the type with every field filled; the last field holds NULs when the type has fields. */
    private static Packet sample(PacketType type, Magic magic) {
        byte[][] fields = new byte[type.fields()][];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = i == fields.length - 1 ? bytes("last\0with\0nuls" + type.code()) : bytes("field" + i);
        }
        return new Packet(magic, type, fields);
    }

    @Test
    void shouldEncodeSubmitJobAsTheSpecBytes() {
        assertArrayEquals(GearmanDecoderTest.SUBMIT_JOB_REVERSE,
                encode(Packet.request(PacketType.SUBMIT_JOB, "reverse", "", "test")));
    }

    @Test
    void shouldEncodeJobCreatedAsTheSpecBytes() {
        assertArrayEquals(GearmanDecoderTest.JOB_CREATED_H_LAP_1,
                encode(Packet.response(PacketType.JOB_CREATED, "H:lap:1")));
    }

    @Test
    void shouldEncodeNoopAsAHeaderWithEmptyPayload() {
        assertArrayEquals(GearmanDecoderTest.NOOP, encode(Packet.response(PacketType.NOOP)));
    }

    @Test
    void shouldEncodeAnErrorWithGearmandsText() {
        // ERROR (19) "INVALID_MAGIC\0Request magic expected"
        byte[] payload = bytes("INVALID_MAGIC\0Request magic expected");

        assertArrayEquals(concat(header(Magic.RES.value(), 19, payload.length), payload),
                encode(Packet.error(ErrorCode.INVALID_MAGIC)));
    }

    @Test
    void shouldEncodeLargeDataTheSameAsSmallData() {
        // data at or above the wrap threshold goes out as a second buffer; the bytes must not change
        byte[] data = new byte[70_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        Packet packet = Packet.request(PacketType.SUBMIT_JOB, bytes("fn"), bytes("u"), data);

        byte[] encoded = encode(packet);

        assertArrayEquals(GearmanEncoder.toBytes(packet), encoded);
        assertArrayEquals(concat(header(Magic.REQ.value(), 7, 5 + data.length), bytes("fn\0u\0"), data), encoded);
    }

    @Test
    void shouldEncodeTextLinesVerbatim() {
        assertArrayEquals(bytes("OK 1.1.20\n.\n"), encode(new TextLine("OK 1.1.20\n"), new TextLine(".\n")));
    }

    @ParameterizedTest
    @EnumSource(PacketType.class)
    void shouldRoundTripEveryPacketTypeAsRequest(PacketType type) {
        Packet packet = sample(type, Magic.REQ);

        byte[] encoded = encode(packet);
        assertArrayEquals(GearmanEncoder.toBytes(packet), encoded);
        EmbeddedChannel decoder = serverDecoder();
        feed(decoder, encoded, 5);

        assertEquals(List.of(packet), inbound(decoder));
    }

    @ParameterizedTest
    @EnumSource(PacketType.class)
    void shouldRoundTripEveryPacketTypeAsResponseByteByByte(PacketType type) {
        Packet packet = sample(type, Magic.RES);
        EmbeddedChannel decoder = new EmbeddedChannel(GearmanDecoder.forClient(1 << 20));
        channels.add(decoder);

        feed(decoder, encode(packet), 1);

        assertEquals(List.of(packet), inbound(decoder));
    }

    @ParameterizedTest
    @EnumSource(PacketType.class)
    void shouldRoundTripEveryPacketTypeWithEmptyFields(PacketType type) {
        Packet packet = new Packet(Magic.REQ, type, emptyFields(type));
        EmbeddedChannel decoder = serverDecoder();

        feed(decoder, encode(packet, packet), 5);

        assertEquals(List.of(packet, packet), inbound(decoder));
    }

    private static byte[][] emptyFields(PacketType type) {
        byte[][] fields = new byte[type.fields()][];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = new byte[0];
        }
        return fields;
    }
}
