package org.gmdb.jobserver.compat.support;

import java.util.ArrayList;
import java.util.List;

/**
 * The context of one scenario run on one server: opens {@link Session}s that all write to
 * the same {@link Transcript}, and lets a step run unrecorded where section 7 of the
 * protocol reference tells our server to deviate from gearmand.
 */
public final class Script implements AutoCloseable {

    private final PeerServer server;
    private final Transcript transcript = new Transcript();
    private final List<Session> sessions = new ArrayList<>();

    public Script(PeerServer server) {
        this.server = server;
    }

    public PeerServer server() {
        return server;
    }

    public boolean isGearmand() {
        return server.isGearmand();
    }

    public boolean isOurs() {
        return !server.isGearmand();
    }

    public Transcript transcript() {
        return transcript;
    }

    /** Opens a connection named e.g. "W", "C1", "A". */
    public Session open(String name) {
        Session session = new Session(name, server, transcript);
        sessions.add(session);
        return session;
    }

    /** Adds a free-form line (e.g. a value the scenario derived) to the transcript. */
    public void note(String line) {
        transcript.add("# " + line);
    }

    /** Runs a step whose replies are allowed to differ between the servers (explicit expectations only). */
    public void unrecorded(Step step) throws Exception {
        boolean was = transcript.recording();
        transcript.recording(false);
        try {
            step.run();
        } finally {
            transcript.recording(was);
        }
    }

    /**
     * Polls an admin list command (unrecorded) until the condition holds, then records the
     * final list once: the servers may notice a closed connection at different moments.
     */
    public List<String> awaitList(Session admin, String command, java.util.function.Predicate<List<String>> condition)
            throws Exception {
        long deadline = System.currentTimeMillis() + Session.REPLY_TIMEOUT_MS;
        List<String> lines;
        boolean was = transcript.recording();
        transcript.recording(false);
        try {
            lines = admin.adminList(command);
            while (!condition.test(lines) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
                lines = admin.adminList(command);
            }
        } finally {
            transcript.recording(was);
        }
        if (!condition.test(lines)) {
            throw new AssertionError("[" + server.name() + "] '" + command + "' never met the condition within "
                    + Session.REPLY_TIMEOUT_MS + " ms; last: " + lines);
        }
        return admin.adminList(command);
    }

    @Override
    public void close() {
        for (Session session : sessions) {
            session.close();
        }
    }

    /** A step that may throw. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }
}
