package ai.deepj.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/** Argument checks shared by the optimizers and schedules. */
final class OptimUtil {
    private OptimUtil() {}

    /**
     * Hyperparameters from name/value pairs, in the order given (a {@code Map.of} would iterate in
     * an order that changes between runs, and saved states should be reproducible).
     */
    static Map<String, Double> hyper(Object... nameValue) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) m.put((String) nameValue[i], ((Number) nameValue[i + 1]).doubleValue());
        return m;
    }

    static void checkNonNegative(String op, String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(op + ": " + name + " must be finite and >= 0, got " + v);
        }
    }

    static void checkPositive(String op, String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(op + ": " + name + " must be finite and > 0, got " + v);
        }
    }

    /** A decay factor such as β, μ or γ: in [0, 1). */
    static void checkDecay(String op, String name, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(op + ": " + name + " must be in [0, 1), got " + v);
        }
    }
}
