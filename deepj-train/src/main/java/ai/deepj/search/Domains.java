package ai.deepj.search;

import java.util.ArrayList;
import java.util.List;

/** Shared arithmetic of the {@link Domain} implementations. */
final class Domains {
    private Domains() {}

    static void checkPoints(int n) {
        if (n < 1) throw new IllegalArgumentException("Domain.grid: need at least 1 point, got " + n);
    }

    /** {@code n} points evenly spaced in unit coordinates, both ends included (the middle for n = 1). */
    static List<Object> grid(Domain d, int n) {
        checkPoints(n);
        List<Object> out = new ArrayList<>(n);
        if (n == 1) {
            out.add(d.fromUnit(0.5));
        } else {
            for (int i = 0; i < n; i++) out.add(d.fromUnit((double) i / (n - 1)));
        }
        return out;
    }

    /** {@code [uLo, uHi]} clamped to [0, 1]; refuses NaN or {@code uLo > uHi}. */
    static double[] clampRange(double uLo, double uHi) {
        if (Double.isNaN(uLo) || Double.isNaN(uHi) || uLo > uHi) {
            throw new IllegalArgumentException("Domain.narrow: need unit bounds uLo <= uHi, got [" + uLo + ", " + uHi + "]");
        }
        return new double[] {Math.min(Math.max(uLo, 0), 1), Math.min(Math.max(uHi, 0), 1)};
    }
}
