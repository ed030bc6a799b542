package ai.deepj.search;

import ai.deepj.tensor.Generator;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The range of one hyperparameter and the scale to sample it on, as the course teaches
 * ("using an appropriate scale to pick hyperparameters"):
 *
 * <table>
 *   <caption>Domains</caption>
 *   <tr><th>factory</th><th>sample</th><th>for</th></tr>
 *   <tr><td>{@link #uniform(double, double)}</td><td>uniform in [lo, hi]</td><td>keep-prob, a λ over a narrow range</td></tr>
 *   <tr><td>{@link #integer(int, int)}</td><td>uniform over lo, lo+1, ..., hi</td><td>hidden units n[l] = 50 … 100, layers 2 … 4</td></tr>
 *   <tr><td>{@link #choice(Object...)}</td><td>one of the values, equally likely</td><td>activation, optimizer, mini-batch size</td></tr>
 *   <tr><td>{@link #logUniform(double, double)}</td><td>α = 10^r, r uniform in [log₁₀ lo, log₁₀ hi]</td><td>learning rate α = 0.0001 … 1: as many samples per decade</td></tr>
 *   <tr><td>{@link #betaScale(double, double)}</td><td>β = 1 − 10^r, r uniform in [log₁₀(1 − hi), log₁₀(1 − lo)]</td><td>averaging β = 0.9 … 0.999: as many samples in 0.9 … 0.99 as in 0.99 … 0.999</td></tr>
 * </table>
 *
 * <p>Every domain but {@link Choice} maps its values to a unit coordinate u ∈ [0, 1] along its own
 * scale (linear, log₁₀ α, log₁₀(1 − β)): sampling is {@code fromUnit(uniform u)}, grids are evenly
 * spaced in u, and coarse-to-fine {@linkplain #narrow narrows} a range in u. Values are
 * {@code Double} (continuous domains), {@code Integer} ({@link IntRange}) or the choice's own
 * objects.
 *
 * {@snippet :
 * Domain lr = Domain.logUniform(1e-4, 1);        // r = -4 * rand(); α = 10^r
 * Domain beta = Domain.betaScale(0.9, 0.999);    // r ∈ [-3, -1]; β = 1 - 10^r
 * double a = (Double) lr.sample(Generator.seeded(1));
 * }
 */
public sealed interface Domain extends Serializable permits Domain.Uniform, Domain.IntRange, Domain.Choice,
        Domain.LogUniform, Domain.BetaScale {

    /** Uniform in {@code [lo, hi]}. */
    static Uniform uniform(double lo, double hi) {
        return new Uniform(lo, hi);
    }

    /** An integer uniform over {@code lo, lo + 1, ..., hi} (both included). */
    static IntRange integer(int lo, int hi) {
        return new IntRange(lo, hi);
    }

    /** One of {@code values} (serializable: strings, numbers, booleans, enums), each equally likely. */
    static Choice choice(Object... values) {
        return new Choice(List.of(values));
    }

    /** {@code 10^r} with r uniform in {@code [log10(lo), log10(hi)]}: the same number of samples in every decade. */
    static LogUniform logUniform(double lo, double hi) {
        return new LogUniform(lo, hi);
    }

    /**
     * {@code 1 − 10^r} with r uniform in {@code [log10(1 − hi), log10(1 − lo)]}: the course's scale
     * for averaging parameters (momentum's β, Adam's β₁ and β₂), which samples densely near 1,
     * where 1/(1 − β) — the number of values averaged — is sensitive to small changes of β.
     */
    static BetaScale betaScale(double lo, double hi) {
        return new BetaScale(lo, hi);
    }

    /** A value drawn from this domain. */
    Object sample(Generator gen);

    /** The value at unit coordinate {@code u ∈ [0, 1]} along this domain's scale. */
    Object fromUnit(double u);

    /**
     * The unit coordinate of {@code value}: 0 at the low end, 1 at the high end, outside [0, 1] for
     * a value outside the range (an integer's unit interval is the middle of its slot:
     * {@code (v − lo + 0.5) / count}).
     */
    double toUnit(Object value);

    /**
     * Grid values: {@code n} points evenly spaced along the scale (both ends included; the middle
     * for {@code n = 1}); for an integer range, at most the range's own values; for a choice, all
     * its values.
     */
    List<Object> grid(int n);

    /** The sub-range between unit coordinates {@code uLo ≤ uHi} (both clamped to [0, 1]), on the same scale. */
    Domain narrow(double uLo, double uHi);

    /** The scale's name for plots: {@code linear}, {@code integer}, {@code log}, {@code one-minus-log} or {@code category}. */
    String scale();

    // ------------------------------------------------------------------ implementations

    /**
     * Uniform in {@code [lo, hi]}.
     *
     * @param lo low end
     * @param hi high end
     */
    record Uniform(double lo, double hi) implements Domain {
        /** Checks {@code lo ≤ hi}, both finite. */
        public Uniform {
            if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo <= hi)) {
                throw new IllegalArgumentException("Domain.uniform: need finite lo <= hi, got [" + lo + ", " + hi + "]");
            }
        }

        @Override public Object sample(Generator gen) { return fromUnit(gen.nextDouble()); }
        @Override public Object fromUnit(double u) { return lerp(lo, hi, u); }
        @Override public double toUnit(Object v) { return unit(lo, hi, number(v, "uniform")); }
        @Override public List<Object> grid(int n) { return Domains.grid(this, n); }
        @Override public String scale() { return "linear"; }

        @Override
        public Uniform narrow(double uLo, double uHi) {
            double[] u = Domains.clampRange(uLo, uHi);
            return new Uniform(lerp(lo, hi, u[0]), lerp(lo, hi, u[1]));
        }
    }

    /**
     * An integer uniform over {@code lo, ..., hi}.
     *
     * @param lo smallest value
     * @param hi largest value
     */
    record IntRange(int lo, int hi) implements Domain {
        /** Checks {@code lo ≤ hi}. */
        public IntRange {
            if (lo > hi) throw new IllegalArgumentException("Domain.integer: need lo <= hi, got [" + lo + ", " + hi + "]");
        }

        /** How many integers the range holds. */
        public long count() {
            return (long) hi - lo + 1;
        }

        @Override public Object sample(Generator gen) { return fromUnit(gen.nextDouble()); }

        @Override
        public Object fromUnit(double u) {
            long k = (long) Math.floor(Math.min(Math.max(u, 0), 1) * count());
            return (int) Math.min(lo + k, hi);
        }

        @Override
        public double toUnit(Object v) {
            return (number(v, "integer") - lo + 0.5) / count();
        }

        @Override
        public List<Object> grid(int n) {
            Domains.checkPoints(n);
            List<Object> out = new ArrayList<>();
            if (n >= count()) {
                for (long v = lo; v <= hi; v++) out.add((int) v);
                return out;
            }
            LinkedHashSet<Object> set = new LinkedHashSet<>();
            for (int i = 0; i < n; i++) set.add((int) Math.round(lo + (n == 1 ? 0.5 : (double) i / (n - 1)) * (count() - 1)));
            out.addAll(set);
            return out;
        }

        @Override
        public IntRange narrow(double uLo, double uHi) {
            double[] u = Domains.clampRange(uLo, uHi);
            long a = lo + (long) Math.floor(u[0] * count());
            long b = lo + (long) Math.ceil(u[1] * count()) - 1;
            a = Math.min(Math.max(a, lo), hi);
            b = Math.min(Math.max(b, a), hi);
            return new IntRange((int) a, (int) b);
        }

        @Override public String scale() { return "integer"; }
    }

    /**
     * One of a list of values.
     *
     * @param values the values, in order
     */
    record Choice(List<Object> values) implements Domain {
        /** Checks the values: at least one, serializable, no duplicates. */
        public Choice {
            if (values.isEmpty()) throw new IllegalArgumentException("Domain.choice: needs at least one value");
            for (Object v : values) {
                if (!(v instanceof Serializable)) {
                    throw new IllegalArgumentException("Domain.choice: value " + v + " is not Serializable (use strings, numbers, "
                            + "booleans or enums, so trials can run on other machines)");
                }
            }
            if (new LinkedHashSet<>(values).size() != values.size()) {
                throw new IllegalArgumentException("Domain.choice: duplicate values in " + values);
            }
            values = List.copyOf(values);
        }

        @Override public Object sample(Generator gen) { return values.get(gen.nextInt(values.size())); }

        @Override
        public Object fromUnit(double u) {
            return values.get((int) Math.min(Math.floor(Math.min(Math.max(u, 0), 1) * values.size()), values.size() - 1));
        }

        /** The value's index over the number of values, at the middle of its slot; NaN for a value not in the list. */
        @Override
        public double toUnit(Object v) {
            int i = values.indexOf(v);
            return i < 0 ? Double.NaN : (i + 0.5) / values.size();
        }

        /** The index of {@code v}, or −1. */
        public int indexOf(Object v) {
            return values.indexOf(v);
        }

        @Override public List<Object> grid(int n) { Domains.checkPoints(n); return values; }

        /** The values whose slots lie in {@code [uLo, uHi]}; coarse-to-fine uses {@link #keep} instead. */
        @Override
        public Choice narrow(double uLo, double uHi) {
            double[] u = Domains.clampRange(uLo, uHi);
            List<Object> kept = new ArrayList<>();
            for (Object v : values) if (toUnit(v) >= u[0] && toUnit(v) <= u[1]) kept.add(v);
            if (kept.isEmpty()) kept.add(fromUnit((u[0] + u[1]) / 2));
            return new Choice(kept);
        }

        /** The values among {@code chosen}, in this choice's order (all of them if none is). */
        public Choice keep(Collection<?> chosen) {
            List<Object> kept = values.stream().filter(chosen::contains).toList();
            return kept.isEmpty() ? this : new Choice(kept);
        }

        @Override public String scale() { return "category"; }
    }

    /**
     * {@code 10^r}, r uniform in {@code [log10(lo), log10(hi)]}.
     *
     * @param lo low end (positive)
     * @param hi high end
     */
    record LogUniform(double lo, double hi) implements Domain {
        /** Checks {@code 0 < lo ≤ hi}, both finite. */
        public LogUniform {
            if (!(lo > 0 && Double.isFinite(hi) && lo <= hi)) {
                throw new IllegalArgumentException("Domain.logUniform: need 0 < lo <= hi, got [" + lo + ", " + hi + "]");
            }
        }

        @Override public Object sample(Generator gen) { return fromUnit(gen.nextDouble()); }

        @Override
        public Object fromUnit(double u) {
            if (u <= 0) return lo; // exact ends, free of pow's rounding
            if (u >= 1) return hi;
            return Math.pow(10, lerp(Math.log10(lo), Math.log10(hi), u));
        }

        @Override
        public double toUnit(Object v) {
            return unit(Math.log10(lo), Math.log10(hi), Math.log10(number(v, "logUniform")));
        }

        @Override public List<Object> grid(int n) { return Domains.grid(this, n); }

        @Override
        public LogUniform narrow(double uLo, double uHi) {
            double[] u = Domains.clampRange(uLo, uHi);
            return new LogUniform((Double) fromUnit(u[0]), (Double) fromUnit(u[1]));
        }

        @Override public String scale() { return "log"; }
    }

    /**
     * {@code 1 − 10^r}, r uniform in {@code [log10(1 − hi), log10(1 − lo)]}.
     *
     * @param lo low end, e.g. 0.9
     * @param hi high end (below 1), e.g. 0.999
     */
    record BetaScale(double lo, double hi) implements Domain {
        /** Checks {@code 0 ≤ lo ≤ hi < 1}. */
        public BetaScale {
            if (!(lo >= 0 && lo <= hi && hi < 1)) {
                throw new IllegalArgumentException("Domain.betaScale: need 0 <= lo <= hi < 1 (e.g. 0.9 to 0.999), got [" + lo + ", "
                        + hi + "]");
            }
        }

        @Override public Object sample(Generator gen) { return fromUnit(gen.nextDouble()); }

        /** u = 0 at {@code lo} (r = log₁₀(1 − lo)), u = 1 at {@code hi}. */
        @Override
        public Object fromUnit(double u) {
            if (u <= 0) return lo;
            if (u >= 1) return hi;
            return 1 - Math.pow(10, lerp(Math.log10(1 - lo), Math.log10(1 - hi), u));
        }

        @Override
        public double toUnit(Object v) {
            return unit(Math.log10(1 - lo), Math.log10(1 - hi), Math.log10(1 - number(v, "betaScale")));
        }

        @Override public List<Object> grid(int n) { return Domains.grid(this, n); }

        @Override
        public BetaScale narrow(double uLo, double uHi) {
            double[] u = Domains.clampRange(uLo, uHi);
            return new BetaScale((Double) fromUnit(u[0]), (Double) fromUnit(u[1]));
        }

        @Override public String scale() { return "one-minus-log"; }
    }

    private static double lerp(double a, double b, double u) {
        if (u <= 0) return a;
        if (u >= 1) return b;
        return a + u * (b - a);
    }

    private static double unit(double a, double b, double x) {
        return a == b ? 0.5 : (x - a) / (b - a);
    }

    private static double number(Object v, String domain) {
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException("Domain." + domain + ": expected a number, got " + v
                + (v == null ? "" : " (" + v.getClass().getSimpleName() + ")"));
    }
}
