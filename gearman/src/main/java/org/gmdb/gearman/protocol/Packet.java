package org.gmdb.gearman.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One binary Gearman packet: magic, type and its fields as exact bytes.
 *
 * <p>Names, uniques and handles are compared byte for byte on the wire, so fields stay
 * {@code byte[]}; {@link #text(int)} reads one as ISO-8859-1, which maps every byte to one
 * char and back. The arrays are not copied: treat them as immutable.
 */
public final class Packet {

    private static final byte[][] NO_FIELDS = new byte[0][];

    private final Magic magic;
    private final PacketType type;
    private final byte[][] fields;

    public Packet(Magic magic, PacketType type, byte[]... fields) {
        this.magic = Objects.requireNonNull(magic, "magic");
        this.type = Objects.requireNonNull(type, "type");
        byte[][] given = fields == null ? NO_FIELDS : fields;
        if (given.length != type.fields()) {
            throw new IllegalArgumentException(type + " takes " + type.fields() + " fields, got " + given.length);
        }
        for (int i = 0; i < given.length; i++) {
            if (given[i] == null) {
                throw new IllegalArgumentException(type + " field " + i + " is null");
            }
        }
        this.fields = given;
    }

    /** A packet toward a server with no fields (GRAB_JOB, PRE_SLEEP, ...). */
    public static Packet request(PacketType type) {
        return new Packet(Magic.REQ, type, NO_FIELDS);
    }

    /** A packet from a server with no fields (NOOP, NO_JOB). */
    public static Packet response(PacketType type) {
        return new Packet(Magic.RES, type, NO_FIELDS);
    }

    /** A packet toward a server. */
    public static Packet request(PacketType type, byte[]... fields) {
        return new Packet(Magic.REQ, type, fields);
    }

    /** A packet from a server. */
    public static Packet response(PacketType type, byte[]... fields) {
        return new Packet(Magic.RES, type, fields);
    }

    /** A request whose fields are given as text (ISO-8859-1, one byte per char). */
    public static Packet request(PacketType type, String... fields) {
        return new Packet(Magic.REQ, type, bytesOf(fields));
    }

    /** A response whose fields are given as text (ISO-8859-1, one byte per char). */
    public static Packet response(PacketType type, String... fields) {
        return new Packet(Magic.RES, type, bytesOf(fields));
    }

    /** An ERROR response with gearmand's text for the code. */
    public static Packet error(ErrorCode code) {
        return error(code, code.defaultText());
    }

    public static Packet error(ErrorCode code, String text) {
        return response(PacketType.ERROR, code.name(), text);
    }

    public Magic magic() {
        return magic;
    }

    public PacketType type() {
        return type;
    }

    public int fieldCount() {
        return fields.length;
    }

    /** Field {@code i}, the array itself (not a copy). */
    public byte[] field(int i) {
        return fields[i];
    }

    /** Field {@code i} as ISO-8859-1 text. */
    public String text(int i) {
        return new String(fields[i], StandardCharsets.ISO_8859_1);
    }

    /** Payload length on the wire: the fields plus one NUL after each but the last. */
    public int payloadLength() {
        int length = Math.max(0, fields.length - 1);
        for (byte[] field : fields) {
            length += field.length;
        }
        return length;
    }

    /** Bytes of text, one byte per char (ISO-8859-1). */
    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[][] bytesOf(String[] texts) {
        if (texts == null) {
            return NO_FIELDS;
        }
        byte[][] out = new byte[texts.length][];
        for (int i = 0; i < texts.length; i++) {
            out[i] = bytes(texts[i]);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Packet other && magic == other.magic && type == other.type
                && Arrays.deepEquals(fields, other.fields);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * magic.hashCode() + type.hashCode()) + Arrays.deepHashCode(fields);
    }

    /** Shows each field as text, cut at 64 bytes, with control bytes escaped. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(type.name()).append(magic == Magic.RES ? "<" : ">").append('[');
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            byte[] field = fields[i];
            int shown = Math.min(field.length, 64);
            for (int j = 0; j < shown; j++) {
                int b = field[j] & 0xff;
                if (b >= 0x20 && b < 0x7f) {
                    sb.append((char) b);
                } else {
                    sb.append(String.format("\\x%02x", b));
                }
            }
            if (shown < field.length) {
                sb.append("...(").append(field.length).append(" bytes)");
            }
        }
        return sb.append(']').toString();
    }
}
