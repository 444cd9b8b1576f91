package org.gmdb.gearman.protocol;

/** Numbers of the Gearman wire protocol and the defaults this project chose around them. */
public final class GearmanConstants {

    public static final int DEFAULT_PORT = 4730;
    public static final int HEADER_LENGTH = 12;

    /** gearmand refuses uniques over 64 bytes with ARGUMENT_TOO_LARGE. */
    public static final int MAX_UNIQUE_LENGTH = 64;
    /** Handles are at most 63 bytes (gearmand's 64-byte buffer with its NUL). */
    public static final int MAX_HANDLE_LENGTH = 63;
    /** gearmand cuts SET_CLIENT_ID to 127 bytes. */
    public static final int MAX_CLIENT_ID_LENGTH = 127;
    /** Option names of 64 bytes or more are unknown to gearmand. */
    public static final int MAX_OPTION_LENGTH = 63;

    /** Largest payload accepted by default: room for a 30 MB message, well short of exhausting memory. */
    public static final int DEFAULT_MAX_PAYLOAD = 64 * 1024 * 1024;
    /** Largest NUL-terminated (non-data) field by default; gearmand's limit is its 8 KiB buffer. */
    public static final int DEFAULT_MAX_FIELD = 8192;
    /** Longest admin text line, including its end; gearmand closes at 8 KiB. */
    public static final int MAX_TEXT_LINE = 8192;

    public static final int PRIORITY_HIGH = 0;
    public static final int PRIORITY_NORMAL = 1;
    public static final int PRIORITY_LOW = 2;

    private GearmanConstants() {
    }
}
