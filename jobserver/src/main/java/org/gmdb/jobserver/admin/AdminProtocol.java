package org.gmdb.jobserver.admin;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.gmdb.gearman.protocol.TextLine;
import org.gmdb.jobserver.engine.FunctionQueue;
import org.gmdb.jobserver.engine.Handles;
import org.gmdb.jobserver.engine.Job;
import org.gmdb.jobserver.engine.JobServerEngine;
import org.gmdb.jobserver.engine.Session;

/**
 * gearmand's admin text protocol: {@code status}, {@code workers}, {@code maxqueue},
 * {@code show jobs}, {@code cancel job} and the rest, with gearmand 1.1.20's exact replies,
 * so that {@code gearadmin} works unchanged.
 *
 * <p>Words are split on runs of spaces; a leading or trailing space makes an empty word.
 * Command words ignore case. A line of more than {@value #MAX_WORDS} words closes the
 * connection, as gearmand does. {@code shutdown} is not a command (removed in gearmand
 * 1.1.15); use signals.
 *
 * <p>Caveat: lists are built whole, so {@code show jobs} of a million jobs is a ~25 MB reply;
 * the network layer's output cap must allow for that.
 */
public final class AdminProtocol {

    /** gearmand closes the connection on a 6th word. */
    public static final int MAX_WORDS = 5;
    /** What {@code version} reports: gearmand's version, marked as ours. */
    public static final String VERSION = "1.1.20-gmdb";

    private static final String OK = "OK\r\n";

    private final JobServerEngine engine;
    private final long pid = ProcessHandle.current().pid();

    public AdminProtocol(JobServerEngine engine) {
        this.engine = engine;
    }

    /**
     * Runs one line (without its line end) and sends the reply to the session.
     *
     * @return false when the connection must be closed
     */
    public boolean handle(Session session, String line) {
        String[] words = line.split(" +", -1);
        if (words.length > MAX_WORDS) {
            return false;
        }
        String reply = run(words);
        session.send(new TextLine(reply));
        return true;
    }

    String run(String[] w) {
        String command = w[0].toLowerCase(Locale.ROOT);
        return switch (command) {
            case "status" -> status();
            case "prioritystatus" -> priorityStatus();
            case "workers" -> workers();
            case "maxqueue" -> maxQueue(w);
            case "version" -> "OK " + VERSION + "\n";
            case "verbose" -> "OK ERROR\n";
            case "getpid" -> "OK " + pid + "\n";
            case "show" -> show(w);
            case "cancel" -> cancel(w);
            case "create" -> createFunction(w);
            case "drop" -> dropFunction(w);
            default -> unknownCommand(w[0]);
        };
    }

    private static String unknownCommand(String word) {
        return "ERR UNKNOWN_COMMAND Unknown+server+command" + word + "\r\n";
    }

    private static String incompleteArguments(String command) {
        return "ERR INVALID_ARGUMENTS An+incomplete+set+of+arguments+was+sent+to+this+command+" + command + "\r\n";
    }

    // NAME \t TOTAL \t RUNNING \t WORKERS
    private String status() {
        StringBuilder out = new StringBuilder();
        for (FunctionQueue f : engine.functions()) {
            out.append(f.name()).append('\t').append(f.total()).append('\t').append(f.running()).append('\t')
                    .append(f.workerCount()).append('\n');
        }
        return out.append(".\n").toString();
    }

    // NAME \t HIGH \t NORMAL \t LOW \t WORKERS (queued, not running)
    private String priorityStatus() {
        StringBuilder out = new StringBuilder();
        for (FunctionQueue f : engine.functions()) {
            out.append(f.name()).append('\t').append(f.queued(0)).append('\t').append(f.queued(1)).append('\t')
                    .append(f.queued(2)).append('\t').append(f.workerCount()).append('\n');
        }
        return out.append(".\n").toString();
    }

    // FD IP ID : fn fn ... (newest registration first); FD is our connection number
    private String workers() {
        StringBuilder out = new StringBuilder();
        for (Session s : engine.sessions()) {
            byte[] id = s.clientId();
            out.append(s.id()).append(' ').append(s.address()).append(' ')
                    .append(id == null ? "-" : new String(id, StandardCharsets.ISO_8859_1)).append(" :");
            List<FunctionQueue> abilities = s.abilities();
            for (int i = abilities.size() - 1; i >= 0; i--) {
                out.append(' ').append(abilities.get(i).name());
            }
            out.append('\n');
        }
        return out.append(".\n").toString();
    }

    private String maxQueue(String[] w) {
        if (w.length < 2) {
            return incompleteArguments("maxqueue");
        }
        int high = 0;
        int normal = 0;
        int low = 0;
        if (w.length >= 5) {
            high = atoi(w[2]);
            normal = atoi(w[3]);
            low = atoi(w[4]);
        } else if (w.length >= 3) {
            high = normal = low = atoi(w[2]);
        }
        engine.maxQueue(w[1], high, normal, low);
        return OK;
    }

    private String show(String[] w) {
        if (w.length == 1) {
            return unknownCommand(w[0]);
        }
        if (w.length == 2 && w[1].equalsIgnoreCase("jobs")) {
            return showJobs();
        }
        if (w.length == 3 && w[1].equalsIgnoreCase("unique") && w[2].equalsIgnoreCase("jobs")) {
            return showUniqueJobs();
        }
        return "ERR UNKNOWN_SHOW_ARGUMENTS\r\n";
    }

    // HANDLE \t RETRIES \t IGNORE \t QUEUED (1 = background / persisted)
    private String showJobs() {
        Handles handles = engine.handles();
        StringBuilder out = new StringBuilder();
        for (Job job : engine.jobs()) {
            if (job.state() == Job.State.PENDING_STORE) {
                continue;
            }
            out.append(handles.text(job.number())).append('\t').append(job.retries()).append('\t')
                    .append(job.ignored() ? 1 : 0).append('\t').append(job.background() ? 1 : 0).append('\n');
        }
        return out.append(".\n").toString();
    }

    private String showUniqueJobs() {
        StringBuilder out = new StringBuilder();
        for (Job job : engine.jobs()) {
            if (job.state() != Job.State.PENDING_STORE) {
                out.append(new String(job.unique(), StandardCharsets.ISO_8859_1)).append('\n');
            }
        }
        return out.append(".\n").toString();
    }

    private String cancel(String[] w) {
        if (w.length < 3) {
            return unknownCommand(w[0]);
        }
        if (w.length > 3 || !w[1].equalsIgnoreCase("job")) {
            return "ERR UNKNOWN_ERROR\r\n";
        }
        return engine.cancel(w[2].getBytes(StandardCharsets.ISO_8859_1)) ? OK : "ERR UNKNOWN_JOB\r\n";
    }

    private String createFunction(String[] w) {
        if (w.length != 3 || !w[1].equalsIgnoreCase("function")) {
            return incompleteArguments("create");
        }
        engine.createFunction(w[2].getBytes(StandardCharsets.ISO_8859_1));
        return OK;
    }

    private String dropFunction(String[] w) {
        if (w.length != 3 || !w[1].equalsIgnoreCase("function")) {
            return incompleteArguments("drop");
        }
        return switch (engine.dropFunction(w[2])) {
            case DROPPED -> OK;
            case BUSY -> "ERR there are still connected workers or executing clients\r\n";
            case NOT_FOUND -> "ERR function not found\r\n";
        };
    }

    /** C {@code atoi}: leading digits with an optional sign; anything else is 0. */
    static int atoi(String text) {
        int i = 0;
        int n = text.length();
        while (i < n && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        long value = 0;
        for (; i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9' && value <= Integer.MAX_VALUE; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        value = Math.min(value, Integer.MAX_VALUE);
        return (int) (negative ? -value : value);
    }
}
