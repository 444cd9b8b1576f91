package org.gmdb.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The run's summary in Markdown, ready to paste: for each measure, each contestant's median
 * over the repeats with its range (min..max), the ratios to gearmand (taken within each repeat,
 * then summarised the same way), the target and whether the median meets it, with in how many
 * repeats it was met. A second table gives the CPU figures the same way, a list the failures.
 */
final class ResultTable {

    private final Measurements measurements;
    private final int repeats;

    ResultTable(Measurements measurements, int repeats) {
        this.measurements = measurements;
        this.repeats = repeats;
    }

    void print(PrintStream out) {
        List<Measurements.Row> results = measurements.rows(Measurements.Kind.RESULT);
        List<Contestant> columns = contestantsOf(results);
        List<Contestant> ratioColumns = columns.contains(Contestant.GEARMAND)
                ? columns.stream().filter(Contestant::isOurs).toList() : List.of();
        List<String> head = new ArrayList<>(List.of("measure"));
        columns.forEach(c -> head.add(c.title));
        ratioColumns.forEach(c -> head.add(c.title + " / gearmand"));
        head.addAll(List.of("target", "met (repeats)"));
        header(out, head, 1 + columns.size() + ratioColumns.size());
        for (Measurements.Row row : results) {
            List<String> cells = new ArrayList<>(List.of(label(row)));
            columns.forEach(c -> cells.add(row.has(c) ? cell(row.spread(c), row.unit) : ""));
            ratioColumns.forEach(c -> cells.add(cell(row.ratio(c, Contestant.GEARMAND), "x")));
            cells.add(row.goal.text);
            cells.add(verdict(row));
            line(out, cells);
        }
        List<Measurements.Row> cpu = measurements.rows(Measurements.Kind.CPU);
        if (!cpu.isEmpty()) {
            out.println();
            out.println("CPU in each measured window (the machine has " + Runtime.getRuntime().availableProcessors()
                    + " cores). The server's busiest thread on a CPU plus waiting for one near 100 % means that"
                    + " thread never ran out of work; driver = the bench's JVM.");
            out.println();
            List<Contestant> cpuColumns = contestantsOf(cpu);
            List<String> cpuHead = new ArrayList<>(List.of("measure"));
            cpuColumns.forEach(c -> cpuHead.add(c.title));
            header(out, cpuHead, cpuHead.size());
            for (Measurements.Row row : cpu) {
                List<String> cells = new ArrayList<>(List.of(label(row)));
                cpuColumns.forEach(c -> cells.add(row.has(c) ? cell(row.spread(c), row.unit) : ""));
                line(out, cells);
            }
        }
        if (!measurements.failures().isEmpty()) {
            out.println();
            out.println("Failures:");
            measurements.failures().forEach(f -> out.println("- " + f));
        }
    }

    private String label(Measurements.Row row) {
        return row.caseLabel + ": " + row.measure + ", " + row.unit;
    }

    /** "yes (3/3)": whether the median meets the target, and in how many repeats it was met. */
    private static String verdict(Measurements.Row row) {
        if (row.goal == Goal.NONE) {
            return "";
        }
        Spread judged = row.goal.onOursAlone() ? row.spread(Contestant.OURS)
                : row.ratio(Contestant.OURS, Contestant.GEARMAND);
        if (judged.count() == 0) {
            return "n/a";
        }
        int[] met = row.metCount();
        return (row.goal.met(judged.median(), judged.median()) ? "yes" : "**NO**") + " (" + met[0] + "/" + met[1]
                + ")";
    }

    /** "11,321 (10,902..11,540)"; one value alone; "[2 of 3]" when some repeats gave none. */
    private String cell(Spread spread, String unit) {
        if (spread.count() == 0) {
            return "n/a";
        }
        String text = number(spread.median(), unit);
        if (spread.count() > 1) {
            text += " (" + number(spread.min(), unit) + ".." + number(spread.max(), unit) + ")";
        }
        return spread.count() < repeats ? text + " [" + spread.count() + " of " + repeats + "]" : text;
    }

    private static List<Contestant> contestantsOf(List<Measurements.Row> rows) {
        return Arrays.stream(Contestant.values()).filter(c -> rows.stream().anyMatch(r -> r.has(c))).toList();
    }

    /** The head line and the alignment line: columns 1 to {@code numberColumnsEnd - 1} hold numbers, set right. */
    private static void header(PrintStream out, List<String> head, int numberColumnsEnd) {
        line(out, head);
        List<String> align = new ArrayList<>();
        for (int i = 0; i < head.size(); i++) {
            align.add(i == 0 || i >= numberColumnsEnd ? "---" : "---:");
        }
        line(out, align);
    }

    private static void line(PrintStream out, List<String> cells) {
        out.println("| " + String.join(" | ", cells) + " |");
    }

    static String number(double value, String unit) {
        return switch (unit) {
            case "ms" -> String.format("%.3f", value);
            case "x" -> String.format("%.2f", value);
            case "MiB", "us" -> String.format("%,.1f", value);
            default -> String.format("%,.0f", value);
        };
    }
}
