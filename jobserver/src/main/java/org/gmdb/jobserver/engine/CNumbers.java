package org.gmdb.jobserver.engine;

/**
 * Numbers in packet fields read the way gearmand's C code reads them: leading blanks, an
 * optional sign, then digits up to the first other byte; garbage reads as 0.
 */
final class CNumbers {

    private CNumbers() {
    }

    /** C {@code strtoul} then a cast to 32 bits (WORK_STATUS): {@code -5} is 4294967291, overflow is all ones. */
    static int unsigned32(byte[] text) {
        Digits d = scan(text);
        if (d.beyond64Bits) {
            return -1; // ULONG_MAX, cut to 32 bits
        }
        return (int) (d.negative ? -d.magnitude : d.magnitude);
    }

    /** C {@code strtoll} without its clamping; Long.MIN_VALUE when the digits do not fit in a long. */
    static long signedLong(byte[] text) {
        Digits d = scan(text);
        if (d.beyond64Bits || Long.compareUnsigned(d.magnitude, Long.MAX_VALUE) > 0) {
            return Long.MIN_VALUE;
        }
        return d.negative ? -d.magnitude : d.magnitude;
    }

    private record Digits(boolean negative, long magnitude, boolean beyond64Bits) {
    }

    private static Digits scan(byte[] text) {
        int i = 0;
        while (i < text.length && (text[i] == ' ' || (text[i] >= '\t' && text[i] <= '\r'))) {
            i++;
        }
        boolean negative = false;
        if (i < text.length && (text[i] == '+' || text[i] == '-')) {
            negative = text[i] == '-';
            i++;
        }
        long magnitude = 0; // unsigned
        boolean beyond = false;
        for (; i < text.length && text[i] >= '0' && text[i] <= '9'; i++) {
            int digit = text[i] - '0';
            if (Long.compareUnsigned(magnitude, Long.divideUnsigned(-1L - digit, 10)) > 0) {
                beyond = true;
            }
            magnitude = magnitude * 10 + digit;
        }
        return new Digits(negative, magnitude, beyond);
    }
}
