package org.gmdb.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of a process's threads, summed by thread name (digits dropped, so the GC or
 * compiler threads add up), from {@code /proc/<pid>/task/<tid>/stat}. Tells at a glance
 * whether a server's time went to its event loop, to the JIT or to the garbage collector.
 *
 * <p>Caveat: Linux cuts thread names to 15 characters; threads that ended are not counted.
 */
final class ThreadCpu {

    private ThreadCpu() {
    }

    /** The busiest thread groups, e.g. "gmdb-io-#-# 12.3 s, C# CompilerThre 4.1 s". */
    static String busiest(long pid, int count) {
        Map<String, Long> ticks = byName(pid);
        if (ticks == null) {
            return "(threads unreadable)";
        }
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(ticks.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Long> e : sorted.subList(0, Math.min(count, sorted.size()))) {
            parts.add(String.format("%s %.1f s", e.getKey(), e.getValue() / (double) ProcStats.TICKS_PER_SECOND));
        }
        return String.join(", ", parts);
    }

    /** CPU ticks of the threads whose name (digits as '#') starts with {@code prefix}. */
    static long ticksOf(long pid, String prefix) {
        Map<String, Long> ticks = byName(pid);
        long sum = 0;
        if (ticks != null) {
            for (Map.Entry<String, Long> e : ticks.entrySet()) {
                if (e.getKey().startsWith(prefix)) {
                    sum += e.getValue();
                }
            }
        }
        return sum;
    }

    private static Map<String, Long> byName(long pid) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                ticks.merge(name, ProcStats.parseCpuTicks(stat), Long::sum);
            }
        } catch (IOException e) {
            return null;
        }
        return ticks;
    }
}
