package ai.deepj.optim;

/**
 * An exponentially weighted moving average, the course's {@code v_t = β·v_{t−1} + (1−β)·θ_t}
 * starting from {@code v_0 = 0}. It averages over roughly the last {@code 1/(1−β)} values
 * (β = 0.9: about 10 days of temperatures; β = 0.98: about 50) in one number of memory.
 *
 * <p>Because {@code v_0 = 0}, the first averages are far too small ({@code v_1 = (1−β)·θ_1}).
 * With bias correction, {@link #value()} reports {@code v_t/(1−βᵗ)}, which is a proper weighted
 * average of the values seen (its weights sum to 1) and matters only while {@code βᵗ} is not yet
 * small. Adam applies exactly this correction to its moments.
 *
 * {@snippet :
 * Ewma temperature = Ewma.biasCorrected(0.9);
 * temperature.update(40);   // 40.0   (uncorrected: 4.0)
 * temperature.update(49);   // 44.74  (uncorrected: 8.5)
 * }
 */
public final class Ewma {
    private final double beta;
    private final boolean biasCorrection;
    private double v;
    private long t;

    private Ewma(double beta, boolean biasCorrection) {
        OptimUtil.checkDecay("Ewma", "beta", beta);
        this.beta = beta;
        this.biasCorrection = biasCorrection;
    }

    /** The plain average {@code v_t}, as the course first writes it. */
    public static Ewma of(double beta) {
        return new Ewma(beta, false);
    }

    /** The bias-corrected average {@code v_t/(1−βᵗ)}. */
    public static Ewma biasCorrected(double beta) {
        return new Ewma(beta, true);
    }

    /** Adds {@code theta} and returns the new {@link #value()}. */
    public double update(double theta) {
        v = beta * v + (1 - beta) * theta;
        t++;
        return value();
    }

    /** The current average: {@code v_t}, or {@code v_t/(1−βᵗ)} with bias correction; 0 before any update. */
    public double value() {
        if (!biasCorrection || t == 0) return v;
        return v / (1 - Math.pow(beta, t));
    }

    /** The uncorrected {@code v_t}, whatever the mode. */
    public double raw() {
        return v;
    }

    /** Number of values seen. */
    public long count() {
        return t;
    }

    /** β. */
    public double beta() {
        return beta;
    }

    /** Whether {@link #value()} is bias-corrected. */
    public boolean isBiasCorrected() {
        return biasCorrection;
    }

    /** The averages {@link #value()} after each of {@code thetas}, from a fresh start. */
    public static double[] averages(double[] thetas, double beta, boolean biasCorrection) {
        Ewma e = new Ewma(beta, biasCorrection);
        double[] out = new double[thetas.length];
        for (int i = 0; i < thetas.length; i++) out[i] = e.update(thetas[i]);
        return out;
    }
}
