package org.gmdb.jobserver.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class QueueFailureLogTest {

    private final FakeClock clock = new FakeClock(1_000_000);
    private final List<String> lines = new ArrayList<>();
    private final QueueFailureLog log = new QueueFailureLog(clock, lines::add);

    @Test
    void shouldWriteOneLineWithTheReasonPerIntervalAndCountTheRest() {
        IllegalStateException away = new IllegalStateException("queue database is unreachable (SQLSTATE 08S01)");
        for (int i = 0; i < 1000; i++) {
            log.failed("refused job " + i, new CompletionException(away));
            clock.millis += 5; // 1000 failures over 5 s
        }
        assertEquals(List.of("refused job 0: queue database is unreachable (SQLSTATE 08S01)"), lines);

        clock.millis += 10_000;
        log.failed("refused job 1000", away);
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("refused job 1000 (and 999 more like it in the last 10 s or so): queue database is unreachable"
                + " (SQLSTATE 08S01)", lines.get(1));
    }

    @Test
    void shouldSayWhatFailedWhenThereIsNoException() {
        log.failed("refused job 1", null);
        assertEquals(List.of("refused job 1: no row id came back"), lines);
    }
}
