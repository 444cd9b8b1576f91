package org.gmdb.jobserver.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict little reader of the Prometheus text format 0.0.4, for tests: every line must be a
 * HELP/TYPE comment or a sample {@code name{label="value",...} number}.
 */
final class TextFormat {

    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*)})? "
                    + "(-?[0-9.eE+-]+|NaN|[+-]Inf)");
    private static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*");

    private TextFormat() {
    }

    /** Samples keyed by {@code name{labels}} exactly as written (labels in written order). */
    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        int lineNumber = 0;
        for (String line : text.split("\n")) {
            lineNumber++;
            if (line.isEmpty() || COMMENT.matcher(line).matches()) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("line " + lineNumber + " is not a sample: " + line);
            }
            String key = m.group(1) + (m.group(2) == null ? "" : m.group(2));
            if (samples.put(key, Double.parseDouble(m.group(4).replace("Inf", "Infinity"))) != null) {
                throw new AssertionError("line " + lineNumber + " repeats " + key);
            }
        }
        return samples;
    }
}
