package org.gmdb.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's summary in Markdown, ready to paste: for each measure, each contestant's median
 * over the repeats with its range (min..max), the ratios to gearmand (taken within each repeat,
 * then summarised the same way), the target and whether the median meets it, with in how many
 * repeats it was met. A second table gives the CPU of each measured window, a list the failures.
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
            ratioColumns.forEach(c -> cells.add(row.has(c) ? cell(row.ratio(c, Contestant.GEARMAND), "x") : ""));
            cells.add(row.goal.text);
            cells.add(verdict(row));
            line(out, cells);
        }
        List<Measurements.Row> cpu = measurements.rows(Measurements.Kind.CPU);
        if (!cpu.isEmpty()) {
            out.println();
            out.println("CPU in each measured window, medians (ranges of CPU and CPU per job): the server's CPU in % of"
                    + " one core (the machine has " + Runtime.getRuntime().availableProcessors() + " cores), of it in"
                    + " the kernel, per job; top = the server's busiest thread, % of the window on a CPU / waiting"
                    + " for one (near 100 together: it never ran out of work); driver = the bench's JVM.");
            out.println();
            List<Contestant> cpuColumns = contestantsOf(cpu);
            List<String> cpuHead = new ArrayList<>(List.of("window"));
            cpuColumns.forEach(c -> cpuHead.add(c.title));
            header(out, cpuHead, 1);
            Map<String, Map<String, Measurements.Row>> byWindow = new LinkedHashMap<>();
            for (Measurements.Row row : cpu) {
                byWindow.computeIfAbsent(row.caseLabel, k -> new LinkedHashMap<>()).put(row.measure, row);
            }
            byWindow.forEach((window, rows) -> {
                List<String> cells = new ArrayList<>(List.of(window));
                cpuColumns.forEach(c -> cells.add(cpuCell(rows, c)));
                line(out, cells);
            });
        }
        if (!measurements.failures().isEmpty()) {
            out.println();
            out.println("Failures:");
            measurements.failures().forEach(f -> out.println("- " + f));
        }
    }

    /** "69 % (62..69), kernel 23 %, 70.4 us/job (56.6..336.5), top 44/40, driver 39 %". */
    private String cpuCell(Map<String, Measurements.Row> rows, Contestant contestant) {
        Measurements.Row server = rows.get(Measurements.SERVER_CPU);
        if (server == null || !server.has(contestant)) {
            return "";
        }
        return cell(server.spread(contestant), "%") + " %, kernel " + median(rows, Measurements.SERVER_KERNEL_CPU,
                contestant) + " %, " + cell(rows.get(Measurements.CPU_PER_JOB).spread(contestant), "us")
                + " us/job, top " + median(rows, Measurements.TOP_THREAD_RUN, contestant) + "/"
                + median(rows, Measurements.TOP_THREAD_WAIT, contestant) + ", driver "
                + median(rows, Measurements.DRIVER_CPU, contestant) + " %";
    }

    private static String median(Map<String, Measurements.Row> rows, String measure, Contestant contestant) {
        Measurements.Row row = rows.get(measure);
        Spread spread = row == null ? Spread.NONE : row.spread(contestant);
        return spread.count() == 0 ? "n/a" : number(spread.median(), row.unit);
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
        Measurements.Tally tally = row.metCount();
        return (row.goal.met(judged.median(), judged.median()) ? "yes" : "**NO**") + " (" + tally.met() + "/"
                + tally.judged() + ")";
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
