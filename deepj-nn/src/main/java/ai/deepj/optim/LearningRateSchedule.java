package ai.deepj.optim;

import java.util.Arrays;

/**
 * A learning rate as a pure function of the epoch (or step: whichever the caller counts, from 0).
 * Being pure, a schedule can be plotted, tested and resumed without state.
 *
 * <table>
 *   <caption>Schedules</caption>
 *   <tr><th>factory</th><th>α(t)</th><th>origin</th></tr>
 *   <tr><td>{@link #inverseTime}</td><td>{@code α₀/(1 + decayRate·t)}</td><td>course</td></tr>
 *   <tr><td>{@link #inverseTimeStaircase}</td><td>{@code α₀/(1 + decayRate·⌊t/timeInterval⌋)}</td><td>course's {@code schedule_lr_decay}</td></tr>
 *   <tr><td>{@link #exponential}</td><td>{@code α₀·baseᵗ} (course: base 0.95)</td><td>course; PyTorch {@code ExponentialLR}</td></tr>
 *   <tr><td>{@link #inverseSqrt}</td><td>{@code α₀·k/√max(t, 1)}</td><td>course</td></tr>
 *   <tr><td>{@link #step}</td><td>{@code α₀·γ^⌊t/stepSize⌋}</td><td>PyTorch {@code StepLR}</td></tr>
 *   <tr><td>{@link #piecewiseConstant}</td><td>{@code values[i]} from {@code boundaries[i−1]} on</td><td>PyTorch {@code MultiStepLR}, TF {@code PiecewiseConstantDecay}</td></tr>
 *   <tr><td>{@link #warmupCosine}</td><td>linear warm-up, then cosine to a minimum</td><td>nanoGPT; PyTorch {@code CosineAnnealingLR} without warm-up</td></tr>
 * </table>
 *
 * {@snippet :
 * LearningRateSchedule schedule = LearningRateSchedule.inverseTime(0.2, 1.0);   // 0.2, 0.1, 0.0667, 0.05, ...
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     schedule.applyTo(optimizer, epoch);
 *     // ... one pass over the mini-batches ...
 * }
 * }
 */
@FunctionalInterface
public interface LearningRateSchedule {
    /** The learning rate for epoch (or step) {@code t ≥ 0}. */
    double at(int t);

    /** Sets every parameter group's learning rate to {@link #at at(t)}; returns it. */
    default double applyTo(Optimizer optimizer, int t) {
        double lr = at(t);
        optimizer.setLearningRate(lr);
        return lr;
    }

    /** Always {@code lr}. */
    static LearningRateSchedule constant(double lr) {
        OptimUtil.checkNonNegative("constant", "lr", lr);
        return t -> lr;
    }

    /** The course's decay {@code α = α₀/(1 + decayRate·t)} (α₀ = 0.2, decayRate = 1: 0.2, 0.1, 0.067, 0.05, ...). */
    static LearningRateSchedule inverseTime(double lr0, double decayRate) {
        OptimUtil.checkNonNegative("inverseTime", "lr0", lr0);
        OptimUtil.checkNonNegative("inverseTime", "decayRate", decayRate);
        return t -> lr0 / (1 + decayRate * checkT(t));
    }

    /**
     * The course's {@code schedule_lr_decay}: inverse-time decay applied in stairs, once every
     * {@code timeInterval} epochs: {@code α₀/(1 + decayRate·⌊t/timeInterval⌋)}.
     */
    static LearningRateSchedule inverseTimeStaircase(double lr0, double decayRate, int timeInterval) {
        OptimUtil.checkNonNegative("inverseTimeStaircase", "lr0", lr0);
        OptimUtil.checkNonNegative("inverseTimeStaircase", "decayRate", decayRate);
        checkCount("inverseTimeStaircase", "timeInterval", timeInterval);
        return t -> lr0 / (1 + decayRate * Math.floorDiv(checkT(t), timeInterval));
    }

    /** Exponential decay {@code α₀·baseᵗ}; the course uses base 0.95 (PyTorch's {@code ExponentialLR(gamma=base)}). */
    static LearningRateSchedule exponential(double lr0, double base) {
        OptimUtil.checkNonNegative("exponential", "lr0", lr0);
        OptimUtil.checkNonNegative("exponential", "base", base);
        return t -> lr0 * Math.pow(base, checkT(t));
    }

    /**
     * The course's {@code k/√t·α₀}. The formula has no value at {@code t = 0}; here epoch 0 gets
     * epoch 1's rate {@code k·α₀} (as if epochs were counted from 1, as in the course's table), so
     * the rate is constant over the first two epochs and exactly the course's from then on.
     */
    static LearningRateSchedule inverseSqrt(double lr0, double k) {
        OptimUtil.checkNonNegative("inverseSqrt", "lr0", lr0);
        OptimUtil.checkNonNegative("inverseSqrt", "k", k);
        return t -> k * lr0 / Math.sqrt(Math.max(checkT(t), 1));
    }

    /** Step (staircase) decay {@code α₀·γ^⌊t/stepSize⌋}: multiply by γ every {@code stepSize} epochs (PyTorch's {@code StepLR}). */
    static LearningRateSchedule step(double lr0, int stepSize, double gamma) {
        OptimUtil.checkNonNegative("step", "lr0", lr0);
        checkCount("step", "stepSize", stepSize);
        OptimUtil.checkNonNegative("step", "gamma", gamma);
        return t -> lr0 * Math.pow(gamma, Math.floorDiv(checkT(t), stepSize));
    }

    /**
     * Manual constants: {@code values[0]} for {@code t < boundaries[0]}, {@code values[i]} for
     * {@code boundaries[i−1] ≤ t < boundaries[i]}, the last value from the last boundary on. A new
     * value starts <em>at</em> its boundary, as PyTorch's {@code MultiStepLR} milestones (TensorFlow's
     * {@code PiecewiseConstantDecay} switches one step later, after the boundary).
     *
     * @param boundaries strictly increasing, non-negative
     * @param values     one more than {@code boundaries}
     */
    static LearningRateSchedule piecewiseConstant(int[] boundaries, double[] values) {
        if (values.length != boundaries.length + 1) {
            throw new IllegalArgumentException("piecewiseConstant: need one more value than boundaries, got " + values.length
                    + " values for " + boundaries.length + " boundaries " + Arrays.toString(boundaries));
        }
        for (int i = 0; i < boundaries.length; i++) {
            if (boundaries[i] < 0 || (i > 0 && boundaries[i] <= boundaries[i - 1])) {
                throw new IllegalArgumentException("piecewiseConstant: boundaries must be non-negative and strictly increasing, got "
                        + Arrays.toString(boundaries));
            }
        }
        for (double v : values) OptimUtil.checkNonNegative("piecewiseConstant", "value", v);
        int[] b = boundaries.clone();
        double[] vs = values.clone();
        return t -> {
            checkT(t);
            int i = 0;
            while (i < b.length && t >= b[i]) i++;
            return vs[i];
        };
    }

    /**
     * Linear warm-up to {@code peak}, then half a cosine down to {@code min}, then {@code min}
     * (nanoGPT's {@code get_lr}):
     * <ul>
     *   <li>{@code t < warmup}: {@code peak·(t+1)/(warmup+1)} (never 0, reaching peak at {@code t = warmup});</li>
     *   <li>{@code warmup ≤ t ≤ total}: {@code min + (peak − min)·(1 + cos(π·(t − warmup)/(total − warmup)))/2};</li>
     *   <li>{@code t > total}: {@code min}.</li>
     * </ul>
     * With {@code warmup = 0} this is PyTorch's {@code CosineAnnealingLR(T_max = total, eta_min = min)}
     * over its first half period.
     */
    static LearningRateSchedule warmupCosine(double peak, int warmup, int total, double min) {
        OptimUtil.checkNonNegative("warmupCosine", "peak", peak);
        OptimUtil.checkNonNegative("warmupCosine", "min", min);
        if (warmup < 0 || total <= warmup) {
            throw new IllegalArgumentException("warmupCosine: need 0 <= warmup < total, got warmup " + warmup + ", total " + total);
        }
        return t -> {
            checkT(t);
            if (t < warmup) return peak * (t + 1) / (warmup + 1);
            if (t > total) return min;
            double ratio = (double) (t - warmup) / (total - warmup);
            return min + 0.5 * (1 + Math.cos(Math.PI * ratio)) * (peak - min);
        };
    }

    private static int checkT(int t) {
        if (t < 0) throw new IllegalArgumentException("learning-rate schedule: epoch/step must be >= 0, got " + t);
        return t;
    }

    private static void checkCount(String op, String name, int v) {
        if (v <= 0) throw new IllegalArgumentException(op + ": " + name + " must be > 0, got " + v);
    }
}
