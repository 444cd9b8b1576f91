package org.gmdb.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gmdb.bench.Measurements.Turn;

/**
 * Benchmarks our job server against gearmand 1.1.20 in one run: the servers start as child
 * processes on 127.0.0.1, the same raw-protocol load driver (in this JVM) runs each load
 * against each, and a Markdown table gives medians and ranges over the repeats, the ratios
 * ours/gearmand and the targets. Beside ours as configured, a second instance of ours runs
 * with its two waits off (gearmand's reply timing), to show what the waits buy. Every figure
 * goes to a raw results file too. Run: {@code java -jar bench/target/bench.jar [--quick]}.
 *
 * <p>Each case runs on every server in every repeat, the order alternating (see
 * {@link RunOrder}), so that a busy moment of the machine is shared out rather than always
 * falling on one server. Caveat: server, driver and whatever else runs on the machine share
 * its cores; the load average is printed and recorded at the start and end. Ratios from one
 * run are what to compare; absolute numbers move with the machine's load.
 */
public final class JobServerBench {

    private static final String DEEP_FUNCTION = "bench_deep";
    /** Fill-and-drain rounds of {@code warmupJobs} each before a deep fill, on a freshly started server. */
    private static final int DEEP_WARMUP_ROUNDS = 4;
    private static final String BG_FUNCTION = "bench_bg";
    private static final int BG_PAYLOAD = 64;
    /** HotSpot's C1 and C2 compiler threads, as {@link ThreadCpu} names them. */
    private static final String JIT_THREADS = "C# CompilerThre";
    /** Depth windows are cut into pieces this long; their median rate shrugs off a scheduler stall. */
    private static final int DEPTH_SUB_WINDOW = 2 * AckTimeline.STEP;
    private static final List<Contestant> THROUGHPUT_CONTESTANTS = List.of(Contestant.OURS,
            Contestant.OURS_WAITS_OFF, Contestant.GEARMAND);
    /** The deep phase is the longest; the waits only touch foreground replies and empty queues. */
    private static final List<Contestant> DEEP_CONTESTANTS = List.of(Contestant.OURS, Contestant.GEARMAND);

    private final BenchOptions options;
    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private Path workDir;
    private Measurements measurements;
    private int recordings;

    JobServerBench(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        int status = 0;
        try {
            new JobServerBench(options, System.out).run();
        } catch (Exception e) {
            System.out.flush();
            System.err.println("bench failed:");
            e.printStackTrace();
            status = 1;
        } finally {
            ProcessReaper.endAll();
        }
        System.exit(status);
    }

    void run() throws IOException, InterruptedException {
        workDir = options.workDir() != null ? Files.createDirectories(options.workDir())
                : Files.createTempDirectory("gmdb-bench-");
        SourceRevision revision = SourceRevision.current();
        ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
        String startLoad = loadAverage();
        try (RawResults raw = RawResults.create(rawResultsPath(revision, started))) {
            measurements = new Measurements(raw, this::elapsed);
            raw.write(runRecord(revision, started, startLoad));
            printHeader(revision, started, startLoad, raw.path());
            try (Driver driver = new Driver(options.driverThreads())) {
                if (options.phases().contains("fg") || options.phases().contains("bg")) {
                    throughputPhases(driver);
                }
                if (options.phases().contains("deep")) {
                    deepQueuePhase(driver);
                }
            }
            String endLoad = loadAverage();
            Map<String, Object> end = new LinkedHashMap<>();
            end.put("record", "end");
            end.put("elapsed_s", elapsed());
            end.put("load_average", endLoad);
            end.put("failures", measurements.failures().size());
            raw.write(end);
            out.println();
            out.println("=== results");
            out.println();
            out.println("Job server bench, " + mode() + " mode, " + options.repeats() + " repeats, commit "
                    + revision.describe() + ", " + started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))
                    + " UTC, " + Runtime.getRuntime().availableProcessors() + " cores, load average " + startLoad
                    + " at the start and " + endLoad + " at the end (1, 5, 15 min), " + elapsed() + " s in all."
                    + " Each cell: median (min..max) over the repeats; a ratio is taken within each repeat.");
            out.println();
            new ResultTable(measurements, options.repeats()).print(out);
            out.println();
            out.println("raw results: " + raw.path());
        }
        out.println("logs" + (options.jfr() ? " and JFR recordings" : "") + ": " + workDir);
    }

    private Path rawResultsPath(SourceRevision revision, ZonedDateTime started) {
        if (options.out() != null) {
            return options.out();
        }
        String name = started.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + revision.shortCommit()
                + (options.quick() ? "-quick" : "") + ".jsonl";
        return revision.topLevel() != null ? revision.topLevel().resolve("bench").resolve("results").resolve(name)
                : workDir.resolve(name);
    }

    private Map<String, Object> runRecord(SourceRevision revision, ZonedDateTime started, String load) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("record", "run");
        run.put("commit", revision.commit());
        run.put("uncommitted_changes", revision.dirty());
        run.put("date", started.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        run.put("cores", Runtime.getRuntime().availableProcessors());
        run.put("load_average", load);
        run.put("mode", mode());
        run.put("repeats", options.repeats());
        run.put("phases", options.phases().stream().sorted().toList());
        run.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        run.put("gearmand", gearmandVersion());
        run.put("server_jvm_flags", options.ourJvmFlags());
        run.put("server_args", options.ourServerArgs());
        run.put("waits_off_args", Contestant.WAITS_OFF_ARGS);
        run.put("driver_threads", options.driverThreads());
        run.put("fg_pairs", options.pairCounts());
        run.put("fg_payload_bytes", options.payloadSizes());
        run.put("fg_warmup_ms", options.fgWarmup().toMillis());
        run.put("fg_window_ms", options.fgMeasure().toMillis());
        run.put("bg_jobs", options.bgJobs());
        run.put("deep_jobs", options.deepJobs());
        run.put("deep_drain_jobs", options.deepDrainJobs());
        return run;
    }

    private void printHeader(SourceRevision revision, ZonedDateTime started, String load, Path rawPath) {
        out.println("=== gmdb job server bench, " + mode() + " mode, " + options.repeats() + " repeats, "
                + started.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 19) + " UTC");
        out.println("commit: " + revision.describe());
        out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, load average "
                + load + " (1, 5, 15 min)");
        out.println("java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        out.println("gearmand: " + gearmandVersion() + ", default threads (4), logging off");
        out.println("our server JVM flags: " + String.join(" ", options.ourJvmFlags())
                + (options.jfr() ? ", plus a JFR recording" : ""));
        out.println("ours: options " + (options.ourServerArgs().isEmpty() ? "(defaults)"
                : String.join(" ", options.ourServerArgs())) + "; ours, waits off: "
                + String.join(" ", serverArgs(Contestant.OURS_WAITS_OFF)));
        out.println("driver: this JVM, " + options.driverThreads() + " Netty event loop threads, raw Gearman protocol");
        out.println("work dir (server logs): " + workDir);
        out.println("raw results: " + rawPath);
    }

    // ---- foreground and background throughput, on one set of servers ----

    private void throughputPhases(Driver driver) throws InterruptedException {
        Map<Contestant, ServerUnderBench> servers = new EnumMap<>(Contestant.class);
        try {
            for (Contestant contestant : THROUGHPUT_CONTESTANTS) {
                servers.put(contestant, start(contestant, "throughput"));
            }
            log("warming up the servers (" + options.serverWarmup().toMillis() + " ms foreground, "
                    + options.warmupJobs() + " background jobs each)");
            for (ServerUnderBench server : servers.values()) {
                warmUp(driver, server);
            }
            for (int repeat = 0; repeat < options.repeats(); repeat++) {
                log("--- repeat " + (repeat + 1) + " of " + options.repeats() + " (foreground and background)");
                int caseIndex = 0;
                if (options.phases().contains("fg")) {
                    for (int size : options.payloadSizes()) {
                        for (int pairs : options.pairCounts()) {
                            foreground(driver, servers, RunOrder.of(THROUGHPUT_CONTESTANTS, repeat, caseIndex++),
                                    repeat, pairs, size);
                        }
                    }
                }
                if (options.phases().contains("bg")) {
                    background(driver, servers, RunOrder.of(THROUGHPUT_CONTESTANTS, repeat, caseIndex), repeat);
                }
            }
            servers.values().forEach(this::logThreadCpu);
        } finally {
            servers.values().forEach(ServerUnderBench::close);
        }
    }

    private void warmUp(Driver driver, ServerUnderBench server) throws InterruptedException {
        Duration half = options.serverWarmup().dividedBy(2);
        ForegroundLoad.run(driver, server, 8, 64, Duration.ZERO, half);
        ForegroundLoad.run(driver, server, 8, 16 * 1024, Duration.ZERO, half);
        warmUpBackground(driver, server);
    }

    private void warmUpBackground(Driver driver, ServerUnderBench server) throws InterruptedException {
        BackgroundLoad.fill(driver, server, "bench_warmup", options.warmupJobs(), options.bgConnections(),
                options.bgWindow(), BG_PAYLOAD, 120);
        BackgroundLoad.drain(driver, server, "bench_warmup", options.warmupJobs(), options.drainWorkers(), 120);
        awaitJitQuiet(server);
    }

    /**
     * Waits (up to 20 s) until a JVM server's JIT compiler threads have gone quiet, so that the
     * compilations the warm-up queued do not run during a measurement. gearmand has none.
     */
    private void awaitJitQuiet(ServerUnderBench server) throws InterruptedException {
        if (!server.isJvm()) {
            return;
        }
        long start = System.nanoTime();
        long before = ThreadCpu.ticksOf(server.pid(), JIT_THREADS);
        while (System.nanoTime() - start < 20_000_000_000L) {
            Thread.sleep(500);
            long now = ThreadCpu.ticksOf(server.pid(), JIT_THREADS);
            if (now - before <= 2) { // at most 20 ms of compiling in 500 ms
                break;
            }
            before = now;
        }
        log(String.format("%-14s JIT quiet after %.1f s; compiler threads used %.1f s of CPU so far", server.name(),
                (System.nanoTime() - start) / 1e9, ThreadCpu.ticksOf(server.pid(), JIT_THREADS) / 100.0));
    }

    private void foreground(Driver driver, Map<Contestant, ServerUnderBench> servers, List<Contestant> order,
                            int repeat, int pairs, int size) throws InterruptedException {
        String label = "fg " + pairs + (pairs == 1 ? " pair, " : " pairs, ") + sizeLabel(size);
        for (int position = 0; position < order.size(); position++) {
            Turn turn = new Turn(repeat, position, order.get(position));
            try {
                ServerUnderBench server = servers.get(turn.contestant());
                server.requireAlive();
                ForegroundLoad.Result r = ForegroundLoad.run(driver, server, pairs, size, options.fgWarmup(),
                        options.fgMeasure());
                log(String.format("%-14s %s: %,.0f jobs/s, p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms "
                                + "(%,d jobs; %s)", server.name(), label, r.jobsPerSecond(), r.p50Nanos() / 1e6,
                        r.p99Nanos() / 1e6, r.p999Nanos() / 1e6, r.maxNanos() / 1e6, r.jobs(), r.cpu()));
                measurements.result(turn, label, "throughput", "jobs/s", Goal.FASTER, r.jobsPerSecond());
                measurements.result(turn, label, "p50 latency", "ms", Goal.NONE, r.p50Nanos() / 1e6);
                measurements.result(turn, label, "p99 latency", "ms", Goal.NO_SLOWER, r.p99Nanos() / 1e6);
                measurements.detail(turn, label, "p99.9 latency", "ms", r.p999Nanos() / 1e6);
                measurements.detail(turn, label, "max latency", "ms", r.maxNanos() / 1e6);
                measurements.detail(turn, label, "jobs in the window", "jobs", r.jobs());
                measurements.cpu(turn, label, r.cpu(), r.jobsPerSecond());
            } catch (RuntimeException e) {
                failed(turn, label, e);
            }
        }
    }

    private void background(Driver driver, Map<Contestant, ServerUnderBench> servers, List<Contestant> order,
                            int repeat) throws InterruptedException {
        String label = "bg " + shortCount(options.bgJobs()) + " x 64 B";
        // a function of its own per repeat, so that what a failed repeat left queued does not upset the next one's count
        String function = BG_FUNCTION + "_" + (repeat + 1);
        for (int position = 0; position < order.size(); position++) {
            Turn turn = new Turn(repeat, position, order.get(position));
            try {
                ServerUnderBench server = servers.get(turn.contestant());
                BackgroundLoad.Fill fill = fillChecked(driver, server, function, options.bgJobs());
                BackgroundLoad.Drain drain = drainChecked(driver, server, function, options.bgJobs(),
                        options.bgJobs());
                measurements.result(turn, label, "submit (" + options.bgConnections() + " connections x "
                        + options.bgWindow() + " in flight)", "jobs/s", Goal.FASTER, fill.jobsPerSecond());
                measurements.result(turn, label, "drain (" + options.drainWorkers() + " workers)", "jobs/s",
                        Goal.FASTER, drain.jobsPerSecond());
                measurements.cpu(turn, label + ", submit", fill.cpu(), fill.jobsPerSecond());
                measurements.cpu(turn, label + ", drain", drain.cpu(), drain.jobsPerSecond());
            } catch (RuntimeException e) {
                failed(turn, label, e);
            }
        }
    }

    private BackgroundLoad.Fill fillChecked(Driver driver, ServerUnderBench server, String function, long jobs)
            throws InterruptedException {
        server.requireAlive();
        BackgroundLoad.Fill fill = BackgroundLoad.fill(driver, server, function, jobs, options.bgConnections(),
                options.bgWindow(), BG_PAYLOAD, 600);
        long queued = AdminStatus.jobsOf(server.port(), function);
        if (queued != jobs) {
            throw new IllegalStateException(server.name() + " 'status' shows " + queued + " jobs of " + function
                    + " after the fill (expected: " + jobs + ")");
        }
        log(String.format("%-14s fill of %,d x 64 B: %,.0f jobs/s (%s)", server.name(), jobs, fill.jobsPerSecond(),
                fill.cpu()));
        return fill;
    }

    /** Drains {@code jobs} of the {@code queued} jobs of a function and checks what 'status' shows after. */
    private BackgroundLoad.Drain drainChecked(Driver driver, ServerUnderBench server, String function, long jobs,
                                              long queued) throws InterruptedException {
        BackgroundLoad.Drain drain = BackgroundLoad.drain(driver, server, function, jobs, options.drainWorkers(), 600);
        long expected = queued - drain.completed();
        long left = -1;
        for (int i = 0; i < 50 && (left = AdminStatus.jobsOf(server.port(), function)) != expected; i++) {
            Thread.sleep(100); // the last WORK_COMPLETEs may still be on their way
        }
        if (left != expected) {
            throw new IllegalStateException(server.name() + " 'status' shows " + left + " jobs of " + function
                    + " after " + drain.completed() + " of " + queued + " were done (expected: " + expected + ")");
        }
        log(String.format("%-14s drain of %,d of %,d queued: %,.0f jobs/s (%s)", server.name(), jobs, queued,
                drain.jobsPerSecond(), drain.cpu()));
        return drain;
    }

    // ---- a deep queue, on fresh servers ----

    /** What one server did with a deep queue. */
    private record Deep(long baselineRss, long loadedRss, long afterGcRss, BackgroundLoad.Fill fill,
                        BackgroundLoad.Drain drain) {
    }

    private void deepQueuePhase(Driver driver) throws InterruptedException {
        String label = "deep " + shortCount(options.deepJobs()) + " x 64 B";
        for (int repeat = 0; repeat < options.repeats(); repeat++) {
            log("--- repeat " + (repeat + 1) + " of " + options.repeats() + " (deep queue)");
            List<Contestant> order = RunOrder.of(DEEP_CONTESTANTS, repeat, 0);
            for (int position = 0; position < order.size(); position++) {
                Turn turn = new Turn(repeat, position, order.get(position));
                try (ServerUnderBench server = start(turn.contestant(), "deep")) {
                    record(turn, label, deep(driver, server));
                } catch (RuntimeException e) {
                    failed(turn, label, e);
                }
            }
        }
    }

    private void record(Turn turn, String label, Deep deep) {
        String depth = String.format("%,d", options.deepJobs());
        double near = rate(deep.fill(), true);
        double far = rate(deep.fill(), false);
        measurements.result(turn, label, "RSS idle baseline (fresh process)", "MiB", Goal.NONE,
                deep.baselineRss() / 1048576.0);
        measurements.result(turn, label, "RSS with " + depth + " queued", "MiB", Goal.NONE,
                deep.loadedRss() / 1048576.0);
        measurements.result(turn, label, "memory per queued job", "B/job", Goal.HALF_MEMORY,
                perJob(deep, deep.loadedRss()));
        measurements.result(turn, label, "memory per queued job, ours after a full GC (info)", "B/job", Goal.NONE,
                perJob(deep, deep.afterGcRss()));
        measurements.result(turn, label, "submit rate near " + String.format("%,d", options.nearDepth())
                + " queued", "jobs/s", Goal.FASTER, near);
        measurements.result(turn, label, "submit rate near " + depth + " queued", "jobs/s", Goal.FASTER, far);
        measurements.result(turn, label, "flatness: rate near " + shortCount(options.deepJobs()) + " / near "
                + shortCount(options.nearDepth()), "x", Goal.FLAT, far / near);
        measurements.result(turn, label, "drain, first " + shortCount(options.deepDrainJobs()) + " ("
                + options.drainWorkers() + " workers)", "jobs/s", Goal.FASTER, deep.drain().jobsPerSecond());
        measurements.detail(turn, label, "submit rate of the whole fill", "jobs/s", deep.fill().jobsPerSecond());
        measurements.cpu(turn, label + ", fill", deep.fill().cpu(), deep.fill().jobsPerSecond());
        measurements.cpu(turn, label + ", drain", deep.drain().cpu(), deep.drain().jobsPerSecond());
    }

    private Deep deep(Driver driver, ServerUnderBench server) throws InterruptedException {
        Thread.sleep(1000); // idle: let a JVM finish starting up before the baseline
        long baseline = server.rssBytes();
        long jobs = options.deepJobs();
        // After the baseline, so whatever the warm-up leaves (JIT code, heap, malloc arenas) counts against the server;
        // before the fill, so the rate near 20k queued is the queue's, not a cold JIT's. One round is not enough for a
        // fresh JVM: the fill path was still being compiled to its final tier during the fill.
        for (int round = 0; round < DEEP_WARMUP_ROUNDS; round++) {
            warmUpBackground(driver, server);
        }
        log(String.format("%-14s deep queue: idle RSS %.1f MiB (fresh), %.1f MiB after a warm-up of %d x %,d jobs; "
                + "filling %,d x 64 B", server.name(), baseline / 1048576.0, server.rssBytes() / 1048576.0,
                DEEP_WARMUP_ROUNDS, options.warmupJobs(), jobs));
        BackgroundLoad.Fill fill = fillChecked(driver, server, DEEP_FUNCTION, jobs);
        Thread.sleep(1000);
        long loaded = server.rssBytes();
        long afterGc = server.isJvm() ? rssAfterFullGc(server) : loaded;
        log(String.format("%-14s deep queue: RSS %.1f MiB loaded (%.0f B/job), %.1f MiB after a full GC; rates by depth: %s",
                server.name(), loaded / 1048576.0, (loaded - baseline) / (double) jobs, afterGc / 1048576.0,
                ratesByDepth(fill.timeline(), jobs)));
        log(String.format("%-14s deep queue: pieces near %,d: %s", server.name(), options.nearDepth(),
                piecesNear(fill.timeline())));
        // Only the first part: gearmand drains a deep queue so slowly that all of it would not fit the time budget.
        BackgroundLoad.Drain drain = drainChecked(driver, server, DEEP_FUNCTION, options.deepDrainJobs(), jobs);
        logThreadCpu(server);
        return new Deep(baseline, loaded, afterGc, fill, drain);
    }

    /** The rates of the pieces whose median is the rate near the shallow depth: shows a pause as an outlier. */
    private String piecesNear(AckTimeline timeline) {
        long from = windowStart(true);
        List<String> parts = new ArrayList<>();
        for (double rate : timeline.pieceRates(from, windowEnd(from), DEPTH_SUB_WINDOW)) {
            parts.add(String.format("%,.0f", rate));
        }
        return String.join(" ", parts);
    }

    /** Submit rate over each tenth of the fill, to show the curve. */
    private static String ratesByDepth(AckTimeline timeline, long jobs) {
        List<String> parts = new ArrayList<>();
        long tenth = jobs / 10 / AckTimeline.STEP * AckTimeline.STEP;
        for (long from = 0; tenth > 0 && from + tenth <= jobs; from += tenth) {
            parts.add(String.format("%s-%s %,.0f/s", shortCount(from), shortCount(from + tenth),
                    timeline.rate(from, from + tenth)));
        }
        return String.join(", ", parts);
    }

    /**
     * Runs {@code jcmd <pid> GC.class_histogram} (a full GC, then live objects by class), logs
     * the biggest classes per queued job, and returns the RSS a second later; -1 when jcmd fails.
     */
    private long rssAfterFullGc(ServerUnderBench server) throws InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process histogram = new ProcessBuilder(jcmd.toString(), Long.toString(server.pid()), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            List<String> lines = new String(histogram.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines().toList();
            if (!histogram.waitFor(60, TimeUnit.SECONDS) || histogram.exitValue() != 0) {
                histogram.destroyForcibly();
                log("jcmd GC.class_histogram on pid " + server.pid() + " failed; no after-GC figure");
                return -1;
            }
            logHistogram(server, lines);
            Thread.sleep(1000);
            return server.rssBytes();
        } catch (IOException e) {
            log("cannot run " + jcmd + ": " + e.getMessage());
            return -1;
        }
    }

    //  num     #instances         #bytes  class name (module)
    //    1:       1000000      112000000  org.gmdb.jobserver.engine.Job
    private void logHistogram(ServerUnderBench server, List<String> lines) {
        List<String> parts = new ArrayList<>();
        for (String line : lines) {
            String[] words = line.trim().split("\\s+");
            if (words.length >= 4 && words[0].endsWith(":") && parts.size() < 8) {
                parts.add(String.format("%s %.0f B", words[3], Long.parseLong(words[2]) / (double) options.deepJobs()));
            } else if (words.length >= 3 && words[0].equals("Total")) {
                parts.add(0, String.format("live heap %.0f B", Long.parseLong(words[2]) / (double) options.deepJobs()));
            }
        }
        log(String.format("%-14s heap per queued job after a full GC: %s", server.name(), String.join(", ", parts)));
    }

    /** The median piece rate near the shallow depth, or near the full depth. */
    private double rate(BackgroundLoad.Fill fill, boolean near) {
        long from = windowStart(near);
        return fill.timeline().medianRate(from, windowEnd(from), DEPTH_SUB_WINDOW);
    }

    /** Where the stretch of a "near" rate starts: around the shallow depth, or the last stretch of the fill. */
    private long windowStart(boolean near) {
        long window = options.depthWindow();
        return near ? Math.max(0, options.nearDepth() - window / 2) : Math.max(0, options.deepJobs() - window);
    }

    private long windowEnd(long from) {
        return Math.min(options.deepJobs(), from + options.depthWindow());
    }

    /** Bytes per queued job above the fresh baseline; NaN when the RSS could not be read (-1). */
    private double perJob(Deep deep, long rss) {
        return rss < 0 ? Double.NaN : (rss - deep.baselineRss()) / (double) options.deepJobs();
    }

    // ---- servers and small helpers ----

    private ServerUnderBench start(Contestant contestant, String tag) {
        ServerUnderBench server = contestant.isOurs()
                ? ServerUnderBench.startOurs(contestant.id, ourFlags(contestant.id + "-" + tag),
                        serverArgs(contestant), options.classPath(), workDir)
                : ServerUnderBench.startGearmand(contestant.id, options.gearmandBinary(), workDir);
        log("started " + server + ": " + String.join(" ", server.command()).replace(options.classPath(), "<bench jar>"));
        return server;
    }

    /** Our server's options: as given, and for the waits-off contestant with both waits set to 0 after them. */
    private List<String> serverArgs(Contestant contestant) {
        List<String> args = new ArrayList<>(options.ourServerArgs());
        if (contestant == Contestant.OURS_WAITS_OFF) {
            args.addAll(Contestant.WAITS_OFF_ARGS);
        }
        return args;
    }

    private List<String> ourFlags(String tag) {
        List<String> flags = new ArrayList<>(options.ourJvmFlags());
        if (options.jfr()) {
            flags.add("-XX:StartFlightRecording=filename=" + workDir.resolve(tag + "-" + (++recordings)
                    + ".jfr") + ",settings=profile,dumponexit=true");
        }
        return flags;
    }

    private void logThreadCpu(ServerUnderBench server) {
        if (server.isAlive()) {
            log(String.format("%-14s CPU by thread since start: %s", server.name(), ThreadCpu.busiest(server.pid(), 6)));
        }
    }

    private void failed(Turn turn, String label, Exception e) {
        log("FAILED " + turn.contestant().id + " " + label + " (repeat " + (turn.repeat() + 1) + "): " + e.getMessage());
        measurements.failed(turn, label, String.valueOf(e.getMessage()));
    }

    private String mode() {
        return options.quick() ? "quick" : "full";
    }

    private void log(String message) {
        out.printf("[%4d s] %s%n", elapsed(), message);
        out.flush();
    }

    private long elapsed() {
        return (System.nanoTime() - startNanos) / 1_000_000_000L;
    }

    private static String sizeLabel(int size) {
        return size >= 1024 ? size / 1024 + " KiB" : size + " B";
    }

    private static String shortCount(long n) {
        if (n >= 1_000_000 && n % 1_000_000 == 0) {
            return n / 1_000_000 + "M";
        }
        return n >= 1000 && n % 1000 == 0 ? n / 1000 + "k" : Long.toString(n);
    }

    private static String loadAverage() {
        try {
            String[] words = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return words[0] + ", " + words[1] + ", " + words[2];
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private String gearmandVersion() {
        try {
            Process p = new ProcessBuilder(options.gearmandBinary(), "--version").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return options.gearmandBinary() + " (" + text.replace('\n', ' ') + ")";
        } catch (IOException e) {
            return options.gearmandBinary() + " (version unknown: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return options.gearmandBinary();
        }
    }
}
