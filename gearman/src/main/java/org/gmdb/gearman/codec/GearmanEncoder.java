package org.gmdb.gearman.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.gmdb.gearman.protocol.GearmanConstants;
import org.gmdb.gearman.protocol.Magic;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;
import org.gmdb.gearman.protocol.TextLine;

/**
 * Encodes {@link Packet}s and admin {@link TextLine}s. A packet is copied whole into one
 * buffer from the channel's allocator (direct, pooled): the socket needs its bytes outside
 * the Java heap anyway, and wrapping a large field instead cost Netty's epoll transport a
 * merge into a new heap buffer and a second copy.
 */
@ChannelHandler.Sharable
public class GearmanEncoder extends MessageToMessageEncoder<Object> {

    /** Packets shorter than this may share a buffer with others of the same flush. */
    private static final int SHARED_BUFFER_LIMIT = 4096;

    public static final GearmanEncoder INSTANCE = new GearmanEncoder();

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof Packet || msg instanceof TextLine;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        if (msg instanceof TextLine line) {
            out.add(Unpooled.wrappedBuffer(line.text().getBytes(StandardCharsets.ISO_8859_1)));
            return;
        }
        Packet packet = (Packet) msg;
        ByteBuf buf = ctx.alloc().buffer(GearmanConstants.HEADER_LENGTH + packet.payloadLength());
        encodeInto(buf, packet);
        out.add(buf);
    }

    /** Whether a packet is small enough to be appended to a buffer shared with other packets. */
    public static boolean sharesBuffer(Packet packet) {
        return packet.payloadLength() < SHARED_BUFFER_LIMIT;
    }

    /** Appends one packet, header and payload, to {@code out}. */
    public static void encodeInto(ByteBuf out, Packet packet) {
        writeHeader(out, packet.magic(), packet.type(), packet.payloadLength());
        for (int i = 0; i < packet.fieldCount(); i++) {
            if (i > 0) {
                out.writeByte(0);
            }
            out.writeBytes(packet.field(i));
        }
    }

    /** Encodes one packet into a new heap buffer: for tests and raw-socket tools. */
    public static byte[] toBytes(Packet packet) {
        ByteBuf buf = Unpooled.buffer(GearmanConstants.HEADER_LENGTH + packet.payloadLength());
        encodeInto(buf, packet);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }

    /** Appends the 12-byte header of a packet whose payload the caller writes next. */
    public static void writeHeader(ByteBuf out, Magic magic, PacketType type, int payloadLength) {
        out.writeInt(magic.value()).writeInt(type.code()).writeInt(payloadLength);
    }
}
