package org.gmdb.jobserver.compat.support;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.CRC32;
import org.gmdb.gearman.protocol.Packet;

/** Readable, exact renderings of packets and text for transcripts and failure messages. */
public final class Render {

    /** Fields longer than this are shown as a length and a checksum. */
    private static final int SHOWN_BYTES = 96;

    private Render() {
    }

    /** {@code TYPE[field|field]}, bytes outside printable ASCII as \xNN, so a trailing NUL stays visible. */
    public static String packet(Packet packet) {
        StringBuilder out = new StringBuilder(packet.type().name()).append('[');
        for (int i = 0; i < packet.fieldCount(); i++) {
            if (i > 0) {
                out.append('|');
            }
            out.append(bytes(packet.field(i)));
        }
        return out.append(']').toString();
    }

    public static String bytes(byte[] bytes) {
        if (bytes.length > SHOWN_BYTES) {
            CRC32 crc = new CRC32();
            crc.update(bytes);
            return "<" + bytes.length + " bytes, crc32 " + Long.toHexString(crc.getValue()) + ">";
        }
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c == '\\' || c == '|') {
                out.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append((char) c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append(String.format("\\x%02x", c));
            }
        }
        return out.toString();
    }

    public static String text(String text) {
        return bytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(bytes.length, 256))
                + (bytes.length > 256 ? " ...(" + bytes.length + " bytes)" : "");
    }
}
