package org.gmdb.jobserver.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

    private static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    private static long due(String fields, String now) {
        String[] f = fields.split(" ", -1);
        return CronSchedule.parse(f[0], f[1], f[2], f[3], f[4]).nextDue(at(now)) * 1000;
    }

    @Test
    void shouldRunAtOnceWhenEveryFieldIsAny() {
        assertEquals(at("2024-03-05T10:20:00Z"), due("* * * * *", "2024-03-05T10:20:31Z"));
        assertEquals(at("2024-03-05T10:20:00Z"), due("    ", "2024-03-05T10:20:31Z"));
    }

    @Test
    void shouldFindTheNextMatchingMinuteHourAndDay() {
        assertEquals(at("2024-03-05T11:05:00Z"), due("5 * * * *", "2024-03-05T10:20:31Z"));
        assertEquals(at("2024-03-06T03:00:00Z"), due("0 3 * * *", "2024-03-05T10:20:31Z"));
        assertEquals(at("2024-12-25T00:00:00Z"), due("0 0 25 12 *", "2024-03-05T10:20:31Z"));
        assertEquals(at("2024-03-10T00:00:00Z"), due("0 0 * * 0", "2024-03-05T10:20:31Z")); // Sunday
        assertEquals(at("2024-03-10T00:00:00Z"), due("0 0 * * 7", "2024-03-05T10:20:31Z"));
    }

    @Test
    void shouldRunOnEitherDayWhenDayOfMonthAndDayOfWeekAreBothGiven() {
        // as in cron: the 13th or a Friday, whichever comes first; 2024-03-05 is a Tuesday
        assertEquals(at("2024-03-08T12:00:00Z"), due("0 12 13 * 5", "2024-03-05T10:20:31Z"));
        assertEquals(at("2024-03-13T12:00:00Z"), due("0 12 13 * 5", "2024-03-09T10:20:31Z"));
    }

    @Test
    void shouldKeepTheMonthRestrictionWhenEitherDayMayMatch() {
        // April 3rd or a Friday in April: the first is Wednesday 2024-04-03
        assertEquals(at("2024-04-03T02:01:00Z"), due("1 2 3 4 5", "2024-03-05T10:20:31Z"));
    }

    @Test
    void shouldRefuseImpossibleDatesAndBadFields() {
        assertThrows(IllegalArgumentException.class, () -> due("0 0 31 2 *", "2024-03-05T10:20:31Z"));
        assertThrows(IllegalArgumentException.class, () -> due("x * * * *", "2024-03-05T10:20:31Z"));
        assertThrows(IllegalArgumentException.class, () -> due("* 24 * * *", "2024-03-05T10:20:31Z"));
    }
}
