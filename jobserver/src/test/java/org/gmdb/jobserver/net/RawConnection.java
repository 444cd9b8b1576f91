package org.gmdb.jobserver.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.gmdb.gearman.codec.GearmanEncoder;
import org.gmdb.gearman.protocol.Magic;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;

/** A plain socket speaking raw bytes to the server, reading replies with short timeouts. */
public final class RawConnection implements AutoCloseable {

    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    public RawConnection(int port) throws IOException {
        this(port, 0);
    }

    /** With {@code bufferBytes > 0}, small socket buffers, so that the kernel absorbs little. */
    RawConnection(int port, int bufferBytes) throws IOException {
        socket = new Socket();
        if (bufferBytes > 0) {
            socket.setReceiveBufferSize(bufferBytes);
            socket.setSendBufferSize(bufferBytes);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(5000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024));
        out = socket.getOutputStream();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    public static Packet req(PacketType type, String... fields) {
        byte[][] f = new byte[fields.length][];
        for (int i = 0; i < fields.length; i++) {
            f[i] = bytes(fields[i]);
        }
        return new Packet(Magic.REQ, type, f);
    }

    static Packet res(PacketType type, String... fields) {
        byte[][] f = new byte[fields.length][];
        for (int i = 0; i < fields.length; i++) {
            f[i] = bytes(fields[i]);
        }
        return new Packet(Magic.RES, type, f);
    }

    public RawConnection send(PacketType type, String... fields) throws IOException {
        return write(GearmanEncoder.toBytes(req(type, fields)));
    }

    public RawConnection write(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
        return this;
    }

    public RawConnection text(String text) throws IOException {
        return write(bytes(text));
    }

    /** Reads one binary reply and splits it by its type's field count. */
    public Packet readPacket() throws IOException {
        int magic = in.readInt();
        int code = in.readInt();
        int length = in.readInt();
        byte[] payload = new byte[length];
        in.readFully(payload);
        assertEquals(Magic.RES.value(), magic, "response magic");
        PacketType type = PacketType.ofCode(code);
        byte[][] fields = new byte[type.fields()][];
        int start = 0;
        for (int i = 0; i < fields.length - 1; i++) {
            int nul = start;
            while (payload[nul] != 0) {
                nul++;
            }
            fields[i] = java.util.Arrays.copyOfRange(payload, start, nul);
            start = nul + 1;
        }
        if (fields.length > 0) {
            fields[fields.length - 1] = java.util.Arrays.copyOfRange(payload, start, payload.length);
        }
        return new Packet(Magic.RES, type, fields);
    }

    void expect(PacketType type, String... fields) throws IOException {
        assertEquals(res(type, fields), readPacket());
    }

    /** Reads exactly as many bytes as {@code expected} has and compares them as text. */
    void expectText(String expected) throws IOException {
        byte[] got = new byte[expected.length()];
        in.readFully(got);
        assertEquals(expected, new String(got, StandardCharsets.ISO_8859_1));
    }

    /** Reads lines up to and including the "." line. */
    public List<String> readList() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line.equals(".")) {
                return lines;
            }
            lines.add(line);
        }
    }

    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed after '" + line + "'");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Nothing arrives within the time. */
    void expectSilence(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            int b = in.read();
            fail(b < 0 ? "connection closed" : "unexpected byte " + b);
        } catch (SocketTimeoutException expected) {
            // quiet, as wanted
        } finally {
            socket.setSoTimeout(5000);
        }
    }

    /** The server closes the connection within the read timeout (5 s); returns what it sent before. */
    byte[] expectClosed() throws IOException {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) >= 0) {
                rest.write(b);
            }
        } catch (SocketTimeoutException stillOpen) {
            fail("the server kept the connection open for " + socket.getSoTimeout() + " ms after sending "
                    + rest.size() + " bytes");
        } catch (SocketException reset) {
            // a reset is a close too
        }
        return rest.toByteArray();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
