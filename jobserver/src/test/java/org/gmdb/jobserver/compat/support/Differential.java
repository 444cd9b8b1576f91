package org.gmdb.jobserver.compat.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs one {@link Scenario} on a fresh gearmand 1.1.20 and then on a fresh instance of our
 * server, and fails unless our normalised transcript equals gearmand's. The scenario's own
 * expectations must hold on both; where our server is meant to deviate, the scenario branches
 * on {@link Script#isOurs()} inside {@link Script#unrecorded}.
 *
 * <p>A scenario that fails on gearmand is a broken test, reported as such. Transcripts are
 * kept in {@code target/compat-logs/transcripts} for reading after a run.
 *
 * <p>Caveat: until our server's classes exist, the gearmand half runs and the test is then
 * aborted (reported as skipped), never passed.
 */
public final class Differential {

    private static final Path TRANSCRIPTS = Path.of("target", "compat-logs", "transcripts");

    private Differential() {
    }

    public static void compare(String label, Scenario scenario) {
        compare(label, PeerOptions.DEFAULT, scenario);
    }

    public static void compare(String label, PeerOptions options, Scenario scenario) {
        compare(label, () -> options, scenario);
    }

    /** As {@link #compare(String, PeerOptions, Scenario)}, with options made once per server (e.g. its own database). */
    public static void compare(String label, java.util.function.Supplier<PeerOptions> options, Scenario scenario) {
        List<String> reference = Normaliser.normalise(run(label, true, options.get(), scenario));
        List<String> ours = Normaliser.normalise(run(label, false, options.get(), scenario));
        if (!reference.equals(ours)) {
            throw new AssertionError(label + ": our transcript differs from gearmand's\n" + sideBySide(reference, ours));
        }
    }

    /** Runs the scenario on both servers, checking only its explicit expectations. */
    public static void expectOnBoth(String label, PeerOptions options, Scenario scenario) {
        run(label, true, options, scenario);
        run(label, false, options, scenario);
    }

    /** Runs the scenario on our server only: for behaviour gearmand 1.1.20 gets wrong on purpose (section 7). */
    public static void expectOnOurs(String label, PeerOptions options, Scenario scenario) {
        run(label, false, options, scenario);
    }

    /** Runs on one fresh server and returns the raw transcript; failures carry the transcript and the server log. */
    public static List<String> run(String label, boolean gearmand, PeerOptions options, Scenario scenario) {
        PeerServer server = Peers.started(gearmand, options);
        Script script = new Script(server);
        try {
            scenario.run(script);
            return script.transcript().lines();
        } catch (Throwable failure) {
            String role = gearmand ? "the reference gearmand (so the TEST is wrong)" : "OUR SERVER";
            throw new AssertionError(label + " failed on " + role + ": " + failure.getMessage()
                    + "\n--- transcript on " + server.name() + ":\n" + script.transcript()
                    + "\n--- server log tail:\n" + server.logTail(), failure);
        } finally {
            script.close();
            server.close();
            save(label, server.name(), script.transcript());
        }
    }

    private static void save(String label, String server, Transcript transcript) {
        try {
            Files.createDirectories(TRANSCRIPTS);
            String file = label.replaceAll("[^A-Za-z0-9_.-]+", "_") + "." + server + ".txt";
            Files.writeString(TRANSCRIPTS.resolve(file), transcript + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            // transcripts are a reading aid; the test result does not depend on them
        }
    }

    /** Both transcripts in two columns, the first differing line marked. */
    static String sideBySide(List<String> reference, List<String> ours) {
        int width = 10;
        for (String line : reference) {
            width = Math.min(90, Math.max(width, line.length()));
        }
        StringBuilder out = new StringBuilder(String.format("   %-" + width + "s | %s%n", "gearmand 1.1.20", "ours"));
        boolean marked = false;
        for (int i = 0; i < Math.max(reference.size(), ours.size()); i++) {
            String left = i < reference.size() ? reference.get(i) : "";
            String right = i < ours.size() ? ours.get(i) : "";
            String mark = "  ";
            if (!left.equals(right) && !marked) {
                mark = ">>";
                marked = true;
            } else if (!left.equals(right)) {
                mark = " *";
            }
            out.append(String.format("%s %-" + width + "s | %s%n", mark, left, right));
        }
        return out.toString();
    }
}
