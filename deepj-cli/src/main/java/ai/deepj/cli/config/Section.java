package ai.deepj.cli.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Typed, checked reading of one mapping of a config: {@code section.positiveInt("epochs", 10)}
 * returns the value, or the default when the key is absent, and fails with a {@link ConfigException}
 * at the value's line when it has the wrong kind. Every key read is remembered; {@link #done()}
 * then rejects the keys nobody read, suggesting the nearest known one ({@code unknown key 'epoch' in
 * the top level (did you mean 'epochs'?)}), so that a typo never passes silently.
 */
public final class Section {
    private final Node.Obj obj;
    private final String name;
    private final Set<String> read = new LinkedHashSet<>();

    /**
     * @param obj  the mapping
     * @param name how messages name it: "the top level", "data", "optimizer", ...
     */
    public Section(Node.Obj obj, String name) {
        this.obj = obj;
        this.name = name;
    }

    /** A section for {@code node}, which must be a mapping. */
    public static Section of(Node node, String name) {
        if (!(node instanceof Node.Obj o)) throw new ConfigException(node.where(), name + " must be a mapping of keys, got " + node.describe());
        return new Section(o, name);
    }

    /** The mapping. */
    public Node.Obj node() {
        return obj;
    }

    /** How messages name this section. */
    public String name() {
        return name;
    }

    /** Where the mapping is. */
    public Location where() {
        return obj.where();
    }

    /** Whether {@code key} is present (and not empty); counts as reading it. */
    public boolean has(String key) {
        read.add(key);
        Node n = obj.entries().get(key);
        return n != null && !(n instanceof Node.Scalar s && s.value() == null);
    }

    /** The value of {@code key} if present and not empty. */
    public Optional<Node> get(String key) {
        read.add(key);
        Node n = obj.entries().get(key);
        if (n == null || n instanceof Node.Scalar s && s.value() == null) return Optional.empty();
        return Optional.of(n);
    }

    /** The value of {@code key}, which must be present. */
    public Node require(String key) {
        return get(key).orElseThrow(() -> new ConfigException(obj.where(), name + " needs '" + key + "'"));
    }

    /** Where {@code key}'s value is (or the mapping, if the key is absent). */
    public Location whereOf(String key) {
        Node n = obj.entries().get(key);
        return n != null ? n.where() : obj.where();
    }

    /** An error about {@code key}'s value. */
    public ConfigException error(String key, String problem) {
        return new ConfigException(whereOf(key), problem);
    }

    /** The keys present, in order. */
    public List<String> keys() {
        return new ArrayList<>(obj.entries().keySet());
    }

    // ------------------------------------------------------------------ typed values

    /** An integer, or {@code def} when absent. */
    public int integer(String key, int def) {
        return get(key).map(n -> toInt(n, key)).orElse(def);
    }

    /** An integer ≥ 1, or {@code def} when absent. */
    public int positiveInt(String key, int def) {
        int v = integer(key, def);
        if (v < 1) throw error(key, key + " must be at least 1, got " + v);
        return v;
    }

    /** An integer ≥ 0, or {@code def} when absent. */
    public int nonNegativeInt(String key, int def) {
        int v = integer(key, def);
        if (v < 0) throw error(key, key + " must be 0 or more, got " + v);
        return v;
    }

    /** A long, or {@code def} when absent. */
    public long longValue(String key, long def) {
        return get(key).map(n -> toLong(n, key)).orElse(def);
    }

    /** A number, or {@code def} when absent. */
    public double number(String key, double def) {
        return get(key).map(n -> toDouble(n, key)).orElse(def);
    }

    /** A finite number {@code > 0}, or {@code def} when absent. */
    public double positive(String key, double def) {
        double v = number(key, def);
        if (!(v > 0) || Double.isInfinite(v)) throw error(key, key + " must be a number above 0, got " + Node.numberText(v));
        return v;
    }

    /** A finite number {@code ≥ 0}, or {@code def} when absent. */
    public double nonNegative(String key, double def) {
        double v = number(key, def);
        if (!(v >= 0) || Double.isInfinite(v)) throw error(key, key + " must be a number of 0 or more, got " + Node.numberText(v));
        return v;
    }

    /** A number in {@code (lo, hi)} exclusive, or {@code def}. */
    public double openInterval(String key, double def, double lo, double hi) {
        double v = number(key, def);
        if (!(v > lo && v < hi)) {
            throw error(key, key + " must be between " + Node.numberText(lo) + " and " + Node.numberText(hi) + " (exclusive), got "
                    + Node.numberText(v));
        }
        return v;
    }

    /** A number in {@code [0, 1)} (a decay rate such as β), or {@code def}. */
    public double decay(String key, double def) {
        double v = number(key, def);
        if (!(v >= 0 && v < 1)) throw error(key, key + " must be at least 0 and below 1, got " + Node.numberText(v));
        return v;
    }

    /** true or false, or {@code def} when absent. */
    public boolean bool(String key, boolean def) {
        return get(key).map(n -> {
            if (n instanceof Node.Scalar s && s.value() instanceof Boolean b) return b;
            throw new ConfigException(n.where(), key + " must be true or false, got " + n.describe());
        }).orElse(def);
    }

    /** Text (numbers are accepted as their text), or {@code def} when absent. */
    public String string(String key, String def) {
        return get(key).map(n -> toText(n, key)).orElse(def);
    }

    /** Text naming one of {@code known} (case-insensitive, '-' and '_' alike), normalized to the known spelling. */
    public String choice(String key, String def, Collection<String> known) {
        Optional<Node> n = get(key);
        if (n.isEmpty()) return def;
        return choose(n.get(), key, known);
    }

    /** A list of integers, or {@code def}. */
    public int[] intList(String key, int[] def) {
        Optional<Node> n = get(key);
        if (n.isEmpty()) return def;
        if (!(n.get() instanceof Node.Seq s)) throw new ConfigException(n.get().where(), key + " must be a list of integers, got " + n.get().describe());
        int[] out = new int[s.items().size()];
        for (int i = 0; i < out.length; i++) out[i] = toInt(s.items().get(i), key);
        return out;
    }

    /** A list of numbers, or {@code def}. */
    public double[] numberList(String key, double[] def) {
        Optional<Node> n = get(key);
        if (n.isEmpty()) return def;
        if (!(n.get() instanceof Node.Seq s)) throw new ConfigException(n.get().where(), key + " must be a list of numbers, got " + n.get().describe());
        double[] out = new double[s.items().size()];
        for (int i = 0; i < out.length; i++) out[i] = toDouble(s.items().get(i), key);
        return out;
    }

    /** A sub-section; an absent key gives an empty one. */
    public Section section(String key) {
        Optional<Node> n = get(key);
        if (n.isEmpty()) return new Section(new Node.Obj(java.util.Map.of(), java.util.Map.of(), whereOf(key)), key);
        return of(n.get(), key);
    }

    /**
     * Fails on any key not read so far: a misspelt or unsupported key.
     *
     * @throws ConfigException at the first such key, suggesting the nearest known key
     */
    public void done() {
        for (String key : obj.entries().keySet()) {
            if (!read.contains(key)) {
                throw new ConfigException(obj.keyWhere(key), "unknown key '" + key + "' in " + name + suggest(key, read));
            }
        }
    }

    // ------------------------------------------------------------------ conversions (also for nodes outside a section)

    /** {@code n} as an int. */
    public static int toInt(Node n, String what) {
        long v = toLong(n, what);
        if (v != (int) v) throw new ConfigException(n.where(), what + " is too large: " + v);
        return (int) v;
    }

    /** {@code n} as a long: an integer literal, or a number with no fraction. */
    public static long toLong(Node n, String what) {
        if (n instanceof Node.Scalar s) {
            if (s.value() instanceof Long l) return l;
            if (s.value() instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9e15) return (long) (double) d;
        }
        throw new ConfigException(n.where(), what + " must be a whole number, got " + n.describe());
    }

    /** {@code n} as a double. */
    public static double toDouble(Node n, String what) {
        if (n instanceof Node.Scalar s) {
            if (s.value() instanceof Long l) return l;
            if (s.value() instanceof Double d) return d;
        }
        throw new ConfigException(n.where(), what + " must be a number, got " + n.describe());
    }

    /** {@code n} as text: a text or number scalar. */
    public static String toText(Node n, String what) {
        if (n instanceof Node.Scalar s && s.value() != null && !(s.value() instanceof Boolean)) return s.text();
        throw new ConfigException(n.where(), what + " must be text, got " + n.describe());
    }

    /** The known name {@code n} stands for (case-insensitive; '-', '_' and spaces are the same), or an error listing them. */
    public static String choose(Node n, String what, Collection<String> known) {
        String v = toText(n, what);
        String key = canonical(v);
        for (String k : known) if (canonical(k).equals(key)) return k;
        throw new ConfigException(n.where(), "unknown " + what + " '" + v + "' (known: " + String.join(", ", known) + ")"
                + suggestOnly(v, known));
    }

    /** Lower case with '-' and ' ' as '_'. */
    public static String canonical(String s) {
        return s.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    }

    /** " (did you mean 'x'?)" for the nearest candidate within a small edit distance, else "". */
    public static String suggestOnly(String word, Collection<String> candidates) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = editDistance(canonical(word), canonical(c));
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best != null && bestD <= Math.max(1, Math.min(3, word.length() / 3)) ? " (did you mean '" + best + "'?)" : "";
    }

    private static String suggest(String word, Collection<String> known) {
        String s = suggestOnly(word, known);
        if (!s.isEmpty()) return s;
        return known.isEmpty() ? "" : " (known: " + String.join(", ", known) + ")";
    }

    /** Levenshtein distance with transpositions of neighbours (optimal string alignment): "tets" is 1 from "test". */
    private static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
