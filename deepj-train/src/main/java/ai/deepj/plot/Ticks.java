package ai.deepj.plot;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Tick positions at "nice" values (1, 2 or 5 times a power of ten) and their labels, written with
 * no more digits than the step needs.
 */
final class Ticks {
    private Ticks() {}

    /**
     * Positions and labels of one axis's ticks, and unlabelled minor ticks (2..9 times each power of
     * ten on a log axis, none on a linear one).
     */
    record Set(double[] values, String[] labels, double[] minor) {
        Set(double[] values, String[] labels) {
            this(values, labels, new double[0]);
        }
    }

    /** The smallest of 1, 2, 5 times a power of ten that is at least {@code raw} (> 0). */
    static double niceAbove(double raw) {
        double pow = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / pow;
        return (f <= 1 + 1e-9 ? 1 : f <= 2 + 1e-9 ? 2 : f <= 5 + 1e-9 ? 5 : 10) * pow;
    }

    /** The largest of 1, 2, 5 times a power of ten that is at most {@code raw} (> 0). */
    static double niceBelow(double raw) {
        double pow = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / pow;
        return (f >= 10 - 1e-9 ? 10 : f >= 5 - 1e-9 ? 5 : f >= 2 - 1e-9 ? 2 : 1) * pow;
    }

    /**
     * About {@code target} ticks covering [lo, hi] on a linear axis, at multiples of a nice step
     * (of the nice steps either side of {@code (hi - lo) / target}, the one whose tick count is
     * nearer the target; on a tie the larger); with {@code integer} the step is at least 1.
     */
    static Set linear(double lo, double hi, int target, boolean integer) {
        int t = Math.max(1, target);
        double raw = (hi - lo) / t;
        double a = niceBelow(raw);
        double b = niceAbove(raw);
        double step = Math.abs(count(lo, hi, a) - t) < Math.abs(count(lo, hi, b) - t) ? a : b;
        if (integer) step = Math.max(step, 1);
        long first = (long) Math.ceil(lo / step - 1e-9);
        long last = (long) Math.floor(hi / step + 1e-9);
        List<Double> values = new ArrayList<>();
        for (long i = first; i <= last; i++) values.add(i * step);
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        double[] steps = new double[v.length];
        java.util.Arrays.fill(steps, step);
        return new Set(v, labels(v, steps));
    }

    private static long count(double lo, double hi, double step) {
        return (long) Math.floor(hi / step + 1e-9) - (long) Math.ceil(lo / step - 1e-9) + 1;
    }

    /**
     * Ticks for a log axis covering [lo, hi] (both > 0): powers of ten, with 2 and 5 times them in
     * between when the range spans few decades, and a thinner set of powers when it spans many.
     * Falls back to linear ticks when the range is too narrow for any of these.
     */
    static Set log(double lo, double hi, int target) {
        int a = (int) Math.floor(Math.log10(lo));
        int b = (int) Math.ceil(Math.log10(hi));
        int decades = b - a;
        double[][] mantissas = decades > target ? new double[][] {{1}}
                : decades * 3 > target + 2 ? new double[][] {{1}}
                : new double[][] {{1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}};
        int stride = Math.max(1, (int) Math.ceil((double) decades / Math.max(1, target)));
        for (double[] ms : mantissas) {
            List<Double> values = new ArrayList<>();
            List<Double> steps = new ArrayList<>();
            List<Double> minor = new ArrayList<>();
            for (int e = a; e <= b; e++) {
                double pow = Math.pow(10, e);
                for (int m = 1; m <= 9; m++) {
                    double v = m * pow;
                    if (v < lo * (1 - 1e-9) || v > hi * (1 + 1e-9)) continue;
                    boolean major = (ms.length > 1 || Math.floorMod(e, stride) == 0) && contains(ms, m);
                    if (major) {
                        values.add(v);
                        steps.add(pow);
                    } else if (stride == 1) {
                        minor.add(v);
                    }
                }
            }
            if (values.size() >= 3 || (ms.length == 1 && decades * 3 > target + 2)) {
                double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
                return new Set(v, labels(v, steps.stream().mapToDouble(Double::doubleValue).toArray()),
                        minor.stream().mapToDouble(Double::doubleValue).toArray());
            }
        }
        return linear(lo, hi, Math.min(target, 4), false);
    }

    private static boolean contains(double[] ms, int m) {
        for (double x : ms) if (x == m) return true;
        return false;
    }

    /**
     * Labels for ticks {@code v[i]} rounded to {@code step[i]}; all in scientific form if any
     * needs it, so that one axis never mixes {@code 0.001} with {@code 1e-4}.
     */
    static String[] labels(double[] v, double[] step) {
        boolean sci = false;
        for (double x : v) {
            double a = Math.abs(x);
            if (a != 0 && (a >= 1e5 || a < 1e-3)) sci = true;
        }
        String[] out = new String[v.length];
        for (int i = 0; i < v.length; i++) out[i] = format(v[i], step[i], sci);
        return out;
    }

    /**
     * {@code v} rounded to the precision of {@code step}, without trailing zeros; in scientific form
     * ({@code 2.5e-5}, {@code 1e6}) when its magnitude is below 1e-3 or at least 1e5.
     */
    static String format(double v, double step) {
        double a = Math.abs(v);
        return format(v, step, a >= 1e5 || a < 1e-3);
    }

    private static String format(double v, double step, boolean sci) {
        if (Math.abs(v) < Math.abs(step) * 1e-6) return "0";
        int k = (int) Math.floor(Math.log10(Math.abs(step)) + 1e-9);
        BigDecimal d = new BigDecimal(v).setScale(-k, RoundingMode.HALF_EVEN).stripTrailingZeros();
        double a = Math.abs(v);
        if (sci) {
            int e = (int) Math.floor(Math.log10(a) + 1e-9);
            return d.movePointLeft(e).stripTrailingZeros().toPlainString() + "e" + e;
        }
        return d.toPlainString();
    }

    /** {@code v} with at most {@code digits} significant digits, for annotations. */
    static String compact(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return Double.toString(v);
        if (v == 0) return "0";
        int e = (int) Math.floor(Math.log10(Math.abs(v)));
        double step = Math.pow(10, e - digits + 1);
        return format(v, step);
    }
}
