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
    private final long serverStart;
    private final long selfStart;

    private CpuMeter(long serverPid) {
        this.serverPid = serverPid;
        this.serverStart = ProcStats.cpuTicks(serverPid);
        this.selfStart = ProcStats.cpuTicks(SELF);
        this.startNanos = System.nanoTime();
    }

    static CpuMeter start(long serverPid) {
        return new CpuMeter(serverPid);
    }

    /** CPU percentages since {@link #start}. */
    Usage stop() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double server = (ProcStats.cpuTicks(serverPid) - serverStart) * 100.0 / ProcStats.TICKS_PER_SECOND / seconds;
        double driver = (ProcStats.cpuTicks(SELF) - selfStart) * 100.0 / ProcStats.TICKS_PER_SECOND / seconds;
        return new Usage(server, driver);
    }

    /** Percent of one core used by the server and by the driver. */
    record Usage(double serverPercent, double driverPercent) {

        static final Usage UNKNOWN = new Usage(Double.NaN, Double.NaN);

        @Override
        public String toString() {
            return String.format("server %.0f%%, driver %.0f%%", serverPercent, driverPercent);
        }
    }
}
