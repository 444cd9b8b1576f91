package org.gmdb.mail.event;

import java.util.Arrays;
import java.util.Optional;

/** The write operations, with their names on the wire. */
public enum Op {
    DELIVER("deliver", true),
    APPEND("append", true),
    SET_FLAGS("set-flags", false),
    CLEAR_FLAGS("clear-flags", false),
    MOVE("move", false),
    COPY("copy", false),
    EXPUNGE("expunge", false),
    CREATE_MAILBOX("create-mailbox", false),
    RENAME_MAILBOX("rename-mailbox", false),
    DELETE_MAILBOX("delete-mailbox", false);

    private final String wireName;
    private final boolean carriesMessage;

    Op(String wireName, boolean carriesMessage) {
        this.wireName = wireName;
        this.carriesMessage = carriesMessage;
    }

    public String wireName() {
        return wireName;
    }

    /** True if the raw message bytes follow the JSON line. */
    public boolean carriesMessage() {
        return carriesMessage;
    }

    public static Optional<Op> fromWireName(String name) {
        return Arrays.stream(values()).filter(op -> op.wireName.equals(name)).findFirst();
    }
}
