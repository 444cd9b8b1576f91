package org.gmdb.bench;

import java.util.Map;

/**
 * CPU used by the server under test and by this (driver) JVM over one measured window, in
 * percent of one core: 200 % is both cores of the reference machine.
 *
 * <p>Caveat: the driver figure counts every thread of this JVM (JIT, GC included), which is
 * what competes with the server for the cores.
 */
final class CpuMeter {

    private static final long SELF = ProcessHandle.current().pid();

    private final long serverPid;
    private final long startNanos;
    private final long[] serverStart;
    private final long selfStart;
    private final Map<Long, long[]> schedStart;

    private CpuMeter(long serverPid) {
        this.serverPid = serverPid;
        this.serverStart = ProcStats.cpuTimes(serverPid);
        this.selfStart = ProcStats.cpuTicks(SELF);
        this.schedStart = ProcStats.schedStats(serverPid);
        this.startNanos = System.nanoTime();
    }

    static CpuMeter start(long serverPid) {
        return new CpuMeter(serverPid);
    }

    /** CPU percentages since {@link #start}. */
    Usage stop() {
        long nanos = System.nanoTime() - startNanos;
        double seconds = nanos / 1e9;
        // the thread that ran most: on a CPU plus waiting for one near 100 % means it never ran out of work
        double topRun = 0;
        double topWait = 0;
        for (Map.Entry<Long, long[]> e : ProcStats.schedStats(serverPid).entrySet()) {
            long[] before = schedStart.getOrDefault(e.getKey(), new long[2]);
            double run = (e.getValue()[0] - before[0]) * 100.0 / nanos;
            if (run > topRun) {
                topRun = run;
                topWait = (e.getValue()[1] - before[1]) * 100.0 / nanos;
            }
        }
        long[] server = ProcStats.cpuTimes(serverPid);
        double toPercent = 100.0 / ProcStats.TICKS_PER_SECOND / seconds;
        double user = (server[0] - serverStart[0]) * toPercent;
        double system = (server[1] - serverStart[1]) * toPercent;
        double driver = (ProcStats.cpuTicks(SELF) - selfStart) * toPercent;
        return new Usage(user + system, system, topRun, topWait, driver);
    }

    /**
     * Percent of one core used by the server (of which in the kernel) and by the driver; and, for
     * the server's busiest thread, the percent of the window it ran and it waited for a CPU.
     */
    record Usage(double serverPercent, double serverSystemPercent, double topThreadRunPercent,
                 double topThreadWaitPercent, double driverPercent) {

        /** Server CPU microseconds per job at this many jobs per second. */
        double serverMicrosPerJob(double jobsPerSecond) {
            return serverPercent * 1e4 / jobsPerSecond;
        }

        @Override
        public String toString() {
            return String.format("server %.0f%%, driver %.0f%%", serverPercent, driverPercent);
        }
    }
}
