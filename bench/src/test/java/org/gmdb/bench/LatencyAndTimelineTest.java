package org.gmdb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyAndTimelineTest {

    @Test
    void shouldMergeAndTakeNearestRankPercentiles() {
        LatencyRecorder a = new LatencyRecorder();
        LatencyRecorder b = new LatencyRecorder();
        for (int i = 1; i <= 2000; i++) {
            (i % 2 == 0 ? a : b).add(i);
        }
        long[] sorted = LatencyRecorder.mergeSorted(List.of(a, b));
        assertEquals(2000, sorted.length);
        assertEquals(1000, LatencyRecorder.percentile(sorted, 50));
        assertEquals(1980, LatencyRecorder.percentile(sorted, 99));
        assertEquals(2000, LatencyRecorder.percentile(sorted, 100));
        assertTrue(Double.isNaN(LatencyRecorder.percentile(new long[0], 50)));
    }

    @Test
    void shouldGiveTheMedianPieceRateSoThatOneStallDoesNotCount() {
        // fake acks: every thousand takes 1 ms, except a 100 ms stall in the fourth thousand
        long[] stamps = new long[11];
        for (int i = 1; i <= 10; i++) {
            stamps[i] = stamps[i - 1] + (i == 4 ? 100_000_000L : 1_000_000L);
        }
        AckTimeline timed = AckTimeline.recorded(stamps);
        assertEquals(1_000_000, timed.medianRate(0, 10_000, 1000), 1e-6);
        assertEquals(10_000 * 1e9 / 109_000_000L, timed.rate(0, 10_000), 1e-6);
    }

    @Test
    void shouldRecordEveryThousandthAck() {
        AckTimeline timeline = new AckTimeline(5000, System.nanoTime());
        for (int i = 0; i < 5000; i++) {
            timeline.ack();
        }
        assertEquals(5000, timeline.acks());
        assertTrue(timeline.nanosAt(5000) >= timeline.nanosAt(1000));
    }
}
