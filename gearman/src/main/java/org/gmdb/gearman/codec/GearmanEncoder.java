package org.gmdb.gearman.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.gmdb.gearman.protocol.GearmanConstants;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.TextLine;

/**
 * Encodes {@link Packet}s and admin {@link TextLine}s. A large last field (job data) is
 * wrapped, not copied, behind a pooled header buffer.
 */
@ChannelHandler.Sharable
public class GearmanEncoder extends MessageToMessageEncoder<Object> {

    /** Last fields at least this long are wrapped rather than copied. */
    private static final int WRAP_THRESHOLD = 4096;

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
        int count = packet.fieldCount();
        byte[] last = count > 0 ? packet.field(count - 1) : null;
        boolean wrapLast = last != null && last.length >= WRAP_THRESHOLD;
        int headLength = GearmanConstants.HEADER_LENGTH + packet.payloadLength() - (wrapLast ? last.length : 0);
        ByteBuf head = ctx.alloc().buffer(headLength);
        writeHeader(head, packet);
        for (int i = 0; i < count - 1; i++) {
            head.writeBytes(packet.field(i)).writeByte(0);
        }
        if (last == null) {
            out.add(head);
        } else if (wrapLast) {
            out.add(Unpooled.wrappedUnmodifiableBuffer(head, Unpooled.wrappedBuffer(last)));
        } else {
            out.add(head.writeBytes(last));
        }
    }

    /** Whether a packet is small enough to be copied into a shared outgoing buffer rather than wrapped. */
    public static boolean copiesWhole(Packet packet) {
        return packet.payloadLength() < WRAP_THRESHOLD;
    }

    /** Appends one packet, header and payload, to {@code out}. */
    public static void encodeInto(ByteBuf out, Packet packet) {
        writeHeader(out, packet);
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

    private static void writeHeader(ByteBuf buf, Packet packet) {
        buf.writeInt(packet.magic().value()).writeInt(packet.type().code()).writeInt(packet.payloadLength());
    }
}
