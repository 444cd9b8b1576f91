package org.gmdb.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Every figure of a run, by case, measure, contestant and repeat. Each one also goes to the
 * raw results at once; the summary takes medians and ranges from here.
 *
 * <p>Caveat: a NaN (a figure that could not be taken, e.g. when jcmd fails) is left out, so a
 * row may have fewer values than the run has repeats; the summary says so.
 */
final class Measurements {

    /** Where a figure shows: the result table, the CPU table, or the raw results only. */
    enum Kind { RESULT, CPU, DETAIL }

    /** One contestant's go at one case: the repeat (from 0) and its place in that case's order (from 0). */
    record Turn(int repeat, int position, Contestant contestant) {
    }

    /** In how many repeats a target was met, of how many it could be judged in. */
    record Tally(int met, int judged) {
    }

    /** One measure of one case: its values by contestant and repeat. */
    static final class Row {
        final String caseLabel;
        final String measure;
        final String unit;
        final Goal goal;
        final Kind kind;
        private final Map<Contestant, Map<Integer, Double>> values = new EnumMap<>(Contestant.class);

        private Row(String caseLabel, String measure, String unit, Goal goal, Kind kind) {
            this.caseLabel = caseLabel;
            this.measure = measure;
            this.unit = unit;
            this.goal = goal;
            this.kind = kind;
        }

        boolean has(Contestant contestant) {
            return values.containsKey(contestant);
        }

        Spread spread(Contestant contestant) {
            return Spread.of(byRepeat(contestant).values());
        }

        /** The ratio taken within each repeat where both were measured. */
        Spread ratio(Contestant numerator, Contestant denominator) {
            return Spread.of(ratios(numerator, denominator));
        }

        /** In how many repeats ours (or ours/gearmand) met the goal, of how many it could be judged in. */
        Tally metCount() {
            Collection<Double> judged = goal.onOursAlone() ? byRepeat(Contestant.OURS).values()
                    : ratios(Contestant.OURS, Contestant.GEARMAND);
            int met = 0;
            for (double value : judged) {
                if (goal.met(value, value)) {
                    met++;
                }
            }
            return new Tally(met, judged.size());
        }

        private List<Double> ratios(Contestant numerator, Contestant denominator) {
            Map<Integer, Double> below = byRepeat(denominator);
            List<Double> ratios = new ArrayList<>();
            byRepeat(numerator).forEach((repeat, value) -> {
                Double other = below.get(repeat);
                if (other != null) {
                    ratios.add(value / other);
                }
            });
            return ratios;
        }

        private Map<Integer, Double> byRepeat(Contestant contestant) {
            return values.getOrDefault(contestant, Map.of());
        }
    }

    static final String SERVER_CPU = "server CPU";
    static final String SERVER_KERNEL_CPU = "server CPU in the kernel";
    static final String CPU_PER_JOB = "server CPU per job";
    static final String TOP_THREAD_RUN = "server's busiest thread on a CPU";
    static final String TOP_THREAD_WAIT = "server's busiest thread waiting for a CPU";
    static final String DRIVER_CPU = "driver CPU";

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final RawResults raw;
    private final LongSupplier elapsedSeconds;

    Measurements(RawResults raw, LongSupplier elapsedSeconds) {
        this.raw = raw;
        this.elapsedSeconds = elapsedSeconds;
    }

    void result(Turn turn, String caseLabel, String measure, String unit, Goal goal, double value) {
        add(turn, caseLabel, measure, unit, goal, Kind.RESULT, value);
    }

    /** A figure for the raw results only. */
    void detail(Turn turn, String caseLabel, String measure, String unit, double value) {
        add(turn, caseLabel, measure, unit, Goal.NONE, Kind.DETAIL, value);
    }

    /** The CPU a server and the driver used in one measured window, with the server's job rate for its cost per job. */
    void cpu(Turn turn, String caseLabel, CpuMeter.Usage usage, double jobsPerSecond) {
        add(turn, caseLabel, SERVER_CPU, "% of one core", Goal.NONE, Kind.CPU, usage.serverPercent());
        add(turn, caseLabel, SERVER_KERNEL_CPU, "% of one core", Goal.NONE, Kind.CPU, usage.serverSystemPercent());
        add(turn, caseLabel, CPU_PER_JOB, "us", Goal.NONE, Kind.CPU, usage.serverMicrosPerJob(jobsPerSecond));
        add(turn, caseLabel, TOP_THREAD_RUN, "% of the window", Goal.NONE, Kind.CPU, usage.topThreadRunPercent());
        add(turn, caseLabel, TOP_THREAD_WAIT, "% of the window", Goal.NONE, Kind.CPU, usage.topThreadWaitPercent());
        add(turn, caseLabel, DRIVER_CPU, "% of one core", Goal.NONE, Kind.CPU, usage.driverPercent());
    }

    void failed(Turn turn, String caseLabel, String why) {
        failures.add("repeat " + (turn.repeat() + 1) + ", " + turn.contestant().id + ", " + caseLabel + ": " + why);
        Map<String, Object> line = start("failure", turn, caseLabel);
        line.put("error", why);
        raw.write(line);
    }

    List<Row> rows(Kind kind) {
        return rows.values().stream().filter(r -> r.kind == kind).toList();
    }

    List<String> failures() {
        return failures;
    }

    private void add(Turn turn, String caseLabel, String measure, String unit, Goal goal, Kind kind, double value) {
        if (!Double.isFinite(value)) {
            return;
        }
        Row row = rows.computeIfAbsent(caseLabel + ": " + measure,
                k -> new Row(caseLabel, measure, unit, goal, kind));
        row.values.computeIfAbsent(turn.contestant(), c -> new TreeMap<>()).put(turn.repeat(), value);
        Map<String, Object> line = start("measurement", turn, caseLabel);
        line.put("measure", measure);
        line.put("unit", unit);
        line.put("value", value);
        raw.write(line);
    }

    private Map<String, Object> start(String record, Turn turn, String caseLabel) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("record", record);
        line.put("elapsed_s", elapsedSeconds.getAsLong());
        line.put("repeat", turn.repeat() + 1);
        line.put("turn", turn.position() + 1);
        line.put("contestant", turn.contestant().id);
        line.put("case", caseLabel);
        return line;
    }
}
