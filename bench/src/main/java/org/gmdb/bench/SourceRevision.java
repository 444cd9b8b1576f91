package org.gmdb.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The git commit of the checkout the bench runs in ({@code git rev-parse HEAD} in the working
 * directory), whether tracked files differ from it, and the checkout's top directory.
 *
 * <p>Caveat: it names the checkout, not the build: a bench jar built from other sources and
 * run here is reported with this checkout's commit.
 *
 * @param commit   the full hash, or null outside a git checkout (or without git)
 * @param dirty    whether tracked files have uncommitted changes
 * @param topLevel the checkout's top directory, or null
 */
record SourceRevision(String commit, boolean dirty, Path topLevel) {

    static SourceRevision current() {
        String commit = git("rev-parse", "HEAD");
        if (commit == null || commit.isEmpty()) {
            return new SourceRevision(null, false, null);
        }
        String changes = git("status", "--porcelain", "--untracked-files=no");
        String top = git("rev-parse", "--show-toplevel");
        return new SourceRevision(commit, changes != null && !changes.isEmpty(),
                top == null || top.isEmpty() ? null : Path.of(top));
    }

    /** The first 7 characters of the hash, or "nogit". */
    String shortCommit() {
        return commit == null ? "nogit" : commit.substring(0, Math.min(7, commit.length()));
    }

    /** E.g. "c71ee08 (abc...full hash)" or "c71ee08 (...) with uncommitted changes". */
    String describe() {
        if (commit == null) {
            return "unknown commit (not a git checkout)";
        }
        return shortCommit() + " (" + commit + ")" + (dirty ? " with uncommitted changes" : "");
    }

    /** The command's output, trimmed; null when git is missing or fails. */
    private static String git(String... args) {
        try {
            Process p = new ProcessBuilder(concat(args)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? text : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static List<String> concat(String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        return command;
    }
}
