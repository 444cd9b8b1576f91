package org.gmdb.bench.mail;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with right-aligned columns, for the bench's report.
 *
 * <p>Caveat: cells are printed as given; a cell with a line break breaks the layout.
 */
final class PlainTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    PlainTable(String... header) {
        this.header = List.of(header);
    }

    PlainTable row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row of " + cells.length + " cells (expected: " + header.size() + ")");
        }
        List<String> row = new ArrayList<>();
        for (Object c : cells) {
            row.add(String.valueOf(c));
        }
        rows.add(row);
        return this;
    }

    String render() {
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, header, width);
        int total = 0;
        for (int w : width) {
            total += w + 2;
        }
        out.append("-".repeat(Math.max(0, total - 2))).append('\n');
        for (List<String> r : rows) {
            line(out, r, width);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] width) {
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            out.append(i == 0 ? "" : "  ").append(" ".repeat(width[i] - c.length())).append(c);
        }
        out.append('\n');
    }

    static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "-";
        }
        return millis >= 100 ? String.format("%.0f", millis) : String.format("%.1f", millis);
    }
}
