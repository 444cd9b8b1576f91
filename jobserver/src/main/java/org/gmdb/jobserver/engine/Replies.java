package org.gmdb.jobserver.engine;

import java.nio.charset.StandardCharsets;
import org.gmdb.gearman.protocol.Magic;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;

/** Packets the server sends, with gearmand's ERROR codes and texts. */
final class Replies {

    static final Packet NOOP = new Packet(Magic.RES, PacketType.NOOP);
    static final Packet NO_JOB = new Packet(Magic.RES, PacketType.NO_JOB);

    static final Packet INVALID_MAGIC = error("INVALID_MAGIC", "Request magic expected");
    static final Packet INVALID_COMMAND = error("INVALID_COMMAND", "Command not expected");
    static final Packet UNIQUE_TOO_LARGE = error("ARGUMENT_TOO_LARGE", "Unique value too large");
    static final Packet HANDLE_TOO_LARGE = error("ARGUMENT_TOO_LARGE",
            "Error occurred due to GEARMAND_JOB_HANDLE_SIZE being too small from snprintf");
    static final Packet QUEUE_FULL = error("QUEUE_ERROR", "Job queue is full");
    static final Packet QUEUE_WRITE_FAILED = error("QUEUE_ERROR", "QUEUE_ERROR");
    static final Packet UNKNOWN_OPTION = error("UNKNOWN_OPTION", "Server does not recognize given option");
    static final Packet JOB_DOES_NOT_EXIST = error("JOB_NOT_FOUND", "Job does not exist on server");
    static final Packet RESULT_JOB_NOT_FOUND = error("JOB_NOT_FOUND", "Job given in work result not found");
    static final Packet EXCEPTION_JOB_NOT_FOUND = error("JOB_NOT_FOUND",
            "An exception was received for a job that does not exist");

    private static final byte[] ZERO = {'0'};
    private static final byte[] ONE = {'1'};

    private Replies() {
    }

    static Packet error(String code, String text) {
        return new Packet(Magic.RES, PacketType.ERROR, bytes(code), bytes(text));
    }

    /** An ERROR of our own (not a gearmand text), for limits and arguments gearmand fails on silently. */
    static Packet invalidArguments(String text) {
        return error("INVALID_ARGUMENTS", text);
    }

    static Packet of(PacketType type, byte[]... fields) {
        return new Packet(Magic.RES, type, fields);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] flag(boolean on) {
        return on ? ONE : ZERO;
    }

    static byte[] unsigned(int value) {
        return value == 0 ? ZERO : bytes(Integer.toUnsignedString(value));
    }

    static Packet unknownStatus(byte[] handle) {
        return of(PacketType.STATUS_RES, handle, ZERO, ZERO, ZERO, ZERO);
    }

    static Packet unknownUniqueStatus(byte[] unique) {
        return of(PacketType.STATUS_RES_UNIQUE, unique, ZERO, ZERO, ZERO, ZERO, ZERO);
    }

    /** The same packet with the response magic: WORK_* go to clients byte for byte. */
    static Packet asResponse(Packet request) {
        byte[][] fields = new byte[request.fieldCount()][];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = request.field(i);
        }
        return new Packet(Magic.RES, request.type(), fields);
    }
}
