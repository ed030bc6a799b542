package ai.deepj.advise;

import ai.deepj.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rows of named numbers recorded over time, turned into aligned columns ({@link #series()}) or CSV.
 * A name missing from a row reads as NaN in its column.
 */
final class SeriesTable {
    private final Set<String> keys = new LinkedHashSet<>();
    private final List<Map<String, Double>> rows = new ArrayList<>();

    void add(Map<String, Double> row) {
        keys.addAll(row.keySet());
        rows.add(new LinkedHashMap<>(row));
    }

    int size() {
        return rows.size();
    }

    Map<String, Double> row(int i) {
        return rows.get(i);
    }

    /** Every name's column, all of length {@link #size()}, names in first-seen order. */
    Map<String, double[]> series() {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String k : keys) {
            double[] col = new double[rows.size()];
            Arrays.fill(col, Double.NaN);
            for (int i = 0; i < rows.size(); i++) {
                Double v = rows.get(i).get(k);
                if (v != null) col[i] = v;
            }
            out.put(k, col);
        }
        return out;
    }

    /**
     * A header line of names, then one line per row; numbers in Java's shortest round-trip form,
     * so a value reads back exactly ({@code NaN} and {@code Infinity} as Java writes them).
     */
    String csv() {
        StringBuilder sb = new StringBuilder();
        List<String> names = new ArrayList<>(keys);
        for (int j = 0; j < names.size(); j++) sb.append(j == 0 ? "" : ",").append(quote(names.get(j)));
        sb.append('\n');
        for (Map<String, Double> row : rows) {
            for (int j = 0; j < names.size(); j++) {
                Double v = row.get(names.get(j));
                if (j > 0) sb.append(',');
                sb.append(format(v == null ? Double.NaN : v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    void writeCsv(Path file) throws IOException {
        byte[] bytes = csv().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** Whole numbers without ".0" (step counts), everything else as {@link Double#toString}. */
    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }

    /** RFC 4180: a field with a comma, quote or line break goes in double quotes, quotes doubled. */
    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) return field;
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
