package org.gmdb.gearman.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WireTextTest {

    private static long parse(String s) {
        return WireText.parseLong(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void shouldParseNumbersLikeAtoi() {
        assertEquals(42, parse("42"));
        assertEquals(-5, parse("-5"));
        assertEquals(7, parse("7abc"));
        assertEquals(0, parse("abc"));
        assertEquals(0, parse(""));
        assertEquals(12, parse(" 12"));
    }

    @Test
    void shouldDropTrailingNulsOfAHandle() {
        assertEquals("H:x:1", WireText.handle("H:x:1\0".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("H:x:1", WireText.handle("H:x:1".getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void shouldDoubleTheBackoffUpToItsMaximumWithJitter() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400));
        long[] expected = {100, 200, 400, 400};
        for (long millis : expected) {
            long delay = backoff.nextDelayNanos() / 1_000_000;
            assertEquals(millis, delay, millis * 0.2 + 1, "delay " + delay + " ms");
        }
        backoff.reset();
        assertEquals(100, backoff.nextDelayNanos() / 1_000_000, 21);
    }
}
