package org.gmdb.jobserver.engine;

/** Time as the engine sees it; tests substitute a clock they move by hand. */
public interface EngineClock {

    /** Wall-clock milliseconds since the epoch (scheduled jobs are due at unix seconds). */
    long millis();

    /** A monotonic reading for durations. */
    long nanos();

    EngineClock SYSTEM = new EngineClock() {
        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanos() {
            return System.nanoTime();
        }
    };
}
