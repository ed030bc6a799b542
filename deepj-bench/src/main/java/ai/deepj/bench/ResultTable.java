package ai.deepj.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code RESULT impl=... bench=... threads=... value=... unit=...} lines (any other line is
 * ignored) on standard input and prints them as one table: a row per bench and thread count, a
 * column per implementation, and each deepj figure as a fraction of PyTorch's.
 */
public final class ResultTable {
    private ResultTable() {}

    private static final List<String> IMPLS = List.of("deepj", "deepj-openblas", "torch");

    public static void main(String[] args) throws IOException {
        Map<String, Map<String, String>> rows = new LinkedHashMap<>(); // "bench threads" -> impl -> value
        Map<String, String> units = new HashMap<>();
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (!line.startsWith("RESULT ")) continue;
            Map<String, String> f = new HashMap<>();
            for (String kv : line.substring(7).trim().split("\\s+")) {
                int eq = kv.indexOf('=');
                if (eq > 0) f.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            String key = f.get("bench") + " " + f.get("threads");
            rows.computeIfAbsent(key, k -> new HashMap<>()).put(f.get("impl"), f.get("value"));
            units.put(f.get("bench"), f.get("unit"));
        }
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"bench", "threads", "unit", "deepj", "deepj-openblas", "torch", "deepj/torch", "openblas/torch"});
        for (var row : rows.entrySet()) {
            String[] key = row.getKey().split(" ");
            Map<String, String> v = row.getValue();
            String[] cells = new String[8];
            cells[0] = key[0];
            cells[1] = key[1];
            cells[2] = units.get(key[0]);
            for (int i = 0; i < IMPLS.size(); i++) cells[3 + i] = v.getOrDefault(IMPLS.get(i), "-");
            cells[6] = ratio(v.get("deepj"), v.get("torch"));
            cells[7] = ratio(v.get("deepj-openblas"), v.get("torch"));
            table.add(cells);
        }
        int[] width = new int[8];
        for (String[] r : table) for (int i = 0; i < 8; i++) width[i] = Math.max(width[i], r[i].length());
        for (int r = 0; r < table.size(); r++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                String cell = table.get(r)[i];
                // Names left-aligned, numbers right-aligned.
                sb.append(i == 0 || i == 2 ? String.format("%-" + width[i] + "s", cell) : String.format("%" + width[i] + "s", cell));
                sb.append(i < 7 ? "  " : "");
            }
            System.out.println(sb.toString().stripTrailing());
            if (r == 0) System.out.println("-".repeat(sb.length()));
        }
    }

    private static String ratio(String num, String den) {
        if (num == null || den == null) return "-";
        return String.format(Locale.ROOT, "%.2f", Double.parseDouble(num) / Double.parseDouble(den));
    }
}
