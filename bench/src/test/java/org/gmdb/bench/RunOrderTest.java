package org.gmdb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunOrderTest {

    private static final List<String> SERVERS = List.of("ours", "waits off", "gearmand");

    @Test
    void shouldSwapFirstAndLastFromOneRepeatToTheNext() {
        assertEquals(SERVERS, RunOrder.of(SERVERS, 0, 2));
        assertEquals(List.of("gearmand", "waits off", "ours"), RunOrder.of(SERVERS, 1, 2));
        assertEquals(SERVERS, RunOrder.of(SERVERS, 2, 2));
    }

    @Test
    void shouldAlternateFromOneCaseToTheNextWithinARepeat() {
        assertEquals("ours", RunOrder.of(SERVERS, 1, 1).get(0));
        assertEquals("gearmand", RunOrder.of(SERVERS, 1, 2).get(0));
        assertEquals("ours", RunOrder.of(SERVERS, 1, 3).get(0));
    }

    @Test
    void shouldLetEachServerGoFirstAsOftenOverAnEvenNumberOfRepeats() {
        int oursFirst = 0;
        for (int repeat = 0; repeat < 4; repeat++) {
            for (int caseIndex = 0; caseIndex < 7; caseIndex++) {
                oursFirst += RunOrder.of(SERVERS, repeat, caseIndex).get(0).equals("ours") ? 1 : 0;
            }
        }
        assertEquals(14, oursFirst);
    }
}
