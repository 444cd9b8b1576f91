package org.gmdb.launcher;

import java.io.PrintWriter;
import org.gmdb.mail.topology.TopologyException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception out of a subcommand into a message on stderr and exit code 1: the
 * message of each cause in the chain, one per line, no stack trace unless debugging.
 * A {@link TopologyException} prints each problem on its own line.
 *
 * <p>Caveat: this only covers failures that reach picocli; a server's background threads
 * report their own errors through the log.
 */
final class LauncherErrors implements IExecutionExceptionHandler {

    static final int FAILED = 1;

    private final boolean debug;

    LauncherErrors(boolean debug) {
        this.debug = debug;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        err.println(describe(ex));
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return FAILED;
    }

    static String describe(Throwable ex) {
        var out = new StringBuilder();
        if (ex instanceof TopologyException t) {
            t.problems().forEach(p -> out.append("gmdb: ").append(p).append('\n'));
        } else {
            out.append("gmdb: ").append(messageOf(ex)).append('\n');
        }
        String previous = ex.getMessage();
        for (Throwable cause = ex.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            String message = messageOf(cause);
            // Wrappers often repeat their cause's message; print each distinct one once.
            if (previous == null || !previous.contains(String.valueOf(cause.getMessage()))) {
                out.append("  caused by: ").append(message).append('\n');
            }
            previous = cause.getMessage();
        }
        return out.toString().stripTrailing();
    }

    private static String messageOf(Throwable t) {
        return t.getMessage() == null ? t.getClass().getName() : t.getMessage();
    }
}
