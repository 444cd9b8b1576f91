package org.gmdb.gearman.internal;

import java.nio.charset.StandardCharsets;

/** Conversions between wire fields and Java values, as gearmand reads them. */
public final class WireText {

    private WireText() {
    }

    /** Like C's atoi on a field: optional sign, leading digits, anything else ends it; no digits is 0. */
    public static long parseLong(byte[] field) {
        int i = 0;
        while (i < field.length && (field[i] == ' ' || field[i] == '\t')) {
            i++;
        }
        boolean negative = false;
        if (i < field.length && (field[i] == '-' || field[i] == '+')) {
            negative = field[i] == '-';
            i++;
        }
        long value = 0;
        for (; i < field.length && field[i] >= '0' && field[i] <= '9'; i++) {
            value = value * 10 + (field[i] - '0');
            if (value > 1_000_000_000_000_000L) {
                break; // far beyond any 32-bit status; stop before overflow
            }
        }
        return negative ? -value : value;
    }

    /** A handle field as text; drops trailing NULs (gearmand's WORK_FAIL from an exception carries one). */
    public static String handle(byte[] field) {
        int end = field.length;
        while (end > 0 && field[end - 1] == 0) {
            end--;
        }
        return new String(field, 0, end, StandardCharsets.ISO_8859_1);
    }

    public static byte[] handleBytes(String handle) {
        return handle.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Function names, uniques and client ids: UTF-8 (ASCII in practice). */
    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static String utf8(byte[] field) {
        return new String(field, StandardCharsets.UTF_8);
    }
}
