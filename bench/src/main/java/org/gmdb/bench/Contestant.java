package org.gmdb.bench;

import java.util.List;

/**
 * A server the bench measures: our job server as configured, the same with its two waits off
 * (the GRAB wait and the foreground {@code JOB_CREATED} delay, gearmand's reply timing), or
 * gearmand. The waits-off server shows what the waits buy.
 */
enum Contestant {
    OURS("ours", "ours"),
    OURS_WAITS_OFF("ours-waits-off", "ours, waits off"),
    GEARMAND("gearmand", "gearmand");

    /** Appended to our server's options for {@link #OURS_WAITS_OFF}; the last value of an option counts. */
    static final List<String> WAITS_OFF_ARGS = List.of("--grab-wait-us", "0", "--job-created-delay-us", "0");

    /** How the log and the raw results name it. */
    final String id;
    /** How the summary's column heads name it. */
    final String title;

    Contestant(String id, String title) {
        this.id = id;
        this.title = title;
    }

    boolean isOurs() {
        return this != GEARMAND;
    }
}
