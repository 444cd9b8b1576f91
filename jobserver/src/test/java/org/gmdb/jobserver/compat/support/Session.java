package org.gmdb.jobserver.compat.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.gmdb.gearman.codec.GearmanEncoder;
import org.gmdb.gearman.protocol.Magic;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;

/**
 * One raw TCP connection to a job server: sends binary packets, raw bytes and text lines,
 * and reads replies with a timeout (one packet, one text line, or a list up to {@code .}).
 * Everything sent and received is written to a {@link Transcript}.
 *
 * <p>Caveat: replies are parsed strictly (response magic, known type); anything else fails
 * the test with the raw bytes in the message, since that is itself a finding.
 */
public final class Session implements AutoCloseable {

    /** How long a reply may take before the test fails; generous for a loaded 2-core machine. */
    public static final int REPLY_TIMEOUT_MS = 3000;
    /** How long we listen to conclude that nothing is coming. */
    public static final int SILENCE_MS = 250;

    private final String name;
    private final String peer;
    private final Transcript transcript;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;
    private boolean eof;

    public Session(String name, PeerServer server, Transcript transcript) {
        this.name = name;
        this.peer = server.name();
        this.transcript = transcript;
        try {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(server.host(), server.port()), REPLY_TIMEOUT_MS);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException("[" + server.name() + "] " + name + ": cannot connect to " + server.address(), e);
        }
    }

    public String name() {
        return name;
    }

    // ---- sending

    public Session send(PacketType type, String... fields) {
        return send(Packet.request(type, fields));
    }

    public Session send(Packet packet) {
        transcript.add(name + "> " + Render.packet(packet));
        return write(GearmanEncoder.toBytes(packet));
    }

    /** Sends bytes exactly as given (malformed packets, split packets, garbage). */
    public Session sendRaw(byte[] bytes) {
        transcript.add(name + "> raw " + Render.bytes(bytes));
        return write(bytes);
    }

    /** Sends text exactly as given, one byte per char; add the line end yourself. */
    public Session sendText(String text) {
        transcript.add(name + "> " + Render.text(text));
        return write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends several packets in one write, as Perl workers do with GRAB_JOB and PRE_SLEEP. */
    public Session sendTogether(Packet... packets) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Packet packet : packets) {
            transcript.add(name + "> " + Render.packet(packet));
            bytes.writeBytes(GearmanEncoder.toBytes(packet));
        }
        return write(bytes.toByteArray());
    }

    private Session write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(where() + "write of " + bytes.length + " bytes failed", e);
        }
    }

    /**
     * A barrier: ECHO_REQ and wait for its ECHO_RES, so that everything sent before on this
     * connection has been handled when another connection acts next.
     */
    public Session sync() {
        send(PacketType.ECHO_REQ, "sync");
        expect(PacketType.ECHO_RES, "sync");
        return this;
    }

    // ---- reading packets

    /** Reads one packet, failing if none arrives within {@link #REPLY_TIMEOUT_MS}. */
    public Packet read() {
        return poll(REPLY_TIMEOUT_MS).orElseThrow(() -> {
            transcript.add(name + "< (nothing)");
            return new AssertionError(where() + (eof ? "connection closed by the server without a packet"
                    : "no packet within " + REPLY_TIMEOUT_MS + " ms"));
        });
    }

    /** Reads one packet of the given type. */
    public Packet expect(PacketType type) {
        Packet packet = read();
        if (packet.type() != type) {
            throw new AssertionError(where() + "expected " + type + ", got " + Render.packet(packet));
        }
        return packet;
    }

    /** Reads one packet and checks its type and every field byte for byte. */
    public Packet expect(PacketType type, String... fields) {
        Packet packet = read();
        Packet wanted = Packet.response(type, fields);
        if (!packet.equals(wanted)) {
            throw new AssertionError(where() + "expected " + Render.packet(wanted) + "\n" + " ".repeat(where().length())
                    + "got      " + Render.packet(packet));
        }
        return packet;
    }

    /** The next packet if one starts arriving within the time, else empty (recorded as nothing). */
    public Optional<Packet> poll(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        byte[] header = readBytes(12, deadline);
        if (header == null) {
            return Optional.empty();
        }
        ByteBuffer fields = ByteBuffer.wrap(header);
        int magic = fields.getInt();
        long typeCode = Integer.toUnsignedLong(fields.getInt());
        long length = Integer.toUnsignedLong(fields.getInt());
        PacketType type = PacketType.ofCode(typeCode);
        if (Magic.of(magic) != Magic.RES || type == null || length > Integer.MAX_VALUE - 16) {
            transcript.add(name + "< bad header " + Render.hex(header));
            throw new AssertionError(where() + "not a response header: " + Render.hex(header));
        }
        // A big reply (20 MiB echo) may need more than the reply timeout on a busy machine.
        byte[] payload = readBytes((int) length, Math.max(deadline, System.currentTimeMillis() + REPLY_TIMEOUT_MS));
        if (payload == null) {
            throw new AssertionError(where() + type + " announced " + length + " payload bytes; they did not all arrive");
        }
        Packet packet = Packet.response(type, split(payload, type.fields()));
        transcript.add(name + "< " + Render.packet(packet));
        return Optional.of(packet);
    }

    /** Reads packets until the given type arrives; returns all of them, the last one included. */
    public List<Packet> readUntil(PacketType type) {
        List<Packet> packets = new ArrayList<>();
        Packet packet;
        do {
            packet = read();
            packets.add(packet);
        } while (packet.type() != type);
        return packets;
    }

    /** Asserts that nothing arrives for {@link #SILENCE_MS}. */
    public void expectSilence() {
        expectSilence(SILENCE_MS);
    }

    public void expectSilence(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        if (fill(deadline)) {
            byte[] pending = Arrays.copyOfRange(buffer, start, end);
            transcript.add(name + "< unexpected " + Render.bytes(pending));
            throw new AssertionError(where() + "expected nothing, got " + Render.hex(pending));
        }
        if (eof) {
            transcript.add(name + "< (closed)");
            throw new AssertionError(where() + "expected nothing on an open connection, but the server closed it");
        }
        transcript.add(name + "< (nothing)");
    }

    /** Splits a payload into the type's fields: NUL ends every field but the last. */
    static byte[][] split(byte[] payload, int count) {
        byte[][] fields = new byte[count][];
        int from = 0;
        for (int i = 0; i < count; i++) {
            int to = payload.length;
            if (i < count - 1) {
                to = indexOf(payload, (byte) 0, from);
                if (to < 0) {
                    throw new AssertionError("payload with " + i + " NULs where " + (count - 1) + " are needed: "
                            + Render.bytes(payload));
                }
            }
            fields[i] = Arrays.copyOfRange(payload, from, to);
            from = to + 1;
        }
        if (count == 0 && payload.length > 0) {
            throw new AssertionError("packet without fields carries " + payload.length + " bytes: " + Render.bytes(payload));
        }
        return fields;
    }

    private static int indexOf(byte[] bytes, byte value, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    // ---- reading text

    /** Reads one text line including its {@code \n} (and any {@code \r} before it). */
    public String readLine() {
        long deadline = System.currentTimeMillis() + REPLY_TIMEOUT_MS;
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            byte[] one = readBytes(1, deadline);
            if (one == null) {
                transcript.add(name + "< partial line " + Render.bytes(line.toByteArray()) + (eof ? " (closed)" : " (nothing more)"));
                throw new AssertionError(where() + "no complete line within " + REPLY_TIMEOUT_MS + " ms"
                        + (eof ? " (connection closed)" : "") + "; got " + Render.bytes(line.toByteArray()));
            }
            line.write(one[0]);
            if (one[0] == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                transcript.add(name + "< " + Render.text(text));
                return text;
            }
        }
    }

    /**
     * Reads a list up to the {@code .} line and records and returns it sorted: gearmand prints
     * {@code status} and friends in hash order, which no client may rely on.
     */
    public List<String> readSortedList() {
        boolean wasRecording = transcript.recording();
        transcript.recording(false);
        List<String> lines;
        try {
            lines = readList();
        } finally {
            transcript.recording(wasRecording);
        }
        List<String> sorted = new ArrayList<>(lines);
        // Sort on the line without a leading socket number: servers number connections differently.
        sorted.sort(java.util.Comparator.comparing((String line) -> line.replaceFirst("^\\d+ ", "")));
        for (String line : sorted) {
            transcript.add(name + "< " + Render.text(line) + "\\n (sorted)");
        }
        transcript.add(name + "< .\\n");
        return sorted;
    }

    /** Sends an admin command with {@code \n} and returns the list it answers, sorted as in {@link #readSortedList()}. */
    public List<String> adminList(String command) {
        sendText(command + "\n");
        return readSortedList();
    }

    /** Sends an admin command with {@code \n} and reads its one-line reply. */
    public String admin(String command) {
        sendText(command + "\n");
        return readLine();
    }

    /** Reads lines up to and excluding the {@code .} line; returns them without their {@code \n}. */
    public List<String> readList() {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (!line.endsWith("\n")) {
                throw new AssertionError(where() + "list line without LF: " + Render.text(line));
            }
            String body = line.substring(0, line.length() - 1);
            if (body.equals(".")) {
                return lines;
            }
            lines.add(body);
        }
    }

    // ---- closing

    /** Waits for the server to close the connection; true if it did (EOF or reset) within the time. */
    public boolean awaitClosed(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            start = end; // what is pending before the close does not matter here
            if (!fill(deadline)) {
                return eof;
            }
        }
    }

    /** Asserts that the server closes the connection without sending anything first. */
    public void expectClosedWithoutReply() {
        long deadline = System.currentTimeMillis() + REPLY_TIMEOUT_MS;
        if (fill(deadline)) {
            byte[] pending = Arrays.copyOfRange(buffer, start, end);
            transcript.add(name + "< unexpected " + Render.bytes(pending));
            throw new AssertionError(where() + "expected a close without reply, got " + Render.hex(pending));
        }
        transcript.add(name + "< " + (eof ? "(closed)" : "(still open)"));
        if (!eof) {
            throw new AssertionError(where() + "expected the server to close, still open after " + REPLY_TIMEOUT_MS + " ms");
        }
    }

    /** Asserts that the server closes the connection now (anything still pending is ignored). */
    public void expectClosed() {
        boolean closed = awaitClosed(REPLY_TIMEOUT_MS);
        transcript.add(name + "< " + (closed ? "(closed)" : "(still open)"));
        if (!closed) {
            throw new AssertionError(where() + "expected the server to close, still open after " + REPLY_TIMEOUT_MS + " ms");
        }
    }

    public boolean isClosedByServer() {
        return eof;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test socket: nothing to recover
        }
    }

    // ---- buffer

    private byte[] readBytes(int count, long deadline) {
        byte[] result = new byte[count];
        int have = 0;
        while (have < count) {
            if (start == end && !fill(deadline)) {
                if (have > 0) {
                    // keep what came so far for the message; a partial reply is a failure
                    throw new AssertionError(where() + "only " + have + " of " + count + " bytes arrived"
                            + (eof ? " before the close" : "") + ": " + Render.hex(Arrays.copyOf(result, have)));
                }
                return null;
            }
            int n = Math.min(count - have, end - start);
            System.arraycopy(buffer, start, result, have, n);
            start += n;
            have += n;
        }
        return result;
    }

    /** Makes sure some unread bytes are buffered; false on timeout or EOF. */
    private boolean fill(long deadline) {
        if (start < end) {
            return true;
        }
        if (eof) {
            return false;
        }
        start = 0;
        end = 0;
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
            return false;
        }
        try {
            socket.setSoTimeout((int) left);
            int n = in.read(buffer);
            if (n < 0) {
                eof = true;
                return false;
            }
            end = n;
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            eof = true; // reset by the server counts as closed
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(where() + "read failed", e);
        }
    }

    private String where() {
        return "[" + peer + "] " + name + ": ";
    }
}
