package org.gmdb.gearman.protocol;

/** The four bytes that open a binary packet: {@code \0REQ} toward a server, {@code \0RES} from it. */
public enum Magic {
    REQ(0x00524551),
    RES(0x00524553);

    private final int value;

    Magic(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** The magic for a header word, or null when it is neither. */
    public static Magic of(int value) {
        if (value == REQ.value) {
            return REQ;
        }
        return value == RES.value ? RES : null;
    }
}
