package io.driftwatch.topology;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test sets: the producers' and the instance's clock, moved as the test's story goes. */
public final class SettableClock extends Clock {

    private long millis;

    public SettableClock(long millis) {
        this.millis = millis;
    }

    public void set(long value) {
        millis = value;
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
