package org.gmdb.jobserver.compat.support;

import java.util.ArrayList;
import java.util.List;

/**
 * What one scenario sent and received on one server, line by line, in the order the test
 * observed it. Two transcripts are compared after {@link Normaliser} has replaced what may
 * differ (handles, pids, fds, version).
 *
 * <p>Caveat: the order is the test's reading order, not the server's sending order across
 * connections; scenarios read connections in a fixed order so that this is deterministic.
 */
public final class Transcript {

    private final List<String> lines = new ArrayList<>();
    private boolean recording = true;

    public synchronized void add(String line) {
        if (recording) {
            lines.add(line);
        }
    }

    /** Stops or resumes recording, for steps where the servers are meant to differ. */
    public synchronized void recording(boolean on) {
        recording = on;
    }

    public synchronized boolean recording() {
        return recording;
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public synchronized String toString() {
        return String.join("\n", lines);
    }
}
