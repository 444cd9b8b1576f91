package org.gmdb.gearman.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.gmdb.gearman.protocol.ErrorCode;
import org.gmdb.gearman.protocol.GearmanConstants;
import org.gmdb.gearman.protocol.Magic;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;
import org.gmdb.gearman.protocol.TextLine;

/**
 * Decodes Gearman binary packets and, on a server, admin text lines from one stream.
 *
 * <p>Each message is classified by its first byte, as gearmand does: {@code 0x00} opens a
 * binary packet, anything else a text line ending at {@code \n}. The header is checked
 * (magic, type, size against the limit) before any of the body is waited for, so a peer
 * cannot make us buffer more than {@code maxPayload}. Both magics are passed on: a server
 * answers a {@code \0RES} request with INVALID_MAGIC and keeps the connection. A result
 * packet holding its handle alone, with no NUL, is read as that handle with empty data
 * ({@link PacketType#acceptsHandleAlone()}); any other packet short of NULs is an error.
 *
 * <p>Caveat: after a {@link GearmanCodecException} the stream is out of step; the decoder
 * discards everything that follows, and the handler is expected to close.
 */
public class GearmanDecoder extends ByteToMessageDecoder {

    private enum State { START, BODY, BROKEN }

    /** Shared by every empty field (an empty unique is common): packets never change their fields. */
    private static final byte[] EMPTY = new byte[0];

    private final boolean acceptText;
    private final int maxPayload;
    private final int maxField;

    private State state = State.START;
    private Magic magic;
    private PacketType type;
    private int payloadLength;

    /**
     * @param acceptText whether text lines are admin requests (server) or an error (client)
     * @param maxPayload largest payload accepted, in bytes
     * @param maxField   largest NUL-terminated field accepted (the last field is bounded by maxPayload only)
     */
    public GearmanDecoder(boolean acceptText, int maxPayload, int maxField) {
        this.acceptText = acceptText;
        this.maxPayload = maxPayload;
        this.maxField = maxField;
    }

    /** A server-side decoder with the default limits. */
    public static GearmanDecoder forServer() {
        return new GearmanDecoder(true, GearmanConstants.DEFAULT_MAX_PAYLOAD, GearmanConstants.DEFAULT_MAX_FIELD);
    }

    /** A client- or worker-side decoder: binary only, with a payload limit of its own. */
    public static GearmanDecoder forClient(int maxPayload) {
        return new GearmanDecoder(false, maxPayload, maxPayload);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            switch (state) {
                case BROKEN -> {
                    in.skipBytes(in.readableBytes());
                    return;
                }
                case START -> {
                    if (!in.isReadable()) {
                        return;
                    }
                    if (in.getByte(in.readerIndex()) != 0) {
                        if (!decodeTextLine(in, out)) {
                            return;
                        }
                    } else if (!decodeHeader(in)) {
                        return;
                    }
                }
                case BODY -> {
                    if (in.readableBytes() < payloadLength) {
                        return;
                    }
                    out.add(decodeBody(in));
                    state = State.START;
                }
            }
        }
    }

    // \0REQ <type:4> <size:4> <here: the payload>
    private boolean decodeHeader(ByteBuf in) {
        if (in.readableBytes() < GearmanConstants.HEADER_LENGTH) {
            return false;
        }
        int magicWord = in.readInt();
        long typeCode = in.readUnsignedInt();
        long size = in.readUnsignedInt();
        magic = Magic.of(magicWord);
        if (magic == null) {
            throw broken(ErrorCode.INVALID_MAGIC, String.format("bad magic 0x%08x (expected: 0x%08x or 0x%08x)",
                    magicWord, Magic.REQ.value(), Magic.RES.value()));
        }
        type = PacketType.ofCode(typeCode);
        if (type == null) {
            throw broken(ErrorCode.INVALID_COMMAND, "unknown packet type " + typeCode + " (expected: 1 to 42)");
        }
        if (size > maxPayload) {
            throw broken(ErrorCode.INVALID_PACKET, "size " + size + " of " + type + " (expected: <= " + maxPayload + ")");
        }
        payloadLength = (int) size;
        state = State.BODY;
        return true;
    }

    private Packet decodeBody(ByteBuf in) {
        int end = in.readerIndex() + payloadLength;
        int fieldCount = type.fields();
        byte[][] fields = new byte[fieldCount][];
        for (int i = 0; i < fieldCount - 1; i++) {
            int nul = in.indexOf(in.readerIndex(), end, (byte) 0);
            if (nul < 0 && i == 0 && type.acceptsHandleAlone()) {
                // WORK_COMPLETE <here: H:x:1, no NUL, no data>: the handle, and the data empty
                nul = end;
            }
            if (nul < 0) {
                throw broken(ErrorCode.INVALID_PACKET, type + " has " + i + " NUL-terminated fields (expected: "
                        + (fieldCount - 1) + ")");
            }
            int length = nul - in.readerIndex();
            if (length > maxField) {
                throw broken(ErrorCode.INVALID_PACKET, "field " + i + " of " + type + " has " + length
                        + " bytes (expected: <= " + maxField + ")");
            }
            fields[i] = length == 0 ? EMPTY : new byte[length];
            in.readBytes(fields[i]);
            in.skipBytes(nul < end ? 1 : 0);
        }
        if (fieldCount > 0) {
            int lastLength = end - in.readerIndex();
            fields[fieldCount - 1] = lastLength == 0 ? EMPTY : new byte[lastLength];
            in.readBytes(fields[fieldCount - 1]);
        } else {
            in.skipBytes(end - in.readerIndex()); // zero-field packets that carry bytes anyway: ignored
        }
        return new Packet(magic, type, fields);
    }

    private boolean decodeTextLine(ByteBuf in, List<Object> out) {
        if (!acceptText) {
            throw broken(ErrorCode.INVALID_MAGIC, String.format("expected a binary packet, got byte 0x%02x",
                    in.getByte(in.readerIndex())));
        }
        int searchEnd = in.readerIndex() + Math.min(in.readableBytes(), GearmanConstants.MAX_TEXT_LINE);
        int newline = in.indexOf(in.readerIndex(), searchEnd, (byte) '\n');
        if (newline < 0) {
            if (in.readableBytes() >= GearmanConstants.MAX_TEXT_LINE) {
                throw broken(ErrorCode.INVALID_PACKET, "text line longer than " + GearmanConstants.MAX_TEXT_LINE
                        + " bytes");
            }
            return false;
        }
        int length = newline - in.readerIndex();
        // "status\r\n": the CR before the LF is not part of the command
        int textLength = length > 0 && in.getByte(newline - 1) == '\r' ? length - 1 : length;
        String text = in.toString(in.readerIndex(), textLength, StandardCharsets.ISO_8859_1);
        in.skipBytes(length + 1);
        out.add(new TextLine(text));
        return true;
    }

    private GearmanCodecException broken(ErrorCode code, String message) {
        state = State.BROKEN;
        return new GearmanCodecException(code, message);
    }
}
