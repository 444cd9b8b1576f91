package org.gmdb.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads what Linux says about a process: resident memory ({@code VmRSS} in
 * {@code /proc/<pid>/status}) and CPU time ({@code utime + stime} in {@code /proc/<pid>/stat}).
 *
 * <p>Caveat: Linux only; CPU time is in clock ticks of {@link #TICKS_PER_SECOND} (100 on
 * every common kernel), so a window shorter than a second reads coarsely.
 */
final class ProcStats {

    /** USER_HZ: what {@code /proc/<pid>/stat} counts in; 100 on x86-64 and arm64 Linux. */
    static final int TICKS_PER_SECOND = 100;

    private ProcStats() {
    }

    /** Resident set size of the process, in bytes. */
    static long rssBytes(long pid) {
        return parseRssBytes(read(Path.of("/proc", Long.toString(pid), "status")));
    }

    /** CPU time (user + system, every thread) the process has used, in clock ticks. */
    static long cpuTicks(long pid) {
        long[] times = cpuTimes(pid);
        return times[0] + times[1];
    }

    /** User and system CPU time (every thread) the process has used, in clock ticks: {user, system}. */
    static long[] cpuTimes(long pid) {
        return parseCpuTimes(read(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /**
     * Per live thread: {@code {nanoseconds on a CPU, nanoseconds runnable but waiting for one}}
     * ({@code /proc/<pid>/task/<tid>/schedstat}), keyed by thread id.
     */
    static Map<Long, long[]> schedStats(long pid) {
        Map<Long, long[]> stats = new HashMap<>();
        try (var tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String[] fields = Files.readString(task.resolve("schedstat")).trim().split("\\s+");
                    stats.put(Long.parseLong(task.getFileName().toString()),
                            new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])});
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the threads of pid " + pid, e);
        }
        return stats;
    }

    static long parseRssBytes(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] words = line.substring("VmRSS:".length()).trim().split("\\s+");
                if (words.length != 2 || !words[1].equals("kB")) {
                    throw new IllegalArgumentException("unexpected VmRSS line '" + line + "' (expected: 'VmRSS: <n> kB')");
                }
                return Long.parseLong(words[0]) * 1024;
            }
        }
        throw new IllegalArgumentException("no VmRSS line in /proc/<pid>/status (a zombie or kernel thread?)");
    }

    // pid (comm may hold spaces and parens) state ppid ... utime(14) stime(15): count after the last ')'
    static long parseCpuTicks(String stat) {
        long[] times = parseCpuTimes(stat);
        return times[0] + times[1];
    }

    static long[] parseCpuTimes(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("no ')' in /proc/<pid>/stat: '" + stat + "'");
        }
        String[] fields = stat.substring(close + 1).trim().split("\\s+");
        if (fields.length < 13) {
            throw new IllegalArgumentException(fields.length + " fields after the command in /proc/<pid>/stat (expected: >= 13)");
        }
        // fields[0] is field 3 (state), so utime (14) is fields[11] and stime (15) fields[12]
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " (has the process exited?)", e);
        }
    }
}
