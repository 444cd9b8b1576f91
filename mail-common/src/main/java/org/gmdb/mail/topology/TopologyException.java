package org.gmdb.mail.topology;

import java.util.List;

/**
 * A topology file that is missing, unreadable or contradictory. The message lists every problem
 * found (one per line, with the file and line number where there is one), so one start-up
 * attempt shows them all.
 */
public class TopologyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public TopologyException(String problem) {
        this(List.of(problem), null);
    }

    public TopologyException(String problem, Throwable cause) {
        this(List.of(problem), cause);
    }

    public TopologyException(List<String> problems, Throwable cause) {
        super(String.join("\n", problems), cause);
        this.problems = List.copyOf(problems);
    }

    /** Each problem, as one line of text. */
    public List<String> problems() {
        return problems;
    }
}
