package org.gmdb.jobserver.engine;

import java.nio.charset.StandardCharsets;
import org.gmdb.gearman.protocol.GearmanConstants;

/**
 * Job handles {@code <prefix>:<n>}, as gearmand makes them ({@code H:<host>:<n>} by default).
 * Handles are not stored: a job keeps its number, and the bytes are made when a packet
 * needs them. Parsing is strict (no sign, no leading zero), so only the exact string the
 * server handed out finds the job, as with gearmand's string compare.
 */
public final class Handles {

    /** Longest decimal counter: 19 digits of a positive long. */
    private static final int MAX_DIGITS = 19;
    /** Longest prefix such that every handle fits in 63 bytes. */
    public static final int MAX_PREFIX = GearmanConstants.MAX_HANDLE_LENGTH - 1 - MAX_DIGITS;

    private final byte[] prefixColon;

    public Handles(String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.ISO_8859_1);
        if (p.length > MAX_PREFIX) {
            throw new IllegalArgumentException("job handle prefix of " + p.length + " bytes (expected: <= " + MAX_PREFIX
                    + ", so that handles fit in " + GearmanConstants.MAX_HANDLE_LENGTH + ")");
        }
        prefixColon = new byte[p.length + 1];
        System.arraycopy(p, 0, prefixColon, 0, p.length);
        prefixColon[p.length] = ':';
    }

    /** The default prefix, {@code H:<host name>}, the host name cut so that handles fit. */
    public static String defaultPrefix(String hostName) {
        String prefix = "H:" + hostName;
        return prefix.length() > MAX_PREFIX ? prefix.substring(0, MAX_PREFIX) : prefix;
    }

    /** The handle of job {@code number} (positive). */
    public byte[] bytes(long number) {
        byte[] out = new byte[length(number)];
        fill(number, out, out.length);
        return out;
    }

    /** Bytes in the handle of job {@code number}: at most {@link GearmanConstants#MAX_HANDLE_LENGTH} - 1. */
    public int length(long number) {
        int digits = 1;
        for (long rest = number / 10; rest > 0; rest /= 10) {
            digits++;
        }
        return prefixColon.length + digits;
    }

    /**
     * Writes the handle of job {@code number} at the start of {@code out}, with no String or
     * array made on the way (a handle goes out with every job); returns its length.
     */
    public int write(long number, byte[] out) {
        int length = length(number);
        fill(number, out, length);
        return length;
    }

    private void fill(long number, byte[] out, int length) {
        System.arraycopy(prefixColon, 0, out, 0, prefixColon.length);
        for (int i = length - 1; i >= prefixColon.length; i--) {
            out[i] = (byte) ('0' + number % 10);
            number /= 10;
        }
    }

    public String text(long number) {
        return new String(bytes(number), StandardCharsets.ISO_8859_1);
    }

    /** The number in a handle of ours, or -1 when the bytes are not one. */
    public long parse(byte[] handle) {
        int start = prefixColon.length;
        int digits = handle.length - start;
        if (digits < 1 || digits > MAX_DIGITS) {
            return -1;
        }
        for (int i = 0; i < start; i++) {
            if (handle[i] != prefixColon[i]) {
                return -1;
            }
        }
        if (handle[start] == '0') {
            return -1;
        }
        long n = 0;
        for (int i = start; i < handle.length; i++) {
            int d = handle[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            n = n * 10 + d;
            if (n < 0) {
                return -1;
            }
        }
        return n;
    }
}
