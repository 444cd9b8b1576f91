package org.gmdb.bench;

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
    private final long waitStart;

    private CpuMeter(long serverPid) {
        this.serverPid = serverPid;
        this.serverStart = ProcStats.cpuTimes(serverPid);
        this.selfStart = ProcStats.cpuTicks(SELF);
        this.waitStart = ProcStats.runQueueWaitNanos(serverPid);
        this.startNanos = System.nanoTime();
    }

    static CpuMeter start(long serverPid) {
        return new CpuMeter(serverPid);
    }

    /** CPU percentages since {@link #start}. */
    Usage stop() {
        long nanos = System.nanoTime() - startNanos;
        double seconds = nanos / 1e9;
        double wait = (ProcStats.runQueueWaitNanos(serverPid) - waitStart) * 100.0 / nanos;
        long[] server = ProcStats.cpuTimes(serverPid);
        double toPercent = 100.0 / ProcStats.TICKS_PER_SECOND / seconds;
        double user = (server[0] - serverStart[0]) * toPercent;
        double system = (server[1] - serverStart[1]) * toPercent;
        double driver = (ProcStats.cpuTicks(SELF) - selfStart) * toPercent;
        return new Usage(user + system, system, wait, driver);
    }

    /**
     * Percent of one core used by the server (of which in the kernel) and by the driver, and the
     * server's threads' time waiting for a CPU in percent of the window (summed over threads).
     */
    record Usage(double serverPercent, double serverSystemPercent, double serverWaitPercent, double driverPercent) {

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
