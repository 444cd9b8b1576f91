package org.gmdb.mail.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The job payload of a write event: one line of JSON, {@code \n}, then the raw message
 * bytes for the ops that carry a message (deliver, append). For example:
 *
 * <pre>
 * {"v":1,"id":"0190...","ts":1764367000000,"author":"cli","op":"deliver","user":"alice@example.com","mailbox":"INBOX","flags":["\\Seen"]}\n&lt;raw RFC 5322 bytes&gt;
 * </pre>
 *
 * <p>Decoding is lenient where a person typing a payload by hand would slip ({@code ts}
 * may be left out for a UUIDv7 id, {@code author} may be left out, a trailing {@code \n}
 * or {@code \r\n} after the line of an op without message is fine) and strict elsewhere:
 * unknown version, unknown op, missing or mistyped fields are errors that name the field.
 * The message bytes are taken as they are: never decoded, trimmed or re-encoded.
 */
public final class EventCodec {

    public static final int VERSION = 1;
    /** The JSON line is small; a longer one means the newline separator is missing. */
    public static final int MAX_HEADER_LENGTH = 16 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();
    private static final Set<String> KNOWN_FIELDS = Set.of(
            "v", "id", "ts", "author", "op", "user", "mailbox", "flags", "messages", "message", "to", "internalDate");

    private EventCodec() {
    }

    public static byte[] encode(MailEvent event) {
        byte[] header = encodeHeader(event);
        byte[] message = messageOf(event);
        if (message == null) {
            return header;
        }
        byte[] out = Arrays.copyOf(header, header.length + 1 + message.length);
        out[header.length] = '\n';
        System.arraycopy(message, 0, out, header.length + 1, message.length);
        return out;
    }

    /** The JSON line alone, without newline or message. */
    public static byte[] encodeHeader(MailEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            EventHeader h = event.header();
            g.writeStartObject();
            g.writeNumberField("v", VERSION);
            g.writeStringField("id", h.id().toString());
            g.writeNumberField("ts", h.timestamp());
            g.writeStringField("author", h.author());
            g.writeStringField("op", event.op().wireName());
            g.writeStringField("user", h.user());
            writeArguments(g, event);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write event " + event.id() + " as JSON", e);
        }
        return out.toByteArray();
    }

    /** The raw message of a deliver or append, else null. */
    public static byte[] messageOf(MailEvent event) {
        if (event instanceof MailEvent.Deliver d) {
            return d.message();
        }
        if (event instanceof MailEvent.Append a) {
            return a.message();
        }
        return null;
    }

    private static void writeArguments(JsonGenerator g, MailEvent event) throws IOException {
        if (event instanceof MailEvent.Deliver d) {
            g.writeStringField("mailbox", d.mailbox());
            writeStrings(g, "flags", d.flags());
        } else if (event instanceof MailEvent.Append a) {
            g.writeStringField("mailbox", a.mailbox());
            writeStrings(g, "flags", a.flags());
            if (a.internalDate() != null) {
                g.writeNumberField("internalDate", a.internalDate());
            }
        } else if (event instanceof MailEvent.SetFlags s) {
            writeIds(g, s.messages());
            writeStrings(g, "flags", s.flags());
        } else if (event instanceof MailEvent.ClearFlags c) {
            writeIds(g, c.messages());
            writeStrings(g, "flags", c.flags());
        } else if (event instanceof MailEvent.Move m) {
            writeIds(g, m.messages());
            g.writeStringField("mailbox", m.mailbox());
        } else if (event instanceof MailEvent.Copy c) {
            g.writeStringField("message", c.message().toString());
            g.writeStringField("mailbox", c.mailbox());
            writeStrings(g, "flags", c.flags());
        } else if (event instanceof MailEvent.Expunge e) {
            writeIds(g, e.messages());
        } else if (event instanceof MailEvent.CreateMailbox c) {
            g.writeStringField("mailbox", c.mailbox());
        } else if (event instanceof MailEvent.RenameMailbox r) {
            g.writeStringField("mailbox", r.mailbox());
            g.writeStringField("to", r.to());
        } else if (event instanceof MailEvent.DeleteMailbox d) {
            g.writeStringField("mailbox", d.mailbox());
        } else {
            throw new IllegalArgumentException("unknown event type " + event.getClass().getName());
        }
    }

    public static MailEvent decode(byte[] payload) throws MalformedEventException {
        if (payload == null || payload.length == 0) {
            throw new MalformedEventException("empty payload (expected: one line of JSON, then the message bytes if any)");
        }
        int newline = indexOf(payload, (byte) '\n', MAX_HEADER_LENGTH);
        int headerEnd = newline < 0 ? payload.length : newline;
        if (newline < 0 && payload.length > MAX_HEADER_LENGTH) {
            throw new MalformedEventException("no newline in the first " + MAX_HEADER_LENGTH
                    + " bytes of a payload of " + payload.length + " bytes (expected: JSON line, \\n, message)");
        }
        JsonNode root = parseJson(payload, headerEnd);
        Op op = opOf(root);
        byte[] message = null;
        if (op.carriesMessage()) {
            if (newline < 0) {
                throw new MalformedEventException("op " + op.wireName()
                        + " carries a message, but the payload has no '\\n' after its JSON line");
            }
            message = Arrays.copyOfRange(payload, newline + 1, payload.length);
        } else if (newline >= 0 && !isLineEnd(payload, newline + 1)) {
            throw new MalformedEventException("op " + op.wireName() + " carries no message, but "
                    + (payload.length - newline - 1) + " bytes follow its JSON line");
        }
        return decodeHeader(root, op, message);
    }

    /**
     * An event from its JSON line alone, with the message (for deliver and append) given
     * apart, as the store keeps them.
     */
    public static MailEvent decode(byte[] header, byte[] message) throws MalformedEventException {
        JsonNode root = parseJson(header, header.length);
        Op op = opOf(root);
        if (op.carriesMessage() && message == null) {
            throw new MalformedEventException("op " + op.wireName() + " carries a message, but none was given");
        }
        return decodeHeader(root, op, op.carriesMessage() ? message : null);
    }

    private static MailEvent decodeHeader(JsonNode root, Op op, byte[] message) throws MalformedEventException {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!KNOWN_FIELDS.contains(field)) {
                throw new MalformedEventException("unknown field \"" + field + "\" in " + op.wireName()
                        + " event (expected: one of " + new java.util.TreeSet<>(KNOWN_FIELDS) + ")");
            }
        }
        UUID id = uuid(root, "id");
        long ts;
        if (root.hasNonNull("ts")) {
            ts = longField(root, "ts");
        } else if (id.version() == 7) {
            ts = EventIds.timestampOf(id);
        } else {
            throw new MalformedEventException("missing field \"ts\" (required when the id " + id
                    + " is not a UUIDv7, here version " + id.version() + ")");
        }
        String author = root.hasNonNull("author") ? text(root, "author") : "";
        try {
            EventHeader h = new EventHeader(id, ts, author, text(root, "user"));
            return switch (op) {
                case DELIVER -> new MailEvent.Deliver(h, mailboxOrInbox(root), strings(root, "flags"), message);
                case APPEND -> new MailEvent.Append(h, mailboxOrInbox(root), strings(root, "flags"),
                        root.hasNonNull("internalDate") ? longField(root, "internalDate") : null, message);
                case SET_FLAGS -> new MailEvent.SetFlags(h, ids(root), requiredStrings(root, "flags"));
                case CLEAR_FLAGS -> new MailEvent.ClearFlags(h, ids(root), requiredStrings(root, "flags"));
                case MOVE -> new MailEvent.Move(h, ids(root), text(root, "mailbox"));
                case COPY -> new MailEvent.Copy(h, uuid(root, "message"), text(root, "mailbox"), strings(root, "flags"));
                case EXPUNGE -> new MailEvent.Expunge(h, ids(root));
                case CREATE_MAILBOX -> new MailEvent.CreateMailbox(h, text(root, "mailbox"));
                case RENAME_MAILBOX -> new MailEvent.RenameMailbox(h, text(root, "mailbox"), text(root, "to"));
                case DELETE_MAILBOX -> new MailEvent.DeleteMailbox(h, text(root, "mailbox"));
            };
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("invalid " + op.wireName() + " event " + id + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parseJson(byte[] bytes, int length) throws MalformedEventException {
        JsonNode root;
        try {
            root = JSON.readTree(bytes, 0, length);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("first line of the payload is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedEventException("first line of the payload cannot be read: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedEventException("first line of the payload is empty (expected: a JSON object)");
        }
        if (!(root instanceof ObjectNode)) {
            throw new MalformedEventException("first line of the payload is JSON " + root.getNodeType()
                    + " (expected: an object)");
        }
        JsonNode v = root.get("v");
        if (v == null) {
            throw new MalformedEventException("missing field \"v\" (expected: " + VERSION + ")");
        }
        if (!v.isInt() || v.intValue() != VERSION) {
            throw new MalformedEventException("unknown version \"v\":" + v + " (expected: " + VERSION + ")");
        }
        return root;
    }

    private static Op opOf(JsonNode root) throws MalformedEventException {
        String name = text(root, "op");
        return Op.fromWireName(name).orElseThrow(() -> new MalformedEventException("unknown op \"" + name
                + "\" (expected: one of " + Arrays.stream(Op.values()).map(Op::wireName).toList() + ")"));
    }

    private static String mailboxOrInbox(JsonNode root) throws MalformedEventException {
        return root.hasNonNull("mailbox") ? text(root, "mailbox") : Names.INBOX;
    }

    private static String text(JsonNode root, String field) throws MalformedEventException {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw new MalformedEventException("missing field \"" + field + "\"");
        }
        if (!n.isTextual()) {
            throw new MalformedEventException("field \"" + field + "\" is " + n.getNodeType() + " (expected: string)");
        }
        return n.textValue();
    }

    private static long longField(JsonNode root, String field) throws MalformedEventException {
        JsonNode n = root.get(field);
        if (n == null || !n.canConvertToExactIntegral() || !n.canConvertToLong()) {
            throw new MalformedEventException("field \"" + field + "\" is " + n + " (expected: integer epoch millis)");
        }
        return n.longValue();
    }

    private static UUID uuid(JsonNode root, String field) throws MalformedEventException {
        return parseUuid(text(root, field), field);
    }

    private static UUID parseUuid(String s, String field) throws MalformedEventException {
        if (s.length() != 36) {
            throw new MalformedEventException("field \"" + field + "\" is \"" + s
                    + "\" (expected: a UUID as 36 characters, 8-4-4-4-12 hex digits)");
        }
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("field \"" + field + "\" is \"" + s + "\" (expected: a UUID)", e);
        }
    }

    private static List<UUID> ids(JsonNode root) throws MalformedEventException {
        JsonNode n = root.get("messages");
        if (n == null || n.isNull()) {
            throw new MalformedEventException("missing field \"messages\" (expected: array of message ids)");
        }
        if (!n.isArray() || n.isEmpty()) {
            throw new MalformedEventException("field \"messages\" is " + n + " (expected: non-empty array of message ids)");
        }
        List<UUID> out = new ArrayList<>(n.size());
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw new MalformedEventException("field \"messages\" holds " + e + " (expected: message id strings)");
            }
            out.add(parseUuid(e.textValue(), "messages"));
        }
        return out;
    }

    private static Set<String> requiredStrings(JsonNode root, String field) throws MalformedEventException {
        if (!root.hasNonNull(field)) {
            throw new MalformedEventException("missing field \"" + field + "\"");
        }
        return strings(root, field);
    }

    private static Set<String> strings(JsonNode root, String field) throws MalformedEventException {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return Set.of();
        }
        if (!n.isArray()) {
            throw new MalformedEventException("field \"" + field + "\" is " + n.getNodeType() + " (expected: array of strings)");
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw new MalformedEventException("field \"" + field + "\" holds " + e + " (expected: strings)");
            }
            out.add(e.textValue());
        }
        return out;
    }

    private static void writeStrings(JsonGenerator g, String field, Collection<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void writeIds(JsonGenerator g, List<UUID> ids) throws IOException {
        g.writeArrayFieldStart("messages");
        for (UUID id : ids) {
            g.writeString(id.toString());
        }
        g.writeEndArray();
    }

    private static int indexOf(byte[] bytes, byte b, int limit) {
        int end = Math.min(bytes.length, limit + 1);
        for (int i = 0; i < end; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isLineEnd(byte[] payload, int from) {
        int rest = payload.length - from;
        return rest == 0 || (rest == 1 && payload[from] == '\r') || (rest == 1 && payload[from] == '\n')
                || (rest == 2 && payload[from] == '\r' && payload[from + 1] == '\n');
    }

}
