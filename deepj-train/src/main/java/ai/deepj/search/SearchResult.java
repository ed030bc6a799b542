package ai.deepj.search;

import ai.deepj.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The trials of a finished search, in id order, with the best first in {@link #ranked()}, a
 * printed {@link #table()}, CSV ({@link #writeCsv}) and the data for a scatter plot of the metric
 * against each hyperparameter ({@link #scatter()}). Each trial's history (its learning curves) is
 * in {@link TrialResult#history()}.
 *
 * {@snippet :
 * SearchResult r = search.random(30, objective);
 * TrialResult best = r.best().orElseThrow();
 * System.out.println("best α = " + best.spec().getDouble("lr") + ", dev loss " + best.metric());
 * System.out.print(r.table());
 * Scatter lr = r.scatter().get("lr");          // x = α (log scale), y = metric, one point per successful trial
 * }
 */
public final class SearchResult {
    private final String method;
    private final Goal goal;
    private final long seed;
    private final String metricName;
    private final String runner;
    private final List<SearchSpace> spaces;
    private final List<TrialResult> trials;

    SearchResult(String method, Goal goal, long seed, String metricName, String runner, List<SearchSpace> spaces, List<TrialResult> trials) {
        this.method = method;
        this.goal = goal;
        this.seed = seed;
        this.metricName = metricName;
        this.runner = runner;
        this.spaces = List.copyOf(spaces);
        List<TrialResult> sorted = new ArrayList<>(trials);
        sorted.sort(Comparator.comparingInt(TrialResult::id));
        this.trials = List.copyOf(sorted);
    }

    /** How the search was run, e.g. {@code random search}. */
    public String method() {
        return method;
    }

    /** Minimize or maximize. */
    public Goal goal() {
        return goal;
    }

    /** The metric's name. */
    public String metricName() {
        return metricName;
    }

    /** The space of each round (one for random and grid searches; narrowing for coarse to fine). */
    public List<SearchSpace> spaces() {
        return spaces;
    }

    /** Every trial, by id. */
    public List<TrialResult> trials() {
        return trials;
    }

    /** The successful trials, best first (ties by id). */
    public List<TrialResult> ranked() {
        return trials.stream().filter(TrialResult::ok).sorted((a, b) -> {
            int c = goal.compare(a.metric(), b.metric());
            return c != 0 ? c : Integer.compare(a.id(), b.id());
        }).toList();
    }

    /** The failed trials, by id. */
    public List<TrialResult> failed() {
        return trials.stream().filter(t -> !t.ok()).toList();
    }

    /** The best successful trial; empty when every trial failed. */
    public Optional<TrialResult> best() {
        List<TrialResult> r = ranked();
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    private List<String> paramNames() {
        return spaces.get(0).names();
    }

    // ------------------------------------------------------------------ scatter

    /**
     * One point per successful trial for hyperparameter {@code parameter}: its value (for a choice,
     * the index of the value in {@code categories}) and the trial's metric.
     *
     * @param parameter  the hyperparameter
     * @param scale      how to draw the x axis: {@code linear}, {@code integer}, {@code log} (α),
     *                   {@code one-minus-log} (β: plot 1 − β on a log axis) or {@code category}
     * @param x          the values
     * @param metric     the metrics, aligned with {@code x}
     * @param ids        the trial ids, aligned with {@code x}
     * @param categories for a choice, its values as text; empty otherwise
     */
    public record Scatter(String parameter, String scale, double[] x, double[] metric, int[] ids, List<String> categories) {}

    /** The {@link Scatter} data for every hyperparameter, in the space's order. */
    public Map<String, Scatter> scatter() {
        Map<String, Scatter> out = new LinkedHashMap<>();
        List<TrialResult> ok = trials.stream().filter(TrialResult::ok).toList();
        for (String name : paramNames()) {
            Domain d = spaces.get(0).domain(name);
            double[] x = new double[ok.size()], y = new double[ok.size()];
            int[] ids = new int[ok.size()];
            List<String> categories = new ArrayList<>();
            if (d instanceof Domain.Choice c) for (Object v : c.values()) categories.add(String.valueOf(v));
            for (int i = 0; i < ok.size(); i++) {
                Object v = ok.get(i).params().get(name);
                x[i] = d instanceof Domain.Choice c ? c.indexOf(v) : ((Number) v).doubleValue();
                y[i] = ok.get(i).metric();
                ids[i] = ok.get(i).id();
            }
            out.put(name, new Scatter(name, d.scale(), x, y, ids, List.copyOf(categories)));
        }
        return out;
    }

    // ------------------------------------------------------------------ table and CSV

    /** A table for a person: a heading, then the successful trials best first, then the failed ones with their errors. */
    public String table() {
        List<TrialResult> ranked = ranked();
        List<String> names = paramNames();
        boolean rounds = spaces.size() > 1;
        StringBuilder sb = new StringBuilder();
        sb.append(Character.toUpperCase(method.charAt(0))).append(method.substring(1)).append(": ").append(trials.size())
                .append(trials.size() == 1 ? " trial (" : " trials (").append(ranked.size()).append(" ok, ").append(failed().size())
                .append(" failed), ").append(goal == Goal.MINIMIZE ? "minimize " : "maximize ").append(metricName).append(", seed ")
                .append(seed).append(", ").append(runner).append('\n');
        List<String> header = new ArrayList<>(List.of("rank", "id"));
        if (rounds) header.add("round");
        header.addAll(names);
        header.add(metricName);
        header.add("seconds");
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            TrialResult t = ranked.get(i);
            List<String> row = new ArrayList<>(List.of(Integer.toString(i + 1), Integer.toString(t.id())));
            if (rounds) row.add(Integer.toString(t.spec().round()));
            for (String n : names) row.add(value(t.params().get(n)));
            row.add(value(t.metric()));
            row.add(String.format(Locale.ROOT, "%.2f", t.seconds()));
            rows.add(row);
        }
        int[] width = new int[header.size()];
        for (int j = 0; j < header.size(); j++) {
            width[j] = header.get(j).length();
            for (List<String> r : rows) width[j] = Math.max(width[j], r.get(j).length());
        }
        appendRow(sb, header, width);
        for (List<String> r : rows) appendRow(sb, r, width);
        if (!failed().isEmpty()) {
            sb.append("failed:\n");
            for (TrialResult t : failed()) {
                List<String> ps = new ArrayList<>();
                for (String n : names) ps.add(n + "=" + value(t.params().get(n)));
                sb.append("  id ").append(t.id()).append(' ').append(String.join(" ", ps)).append(": ").append(t.error()).append('\n');
            }
        }
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, List<String> cells, int[] width) {
        for (int j = 0; j < cells.size(); j++) sb.append("  ").append(String.format(Locale.ROOT, "%" + width[j] + "s", cells.get(j)));
        sb.append('\n');
    }

    /** Doubles with 6 significant digits and no trailing zeros; other values as they print. */
    static String value(Object v) {
        if (v instanceof Double d) {
            if (!Double.isFinite(d)) return d.toString();
            String s = String.format(Locale.ROOT, "%.6g", d);
            if (s.contains("e")) {
                String[] parts = s.split("e");
                return strip(parts[0]) + "e" + parts[1];
            }
            return strip(s);
        }
        return String.valueOf(v);
    }

    private static String strip(String s) {
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /**
     * CSV, one line per trial in id order: {@code id, round, seed, status, rank, <hyperparameters>,
     * <metric>, seconds, error}. Numbers in Java's round-trip form (a value reads back exactly); text
     * quoted as RFC 4180 requires.
     */
    public String toCsv() {
        Map<Integer, Integer> rank = new HashMap<>();
        List<TrialResult> ranked = ranked();
        for (int i = 0; i < ranked.size(); i++) rank.put(ranked.get(i).id(), i + 1);
        List<String> names = paramNames();
        StringBuilder sb = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("id", "round", "seed", "status", "rank"));
        header.addAll(names);
        header.addAll(List.of(metricName, "seconds", "error"));
        sb.append(String.join(",", header.stream().map(SearchResult::quote).toList())).append('\n');
        for (TrialResult t : trials) {
            List<String> row = new ArrayList<>();
            row.add(Integer.toString(t.id()));
            row.add(Integer.toString(t.spec().round()));
            row.add(Long.toString(t.spec().seed()));
            row.add(t.ok() ? "ok" : "failed");
            row.add(t.ok() ? Integer.toString(rank.get(t.id())) : "");
            for (String n : names) row.add(quote(String.valueOf(t.params().get(n))));
            row.add(t.ok() ? Double.toString(t.metric()) : "");
            row.add(Double.toString(t.seconds()));
            row.add(t.ok() ? "" : quote(t.error()));
            sb.append(String.join(",", row)).append('\n');
        }
        return sb.toString();
    }

    /** Writes {@link #toCsv()} atomically (a temporary file renamed over the target). */
    public void writeCsv(Path file) throws IOException {
        byte[] bytes = toCsv().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    private static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) return field;
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    @Override
    public String toString() {
        return "SearchResult[" + method + ", " + trials.size() + " trials, best " + best().map(t -> value(t.metric())).orElse("none") + "]";
    }
}
