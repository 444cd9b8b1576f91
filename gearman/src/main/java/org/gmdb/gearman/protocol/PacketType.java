package org.gmdb.gearman.protocol;

/**
 * The 42 binary packet types of the Gearman protocol, with their wire code and field count.
 *
 * <p>Every field but the last ends with a NUL; the last one runs to the end of the payload
 * and may hold NULs. {@link #fields()} is that count as gearmand's parser uses it, which for
 * the reduce submissions is one more than the PROTOCOL text says (an "aggregator" field that
 * libgearman always sends empty).
 */
public enum PacketType {
    CAN_DO(1, 1, Direction.REQUEST),
    CANT_DO(2, 1, Direction.REQUEST),
    RESET_ABILITIES(3, 0, Direction.REQUEST),
    PRE_SLEEP(4, 0, Direction.REQUEST),
    UNUSED(5, 0, Direction.NONE),
    NOOP(6, 0, Direction.RESPONSE),
    SUBMIT_JOB(7, 3, Direction.REQUEST),
    JOB_CREATED(8, 1, Direction.RESPONSE),
    GRAB_JOB(9, 0, Direction.REQUEST),
    NO_JOB(10, 0, Direction.RESPONSE),
    JOB_ASSIGN(11, 3, Direction.RESPONSE),
    WORK_STATUS(12, 3, Direction.BOTH),
    WORK_COMPLETE(13, 2, Direction.BOTH),
    WORK_FAIL(14, 1, Direction.BOTH),
    GET_STATUS(15, 1, Direction.REQUEST),
    ECHO_REQ(16, 1, Direction.REQUEST),
    ECHO_RES(17, 1, Direction.RESPONSE),
    SUBMIT_JOB_BG(18, 3, Direction.REQUEST),
    ERROR(19, 2, Direction.RESPONSE),
    STATUS_RES(20, 5, Direction.RESPONSE),
    SUBMIT_JOB_HIGH(21, 3, Direction.REQUEST),
    SET_CLIENT_ID(22, 1, Direction.REQUEST),
    CAN_DO_TIMEOUT(23, 2, Direction.REQUEST),
    ALL_YOURS(24, 0, Direction.NONE),
    WORK_EXCEPTION(25, 2, Direction.BOTH),
    OPTION_REQ(26, 1, Direction.REQUEST),
    OPTION_RES(27, 1, Direction.RESPONSE),
    WORK_DATA(28, 2, Direction.BOTH),
    WORK_WARNING(29, 2, Direction.BOTH),
    GRAB_JOB_UNIQ(30, 0, Direction.REQUEST),
    JOB_ASSIGN_UNIQ(31, 4, Direction.RESPONSE),
    SUBMIT_JOB_HIGH_BG(32, 3, Direction.REQUEST),
    SUBMIT_JOB_LOW(33, 3, Direction.REQUEST),
    SUBMIT_JOB_LOW_BG(34, 3, Direction.REQUEST),
    SUBMIT_JOB_SCHED(35, 8, Direction.REQUEST),
    SUBMIT_JOB_EPOCH(36, 4, Direction.REQUEST),
    SUBMIT_REDUCE_JOB(37, 5, Direction.REQUEST),
    SUBMIT_REDUCE_JOB_BACKGROUND(38, 5, Direction.REQUEST),
    GRAB_JOB_ALL(39, 0, Direction.REQUEST),
    JOB_ASSIGN_ALL(40, 5, Direction.RESPONSE),
    GET_STATUS_UNIQUE(41, 1, Direction.REQUEST),
    STATUS_RES_UNIQUE(42, 6, Direction.RESPONSE);

    /** Who may send a packet type: a client or worker (request), the server (response), both, or nobody. */
    public enum Direction { REQUEST, RESPONSE, BOTH, NONE }

    private static final PacketType[] BY_CODE = new PacketType[43];

    static {
        for (PacketType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;
    private final int fields;
    private final Direction direction;

    PacketType(int code, int fields, Direction direction) {
        this.code = code;
        this.fields = fields;
        this.direction = direction;
    }

    /** The type for a wire code, or null for 0 and codes above 42. */
    public static PacketType ofCode(long code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }

    public int code() {
        return code;
    }

    public int fields() {
        return fields;
    }

    public Direction direction() {
        return direction;
    }

    /** Whether a server accepts this type from a peer (responses, 5, 24 and 35 are refused by gearmand). */
    public boolean isRequest() {
        return direction == Direction.REQUEST || direction == Direction.BOTH;
    }

    /** Whether a server may send this type. */
    public boolean isResponse() {
        return direction == Direction.RESPONSE || direction == Direction.BOTH;
    }

    /**
     * Whether a payload without any NUL is this type's handle alone, with empty data: Perl's
     * Gearman::Worker 2.004 sends {@code WORK_COMPLETE} so when its result is "" or "0".
     * Only the four result types carrying a handle and data qualify.
     */
    public boolean acceptsHandleAlone() {
        return this == WORK_COMPLETE || this == WORK_DATA || this == WORK_WARNING || this == WORK_EXCEPTION;
    }
}
