package org.gmdb.jobserver.engine;

/** A clock that moves only when told. */
final class FakeClock implements EngineClock {

    long millis;

    FakeClock(long millis) {
        this.millis = millis;
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public long nanos() {
        return millis * 1_000_000;
    }
}
