package org.gmdb.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What one bench run does: the full profile or {@code --quick} (smaller counts, shorter
 * windows), plus the command-line overrides.
 *
 * @param ourJvmFlags JVM flags of our job server's process
 * @param ourServerArgs options of our job server ({@code JobServerMain}), after the listen address and port
 * @param classPath   class path that holds {@code org.gmdb.jobserver.JobServerMain} (the bench's own by default)
 * @param phases      which of {@code fg}, {@code bg}, {@code deep} to run
 * @param deepDrainJobs how many of the deep queue's jobs the drain is timed over (gearmand drains a deep queue slowly)
 * @param repeats     how many times each case is measured on each server
 * @param out         where the raw results go; null for {@code bench/results/<date>-<commit>.jsonl} in the checkout
 */
record BenchOptions(boolean quick, List<Integer> pairCounts, List<Integer> payloadSizes, Duration fgWarmup,
                    Duration fgMeasure, Duration serverWarmup, int warmupJobs, int bgJobs, int bgConnections,
                    int bgWindow, int drainWorkers, int deepJobs, int deepDrainJobs, int depthWindow, int nearDepth,
                    int driverThreads, List<String> ourJvmFlags, List<String> ourServerArgs, String classPath, String gearmandBinary, boolean jfr,
                    Path workDir, Set<String> phases, int repeats, Path out) {

    /** Sensible for a small server: a heap cap well above 1M queued jobs, G1 (the JVM default), no leak sampling. */
    static final List<String> DEFAULT_JVM_FLAGS = List.of("-Xms64m", "-Xmx2g", "-XX:+UseG1GC",
            "-Dio.netty.leakDetection.level=disabled");

    static final String USAGE = """
            usage: java -jar bench/target/bench.jar [--quick] [--repeats N] [--phases fg,bg,deep] [--pairs 1,8,32]
                        [--sizes 64,16384] [--driver-threads N] [--server-jvm-flags "FLAGS"]
                        [--server-args "OPTIONS"] [--jfr] [--work-dir DIR] [--out FILE] [--gearmand PATH]
              --quick             smaller counts and shorter windows (about 5 minutes instead of about 15)
              --repeats           how many times each case runs on each server (default 3); the summary gives
                                  medians and ranges
              --phases            run only some phases: fg (foreground), bg (background), deep (1M queued jobs)
              --pairs, --sizes    foreground client/worker pair counts and payload sizes in bytes
              --driver-threads    event loop threads of the load driver (default 2)
              --server-jvm-flags  JVM flags of our job server, blank-separated (default: %s)
              --server-args       options of our job server, blank-separated (default: none); the "ours, waits off"
                                  server gets them too, followed by "--grab-wait-us 0 --job-created-delay-us 0"
              --jfr               record our server with Java Flight Recorder (profile settings) into the work dir
              --work-dir          where server logs (and recordings) go (default: a new /tmp/gmdb-bench-* directory)
              --out               the raw results file, JSON lines (default: bench/results/<date>-<commit>.jsonl
                                  in the git checkout of the working directory, else in the work dir)
              --gearmand          the gearmand binary (default /usr/sbin/gearmand)
            """.formatted(String.join(" ", DEFAULT_JVM_FLAGS));

    static BenchOptions parse(String... args) {
        boolean quick = false;
        boolean jfr = false;
        int driverThreads = 2;
        int repeats = 3;
        Path out = null;
        List<String> flags = DEFAULT_JVM_FLAGS;
        List<String> serverArgs = List.of();
        Path workDir = null;
        String gearmand = "/usr/sbin/gearmand";
        Set<String> phases = Set.of("fg", "bg", "deep");
        List<Integer> pairs = List.of(1, 8, 32);
        List<Integer> sizes = List.of(64, 16 * 1024);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> quick = true;
                case "--jfr" -> jfr = true;
                case "--driver-threads" -> driverThreads = positive(arg, value(args, ++i, arg));
                case "--server-jvm-flags" -> flags = List.of(value(args, ++i, arg).trim().split("\\s+"));
                case "--server-args" -> serverArgs = words(value(args, ++i, arg));
                case "--work-dir" -> workDir = Path.of(value(args, ++i, arg));
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--repeats" -> repeats = positive(arg, value(args, ++i, arg));
                case "--gearmand" -> gearmand = value(args, ++i, arg);
                case "--pairs" -> pairs = numbers(arg, value(args, ++i, arg));
                case "--sizes" -> sizes = numbers(arg, value(args, ++i, arg));
                case "--phases" -> {
                    phases = Set.copyOf(Arrays.asList(value(args, ++i, arg).split(",")));
                    for (String phase : phases) {
                        if (!Set.of("fg", "bg", "deep").contains(phase)) {
                            throw new IllegalArgumentException("unknown phase '" + phase + "' (expected: fg, bg, deep)");
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        String classPath = System.getProperty("java.class.path");
        if (quick) {
            return new BenchOptions(true, pairs, sizes, Duration.ofMillis(500), Duration.ofMillis(1500),
                    Duration.ofMillis(1500), 20_000, 50_000, 8, 64, 8, 200_000, 50_000, 20_000, 20_000, driverThreads, flags,
                    serverArgs, classPath, gearmand, jfr, workDir, phases, repeats, out);
        }
        return new BenchOptions(false, pairs, sizes, Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(4), 50_000, 200_000, 8, 64, 8, 1_000_000, 200_000, 20_000, 20_000, driverThreads, flags,
                serverArgs, classPath, gearmand, jfr, workDir, phases, repeats, out);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static List<String> words(String text) {
        return text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
    }

    private static List<Integer> numbers(String option, String values) {
        return Arrays.stream(values.split(",")).map(v -> positive(option, v.trim())).toList();
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 1) {
                throw new IllegalArgumentException(option + " " + n + " (expected: >= 1)");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + value + "' is not a number", e);
        }
    }
}
