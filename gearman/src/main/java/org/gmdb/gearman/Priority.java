package org.gmdb.gearman;

import org.gmdb.gearman.protocol.PacketType;

/** A job's priority, with the packet types that submit it in the foreground and in the background. */
public enum Priority {
    HIGH(PacketType.SUBMIT_JOB_HIGH, PacketType.SUBMIT_JOB_HIGH_BG),
    NORMAL(PacketType.SUBMIT_JOB, PacketType.SUBMIT_JOB_BG),
    LOW(PacketType.SUBMIT_JOB_LOW, PacketType.SUBMIT_JOB_LOW_BG);

    private final PacketType foreground;
    private final PacketType background;

    Priority(PacketType foreground, PacketType background) {
        this.foreground = foreground;
        this.background = background;
    }

    public PacketType foreground() {
        return foreground;
    }

    public PacketType background() {
        return background;
    }
}
