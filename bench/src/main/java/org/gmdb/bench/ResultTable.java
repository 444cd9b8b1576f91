package org.gmdb.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The bench's verdict: one row per measure with both servers' numbers, the ratio
 * ours/gearmand, the target it is held to and whether it is met; then the CPU each side used.
 */
final class ResultTable {

    /** The targets, as conditions on the ratio ours/gearmand (or on ours alone). */
    enum Goal {
        FASTER("ratio >= 1.5"),
        NO_SLOWER("ratio <= 1.0"),
        HALF_MEMORY("ratio <= 0.5"),
        FLAT("ours >= 0.80"),
        NONE("");

        final String text;

        Goal(String text) {
            this.text = text;
        }

        String verdict(double ours, double ratio) {
            if (this == NONE) {
                return "";
            }
            double tested = this == FLAT ? ours : ratio;
            if (Double.isNaN(tested)) {
                return "n/a";
            }
            boolean met = switch (this) {
                case FASTER -> ratio >= 1.5;
                case NO_SLOWER -> ratio <= 1.0;
                case HALF_MEMORY -> ratio <= 0.5;
                case FLAT -> ours >= 0.80;
                case NONE -> true;
            };
            return met ? "yes" : "NO";
        }
    }

    private record Row(String metric, String unit, double ours, double gearmand, Goal goal, String note) {
    }

    private record CpuRow(String phase, CpuMeter.Usage ours, double oursRate, CpuMeter.Usage gearmand,
                          double gearmandRate) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<CpuRow> cpuRows = new ArrayList<>();

    void add(String metric, String unit, double ours, double gearmand, Goal goal) {
        rows.add(new Row(metric, unit, ours, gearmand, goal, null));
    }

    void failed(String metric, String why) {
        rows.add(new Row(metric, "", Double.NaN, Double.NaN, Goal.NONE, "FAILED: " + why));
    }

    /** CPU of both sides during a phase, with each server's job rate to get its CPU cost per job. */
    void cpu(String phase, CpuMeter.Usage ours, double oursRate, CpuMeter.Usage gearmand, double gearmandRate) {
        cpuRows.add(new CpuRow(phase, ours, oursRate, gearmand, gearmandRate));
    }

    void print(PrintStream out) {
        String format = "%-44s %-7s %14s %14s %8s  %-13s %s%n";
        out.printf(format, "measure", "unit", "ours", "gearmand", "ratio", "target", "met");
        out.println("-".repeat(110));
        for (Row row : rows) {
            if (row.note != null) {
                out.printf("%-44s %s%n", row.metric, row.note);
                continue;
            }
            double ratio = row.ours / row.gearmand;
            out.printf(format, row.metric, row.unit, number(row.ours, row.unit), number(row.gearmand, row.unit),
                    Double.isFinite(ratio) ? String.format("%.2f", ratio) : "n/a", row.goal.text,
                    row.goal.verdict(row.ours, ratio));
        }
        if (!cpuRows.isEmpty()) {
            out.println();
            out.println("CPU during each measured window: server % of one core (the machine has "
                    + Runtime.getRuntime().availableProcessors() + "), of it in the kernel, server CPU per job;");
            out.println("top = the server's busiest thread: % of the window on a CPU / waiting for one (a sum near"
                    + " 100 means that thread never ran out of work); drv = this JVM's CPU");
            String cpuFormat = "%-44s %6s %6s %7s %9s | %6s %6s %7s %9s | %8s %6s%n";
            out.printf(cpuFormat, "phase", "ours", "sys", "us/job", "top", "gearm", "sys", "us/job", "top",
                    "drv ours", "drv gm");
            out.println("-".repeat(136));
            for (CpuRow row : cpuRows) {
                out.printf(cpuFormat, row.phase, percent(row.ours.serverPercent()),
                        percent(row.ours.serverSystemPercent()), micros(row.ours.serverMicrosPerJob(row.oursRate)),
                        top(row.ours), percent(row.gearmand.serverPercent()),
                        percent(row.gearmand.serverSystemPercent()),
                        micros(row.gearmand.serverMicrosPerJob(row.gearmandRate)),
                        top(row.gearmand), percent(row.ours.driverPercent()),
                        percent(row.gearmand.driverPercent()));
            }
        }
    }

    private static String top(CpuMeter.Usage usage) {
        return String.format("%.0f/%.0f", usage.topThreadRunPercent(), usage.topThreadWaitPercent());
    }

    private static String micros(double value) {
        return Double.isFinite(value) ? String.format("%.1f", value) : "n/a";
    }

    private static String percent(double value) {
        return Double.isNaN(value) ? "n/a" : String.format("%.0f%%", value);
    }

    private static String number(double value, String unit) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return switch (unit) {
            case "ms" -> String.format("%.3f", value);
            case "x" -> String.format("%.2f", value);
            case "MiB" -> String.format("%,.1f", value);
            default -> String.format("%,.0f", value);
        };
    }
}
