package org.gmdb.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gmdb.bench.ResultTable.Goal;

/**
 * Benchmarks our job server against gearmand 1.1.20 in one run: both start as child
 * processes on 127.0.0.1, the same raw-protocol load driver (in this JVM) runs each load
 * against each, and a table gives both numbers and the ratio ours/gearmand against the
 * issue's targets. Run: {@code java -jar bench/target/bench.jar [--quick]}.
 *
 * <p>Caveat: server, driver and whatever else runs on the machine share its cores; the load
 * average is printed at the start and end, and CPU per side beside the results. Ratios from
 * one run are what to compare; absolute numbers move with the machine's load.
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

    private final BenchOptions options;
    private final PrintStream out;
    private final ResultTable table = new ResultTable();
    private final long startNanos = System.nanoTime();
    private Path workDir;
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
        printHeader();
        try (Driver driver = new Driver(options.driverThreads())) {
            if (options.phases().contains("fg") || options.phases().contains("bg")) {
                throughputPhases(driver);
            }
            if (options.phases().contains("deep")) {
                deepQueuePhase(driver);
            }
        }
        out.println();
        out.println("=== results (" + (options.quick() ? "quick" : "full") + " mode), load average at the end: "
                + loadAverage() + ", " + elapsed() + " s in all");
        table.print(out);
        out.println();
        out.println("logs" + (options.jfr() ? " and JFR recordings" : "") + ": " + workDir);
    }

    private void printHeader() {
        out.println("=== gmdb job server bench, " + (options.quick() ? "quick" : "full") + " mode, "
                + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 19));
        out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, load average "
                + loadAverage() + " (1, 5, 15 min)");
        out.println("java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        out.println("gearmand: " + gearmandVersion() + ", default threads (4), logging off");
        out.println("our server JVM flags: " + String.join(" ", ourFlags("example")));
        out.println("our server options: " + (options.ourServerArgs().isEmpty() ? "defaults"
                : String.join(" ", options.ourServerArgs())));
        out.println("driver: this JVM, " + options.driverThreads() + " Netty event loop threads, raw Gearman protocol");
        out.println("work dir (server logs): " + workDir);
    }

    // ---- foreground and background throughput, on one pair of servers ----

    private void throughputPhases(Driver driver) throws InterruptedException {
        try (ServerUnderBench ours = startOurs("throughput");
             ServerUnderBench gearmand = started(ServerUnderBench.startGearmand(options.gearmandBinary(), workDir))) {
            log("warming up both servers (" + options.serverWarmup().toMillis() + " ms foreground, "
                    + options.warmupJobs() + " background jobs)");
            warmUp(driver, ours);
            warmUp(driver, gearmand);
            if (options.phases().contains("fg")) {
                int turn = 0;
                for (int size : options.payloadSizes()) {
                    for (int pairs : options.pairCounts()) {
                        foreground(driver, ours, gearmand, pairs, size, turn++ % 2 == 1);
                    }
                }
            }
            if (options.phases().contains("bg")) {
                background(driver, ours, gearmand);
            }
            logThreadCpu(ours);
            logThreadCpu(gearmand);
        }
    }

    private void warmUp(Driver driver, ServerUnderBench server) throws InterruptedException {
        java.time.Duration half = options.serverWarmup().dividedBy(2);
        ForegroundLoad.run(driver, server, 8, 64, java.time.Duration.ZERO, half);
        ForegroundLoad.run(driver, server, 8, 16 * 1024, java.time.Duration.ZERO, half);
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
        if (!server.name().equals(ServerUnderBench.OURS)) {
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
        log(String.format("%-9s JIT quiet after %.1f s; compiler threads used %.1f s of CPU so far", server.name(),
                (System.nanoTime() - start) / 1e9, ThreadCpu.ticksOf(server.pid(), JIT_THREADS) / 100.0));
    }

    private void foreground(Driver driver, ServerUnderBench ours, ServerUnderBench gearmand, int pairs, int size,
                            boolean gearmandFirst) throws InterruptedException {
        String label = "fg " + pairs + (pairs == 1 ? " pair,  " : " pairs, ") + sizeLabel(size);
        try {
            ForegroundLoad.Result g = null;
            if (gearmandFirst) {
                g = foregroundOn(driver, gearmand, pairs, size, label);
            }
            ForegroundLoad.Result o = foregroundOn(driver, ours, pairs, size, label);
            if (!gearmandFirst) {
                g = foregroundOn(driver, gearmand, pairs, size, label);
            }
            table.add(label + ": throughput", "jobs/s", o.jobsPerSecond(), g.jobsPerSecond(), Goal.FASTER);
            table.add(label + ": p50 latency", "ms", o.p50Nanos() / 1e6, g.p50Nanos() / 1e6, Goal.NONE);
            table.add(label + ": p99 latency", "ms", o.p99Nanos() / 1e6, g.p99Nanos() / 1e6, Goal.NO_SLOWER);
            table.cpu(label, o.cpu(), o.jobsPerSecond(), g.cpu(), g.jobsPerSecond());
        } catch (RuntimeException e) {
            failed(label, e);
        }
    }

    private ForegroundLoad.Result foregroundOn(Driver driver, ServerUnderBench server, int pairs, int size,
                                               String label) throws InterruptedException {
        server.requireAlive();
        ForegroundLoad.Result r = ForegroundLoad.run(driver, server, pairs, size, options.fgWarmup(),
                options.fgMeasure());
        log(String.format("%-9s %s: %,.0f jobs/s, p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms (%,d jobs; %s)",
                server.name(), label, r.jobsPerSecond(), r.p50Nanos() / 1e6, r.p99Nanos() / 1e6, r.p999Nanos() / 1e6,
                r.maxNanos() / 1e6, r.jobs(), r.cpu()));
        return r;
    }

    private void background(Driver driver, ServerUnderBench ours, ServerUnderBench gearmand)
            throws InterruptedException {
        String label = "bg " + options.bgJobs() / 1000 + "k x 64 B";
        try {
            BackgroundLoad.Fill oFill = fillChecked(driver, ours, BG_FUNCTION, options.bgJobs());
            BackgroundLoad.Drain oDrain = drainChecked(driver, ours, BG_FUNCTION, options.bgJobs(), options.bgJobs());
            BackgroundLoad.Fill gFill = fillChecked(driver, gearmand, BG_FUNCTION, options.bgJobs());
            BackgroundLoad.Drain gDrain = drainChecked(driver, gearmand, BG_FUNCTION, options.bgJobs(),
                    options.bgJobs());
            table.add(label + ": submit (" + options.bgConnections() + " conns x " + options.bgWindow()
                    + " in flight)", "jobs/s", oFill.jobsPerSecond(), gFill.jobsPerSecond(), Goal.FASTER);
            table.add(label + ": drain (" + options.drainWorkers() + " workers)", "jobs/s", oDrain.jobsPerSecond(),
                    gDrain.jobsPerSecond(), Goal.FASTER);
            table.cpu(label + ": submit", oFill.cpu(), oFill.jobsPerSecond(), gFill.cpu(), gFill.jobsPerSecond());
            table.cpu(label + ": drain", oDrain.cpu(), oDrain.jobsPerSecond(), gDrain.cpu(), gDrain.jobsPerSecond());
        } catch (RuntimeException e) {
            failed(label, e);
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
        log(String.format("%-9s fill of %,d x 64 B: %,.0f jobs/s (%s)", server.name(), jobs, fill.jobsPerSecond(),
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
        log(String.format("%-9s drain of %,d of %,d queued: %,.0f jobs/s (%s)", server.name(), jobs, queued,
                drain.jobsPerSecond(), drain.cpu()));
        return drain;
    }

    // ---- a deep queue, on fresh servers ----

    /** What one server did with a deep queue. */
    private record Deep(long baselineRss, long loadedRss, long afterGcRss, BackgroundLoad.Fill fill,
                        BackgroundLoad.Drain drain) {
    }

    private void deepQueuePhase(Driver driver) throws InterruptedException {
        Deep ours = null;
        Deep gearmand = null;
        try (ServerUnderBench server = startOurs("deep")) {
            ours = deep(driver, server, true);
        } catch (RuntimeException e) {
            failed("deep queue (ours)", e);
        }
        try (ServerUnderBench server = started(ServerUnderBench.startGearmand(options.gearmandBinary(), workDir))) {
            gearmand = deep(driver, server, false);
        } catch (RuntimeException e) {
            failed("deep queue (gearmand)", e);
        }
        long jobs = options.deepJobs();
        String depth = String.format("%,d", jobs);
        String near = String.format("%,d", options.nearDepth());
        table.add("deep: RSS idle baseline (fresh process)", "MiB", mib(ours, Deep::baselineRss),
                mib(gearmand, Deep::baselineRss), Goal.NONE);
        table.add("deep: RSS with " + depth + " queued", "MiB", mib(ours, Deep::loadedRss),
                mib(gearmand, Deep::loadedRss), Goal.NONE);
        table.add("deep: memory per queued 64 B job", "B/job", perJob(ours, Deep::loadedRss),
                perJob(gearmand, Deep::loadedRss), Goal.HALF_MEMORY);
        table.add("deep: same after a full GC of ours (info)", "B/job", perJob(ours, Deep::afterGcRss),
                perJob(gearmand, Deep::loadedRss), Goal.NONE);
        table.add("deep: submit rate near " + near + " queued", "jobs/s", rate(ours, true), rate(gearmand, true),
                Goal.FASTER);
        table.add("deep: submit rate near " + depth + " queued", "jobs/s", rate(ours, false),
                rate(gearmand, false), Goal.FASTER);
        table.add("deep: flatness = rate near " + shortCount(jobs) + " / near " + shortCount(options.nearDepth()),
                "x", rate(ours, false) / rate(ours, true), rate(gearmand, false) / rate(gearmand, true), Goal.FLAT);
        table.add("deep: drain, first " + shortCount(options.deepDrainJobs()) + " of " + shortCount(jobs) + " ("
                + options.drainWorkers() + " workers)", "jobs/s",
                ours == null ? Double.NaN : ours.drain().jobsPerSecond(),
                gearmand == null ? Double.NaN : gearmand.drain().jobsPerSecond(), Goal.FASTER);
        if (ours != null && gearmand != null) {
            table.cpu("deep: fill of " + depth, ours.fill().cpu(), ours.fill().jobsPerSecond(), gearmand.fill().cpu(),
                    gearmand.fill().jobsPerSecond());
            table.cpu("deep: drain, first " + shortCount(options.deepDrainJobs()), ours.drain().cpu(),
                    ours.drain().jobsPerSecond(), gearmand.drain().cpu(), gearmand.drain().jobsPerSecond());
        }
    }

    private Deep deep(Driver driver, ServerUnderBench server, boolean jvm) throws InterruptedException {
        Thread.sleep(1000); // idle: let a JVM finish starting up before the baseline
        long baseline = server.rssBytes();
        long jobs = options.deepJobs();
        // After the baseline, so whatever the warm-up leaves (JIT code, heap, malloc arenas) counts against the server;
        // before the fill, so the rate near 20k queued is the queue's, not a cold JIT's. One round is not enough for a
        // fresh JVM: the fill path was still being compiled to its final tier during the fill.
        for (int round = 0; round < DEEP_WARMUP_ROUNDS; round++) {
            warmUpBackground(driver, server);
        }
        log(String.format("%-9s deep queue: idle RSS %.1f MiB (fresh), %.1f MiB after a warm-up of %d x %,d jobs; "
                + "filling %,d x 64 B", server.name(), baseline / 1048576.0, server.rssBytes() / 1048576.0,
                DEEP_WARMUP_ROUNDS, options.warmupJobs(), jobs));
        BackgroundLoad.Fill fill = fillChecked(driver, server, DEEP_FUNCTION, jobs);
        Thread.sleep(1000);
        long loaded = server.rssBytes();
        long afterGc = jvm ? rssAfterFullGc(server) : loaded;
        log(String.format("%-9s deep queue: RSS %.1f MiB loaded (%.0f B/job), %.1f MiB after a full GC; rates by depth: %s",
                server.name(), loaded / 1048576.0, (loaded - baseline) / (double) jobs, afterGc / 1048576.0,
                ratesByDepth(fill.timeline(), jobs)));
        log(String.format("%-9s deep queue: pieces near %,d: %s", server.name(), options.nearDepth(),
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
        log(String.format("%-9s heap per queued job after a full GC: %s", server.name(), String.join(", ", parts)));
    }

    private double rate(Deep deep, boolean near) {
        if (deep == null) {
            return Double.NaN;
        }
        long from = windowStart(near);
        return deep.fill().timeline().medianRate(from, windowEnd(from), DEPTH_SUB_WINDOW);
    }

    /** Where the stretch of a "near" rate starts: around the shallow depth, or the last stretch of the fill. */
    private long windowStart(boolean near) {
        long window = options.depthWindow();
        return near ? Math.max(0, options.nearDepth() - window / 2) : Math.max(0, options.deepJobs() - window);
    }

    private long windowEnd(long from) {
        return Math.min(options.deepJobs(), from + options.depthWindow());
    }

    private double perJob(Deep deep, java.util.function.ToLongFunction<Deep> rss) {
        if (deep == null || rss.applyAsLong(deep) < 0) {
            return Double.NaN;
        }
        return (rss.applyAsLong(deep) - deep.baselineRss()) / (double) options.deepJobs();
    }

    private static double mib(Deep deep, java.util.function.ToLongFunction<Deep> rss) {
        return deep == null ? Double.NaN : rss.applyAsLong(deep) / 1048576.0;
    }

    // ---- servers and small helpers ----

    private ServerUnderBench startOurs(String tag) {
        return started(ServerUnderBench.startOurs(ourFlags(tag), options.ourServerArgs(), options.classPath(),
                workDir));
    }

    private List<String> ourFlags(String tag) {
        List<String> flags = new ArrayList<>(options.ourJvmFlags());
        if (options.jfr()) {
            flags.add("-XX:StartFlightRecording=filename=" + workDir.resolve("ours-" + tag + "-" + (++recordings)
                    + ".jfr") + ",settings=profile,dumponexit=true");
        }
        return flags;
    }

    private ServerUnderBench started(ServerUnderBench server) {
        log("started " + server + ": " + String.join(" ", server.command()).replace(options.classPath(), "<bench jar>"));
        return server;
    }

    private void logThreadCpu(ServerUnderBench server) {
        if (server.isAlive()) {
            log(String.format("%-9s CPU by thread since start: %s", server.name(), ThreadCpu.busiest(server.pid(), 6)));
        }
    }

    private void failed(String label, Exception e) {
        log("FAILED " + label + ": " + e.getMessage());
        table.failed(label, String.valueOf(e.getMessage()));
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
