package org.gmdb.mail.topology;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Reads Java properties text into entries that remember their line number, so that a typo can be
 * reported where it is. Each logical line (a natural line plus its backslash continuations) is
 * handed to {@link Properties#load(java.io.Reader)} on its own, so keys and values get exactly the
 * standard escapes and separators ({@code =}, {@code :} or white space).
 *
 * <p>Caveat: unlike {@link Properties}, a key given twice is kept twice; the caller decides.
 */
final class NumberedProperties {

    /** One {@code key = value} of the text; {@code line} is 1-based, the first line of the entry. */
    record Entry(String key, String value, int line) {
    }

    private NumberedProperties() {
    }

    /**
     * @throws IllegalArgumentException "line N: ..." for a malformed backslash-u escape
     */
    static List<Entry> parse(String text) {
        var entries = new ArrayList<Entry>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        int i = 0;
        while (i < lines.length) {
            int first = i;
            String stripped = lines[i].stripLeading();
            if (stripped.isEmpty() || stripped.charAt(0) == '#' || stripped.charAt(0) == '!') {
                i++; // comment lines never continue, even when they end in a backslash
                continue;
            }
            var logical = new StringBuilder(lines[i]);
            while (endsInContinuation(lines[i]) && i + 1 < lines.length) {
                i++;
                logical.append('\n').append(lines[i]);
            }
            i++;
            entries.add(toEntry(logical.toString(), first + 1));
        }
        return entries;
    }

    private static boolean endsInContinuation(String line) {
        int backslashes = 0;
        for (int k = line.length() - 1; k >= 0 && line.charAt(k) == '\\'; k--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static Entry toEntry(String logicalLine, int line) {
        var one = new Properties();
        try {
            one.load(new StringReader(logicalLine));
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        } catch (IllegalArgumentException e) {
            // Properties rejects a malformed backslash-u escape; keep the line number.
            throw new IllegalArgumentException("line " + line + ": " + e.getMessage(), e);
        }
        String key = one.stringPropertyNames().iterator().next();
        return new Entry(key, one.getProperty(key), line);
    }
}
