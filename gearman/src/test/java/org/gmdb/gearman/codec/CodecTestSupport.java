package org.gmdb.gearman.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Byte helpers shared by the codec tests: spec bytes written as readable strings, feeding in slices. */
final class CodecTestSupport {

    private CodecTestSupport() {
    }

    /** Concatenates parts: a String is ISO-8859-1 text (use \0 for NUL), an int[] is raw byte values. */
    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String text) {
                out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
            } else if (part instanceof int[] values) {
                for (int value : values) {
                    out.write(value);
                }
            } else if (part instanceof byte[] raw) {
                out.writeBytes(raw);
            } else {
                throw new IllegalArgumentException("unsupported part " + part);
            }
        }
        return out.toByteArray();
    }

    /** A 12-byte header: magic word, type and size, big-endian. */
    static byte[] header(int magic, int type, int size) {
        ByteBuf buf = Unpooled.buffer(12).writeInt(magic).writeInt(type).writeInt(size);
        byte[] out = new byte[12];
        buf.readBytes(out);
        return out;
    }

    static byte[] concat(byte[]... arrays) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] array : arrays) {
            out.writeBytes(array);
        }
        return out.toByteArray();
    }

    /** Writes {@code data} into the channel in slices of {@code sliceSize} bytes, each its own buffer. */
    static void feed(EmbeddedChannel channel, byte[] data, int sliceSize) {
        for (int from = 0; from < data.length; from += sliceSize) {
            int to = Math.min(data.length, from + sliceSize);
            channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(data, from, to)));
        }
    }

    /** Everything the channel passed inbound so far. */
    static List<Object> inbound(EmbeddedChannel channel) {
        List<Object> out = new ArrayList<>();
        for (Object msg = channel.readInbound(); msg != null; msg = channel.readInbound()) {
            out.add(msg);
        }
        return out;
    }

    /** Everything the channel wrote outbound, joined into one array (buffers released). */
    static byte[] outbound(EmbeddedChannel channel) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object msg = channel.readOutbound(); msg != null; msg = channel.readOutbound()) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                byte[] chunk = new byte[buf.readableBytes()];
                buf.readBytes(chunk);
                out.writeBytes(chunk);
            } finally {
                buf.release();
            }
        }
        return out.toByteArray();
    }
}
