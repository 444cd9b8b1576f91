package org.gmdb.jobserver.engine;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The due time of a SUBMIT_JOB_SCHED job, from its five cron-like fields (minute, hour,
 * day of month, month, day of week), each a number or empty or {@code *} for "any".
 *
 * <p>Our choices, since gearmand 1.1 refuses this packet: times are UTC; the fields combine
 * as in cron: minute, hour and month must match, and when both day of month and day of week
 * are given, either may match (so {@code 0 9 1 * 1} is 09:00 on the 1st and on Mondays); day
 * of week is 0-6 from Sunday, 7 is Sunday too; the job runs once, at the start of the first
 * matching minute that is not before the current minute (so a job whose fields match the
 * current minute runs at once). No match within 8 years (for example 31 February) is an error.
 */
public final class CronSchedule {

    private static final int SEARCH_DAYS = 8 * 366;

    private final int minute;
    private final int hour;
    private final int dayOfMonth;
    private final int month;
    private final int dayOfWeek;

    private CronSchedule(int minute, int hour, int dayOfMonth, int month, int dayOfWeek) {
        this.minute = minute;
        this.hour = hour;
        this.dayOfMonth = dayOfMonth;
        this.month = month;
        this.dayOfWeek = dayOfWeek;
    }

    /** Parses the five fields; throws IllegalArgumentException naming the bad field and its range. */
    public static CronSchedule parse(String minute, String hour, String dayOfMonth, String month, String dayOfWeek) {
        int dow = field("day of week", dayOfWeek, 0, 7);
        return new CronSchedule(field("minute", minute, 0, 59), field("hour", hour, 0, 23),
                field("day of month", dayOfMonth, 1, 31), field("month", month, 1, 12), dow == 7 ? 0 : dow);
    }

    private static int field(String what, String text, int min, int max) {
        String t = text.trim();
        if (t.isEmpty() || t.equals("*")) {
            return -1;
        }
        int value;
        try {
            value = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a number or *", e);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " " + value + " (expected: " + min + " to " + max + " or *)");
        }
        return value;
    }

    /** Unix seconds of the first matching minute at or after the minute holding {@code nowMillis}. */
    public long nextDue(long nowMillis) {
        LocalDateTime now = LocalDateTime.ofEpochSecond(Math.floorDiv(nowMillis, 60_000L) * 60, 0, ZoneOffset.UTC);
        LocalDate day = now.toLocalDate();
        for (int i = 0; i < SEARCH_DAYS; i++, day = day.plusDays(1)) {
            if (!dayMatches(day)) {
                continue;
            }
            int fromMinuteOfDay = i == 0 ? now.getHour() * 60 + now.getMinute() : 0;
            for (int m = fromMinuteOfDay; m < 24 * 60; m++) {
                if ((hour < 0 || m / 60 == hour) && (minute < 0 || m % 60 == minute)) {
                    return day.toEpochSecond(java.time.LocalTime.MIDNIGHT, ZoneOffset.UTC) + m * 60L;
                }
            }
        }
        throw new IllegalArgumentException("no time matches " + this + " within " + SEARCH_DAYS + " days");
    }

    private boolean dayMatches(LocalDate day) {
        if (month >= 0 && day.getMonthValue() != month) {
            return false;
        }
        boolean monthDay = day.getDayOfMonth() == dayOfMonth;
        boolean weekDay = day.getDayOfWeek().getValue() % 7 == dayOfWeek;
        if (dayOfMonth >= 0 && dayOfWeek >= 0) {
            return monthDay || weekDay; // cron's rule when both are restricted
        }
        return (dayOfMonth < 0 || monthDay) && (dayOfWeek < 0 || weekDay);
    }

    @Override
    public String toString() {
        return text(minute) + " " + text(hour) + " " + text(dayOfMonth) + " " + text(month) + " " + text(dayOfWeek);
    }

    private static String text(int v) {
        return v < 0 ? "*" : Integer.toString(v);
    }
}
