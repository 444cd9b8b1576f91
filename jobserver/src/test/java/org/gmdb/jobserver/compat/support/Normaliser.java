package org.gmdb.jobserver.compat.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces in transcript lines what legitimately differs between two servers: job handles
 * become {@code H#1, H#2, ...} by order of first appearance, {@code getpid} numbers become
 * {@code <pid>}, the socket numbers that start {@code workers} lines become {@code <fd>},
 * and the {@code version} reply becomes {@code <version>}.
 *
 * <p>Caveat: handles are recognised by gearmand's shape {@code H:<host>:<n>}; a server using
 * another shape shows up as a difference, which is intended.
 */
public final class Normaliser {

    private static final Pattern HANDLE = Pattern.compile("H:[A-Za-z0-9._-]+:\\d+");
    private static final Pattern PID = Pattern.compile("< OK \\d+\\\\n$");
    private static final Pattern VERSION = Pattern.compile(
            "< OK (?!FATAL|ALERT|CRITICAL|ERROR|WARNING|NOTICE|INFO|DEBUG)[^ \\\\]+\\\\n$");
    private static final Pattern WORKER_FD = Pattern.compile("< \\d+ (\\d+\\.\\d+\\.\\d+\\.\\d+ )");

    private Normaliser() {
    }

    public static List<String> normalise(List<String> lines) {
        Map<String, String> handles = new LinkedHashMap<>();
        List<String> out = new ArrayList<>(lines.size());
        for (String line : lines) {
            Matcher handle = HANDLE.matcher(line);
            StringBuilder replaced = new StringBuilder();
            while (handle.find()) {
                String placeholder = handles.computeIfAbsent(handle.group(), h -> "H#" + (handles.size() + 1));
                handle.appendReplacement(replaced, Matcher.quoteReplacement(placeholder));
            }
            handle.appendTail(replaced);
            String text = replaced.toString();
            text = PID.matcher(text).replaceAll("< OK <pid>\\\\n");
            if (!PID.matcher(line).find()) {
                text = VERSION.matcher(text).replaceAll("< OK <version>\\\\n");
            }
            text = WORKER_FD.matcher(text).replaceAll("< <fd> $1");
            out.add(text);
        }
        return out;
    }
}
