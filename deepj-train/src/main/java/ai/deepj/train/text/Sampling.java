package ai.deepj.train.text;

import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;

/**
 * Choosing the next token from a language model's scores, as the course's {@code sample} does with
 * {@code np.random.choice(range(vocab_size), p = y.ravel())}: draw an index with the probability the
 * softmax gives it. A temperature τ reshapes the distribution first, {@code p_i ∝ exp(z_i / τ)}: τ = 1 is
 * the model's own distribution, τ < 1 sharpens it towards the most likely tokens (τ → 0 is greedy
 * decoding: always the arg max), τ > 1 flattens it towards uniform. Every draw takes one number from
 * the given {@link Generator}, so a seed fixes the samples.
 *
 * {@snippet :
 * Generator g = Generator.seeded(0);
 * int next = Sampling.sample(logits, 1.0, g);    // logits [vocab] (or [1, vocab]): as np.random.choice over the softmax
 * int sure = Sampling.greedy(logits);             // the arg max
 * int[] rows = Sampling.sampleRows(batchLogits, 0.7, g); // one draw per row of [batch, vocab]
 * }
 */
public final class Sampling {
    private Sampling() {}

    /**
     * The distribution {@code softmax(logits / temperature)} in float64, computed stably (the largest
     * score subtracted first). Temperature 0 puts all the mass on the first arg max.
     *
     * @param logits scores of one step, {@code [V]} or {@code [1, V]}
     * @throws IllegalArgumentException if the temperature is negative or not finite, or a score is NaN
     */
    public static double[] distribution(Tensor logits, double temperature) {
        return distribution(row("Sampling.distribution", logits), temperature);
    }

    /** {@link #distribution(Tensor, double)} of raw scores. */
    public static double[] distribution(double[] z, double temperature) {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("Sampling: the temperature must be finite and >= 0 (0: greedy), got " + temperature);
        }
        if (z.length == 0) throw new IllegalArgumentException("Sampling: no scores to choose from");
        int best = argmax(z);
        if (z[best] == Double.NEGATIVE_INFINITY) throw new IllegalArgumentException("Sampling: every score is -infinity, nothing to choose");
        double[] p = new double[z.length];
        if (temperature == 0 || z[best] == Double.POSITIVE_INFINITY) {
            p[best] = 1;
            return p;
        }
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp((z[i] - z[best]) / temperature);   // z[i] = −∞ gives 0
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) p[i] /= sum;
        return p;
    }

    /** One index drawn from {@code softmax(logits / temperature)} (temperature 0: the arg max, and no draw is taken). */
    public static int sample(Tensor logits, double temperature, Generator gen) {
        double[] z = row("Sampling.sample", logits);
        if (temperature == 0) return argmax(z);
        return choice(distribution(z, temperature), gen);
    }

    /** One index per row of {@code [batch, V]} scores, each drawn as {@link #sample(Tensor, double, Generator)} does, row by row. */
    public static int[] sampleRows(Tensor logits, double temperature, Generator gen) {
        if (logits.dim() != 2) throw new IllegalArgumentException("Sampling.sampleRows: scores must be [batch, V], got " + logits.shape());
        int[] out = new int[logits.size(0)];
        for (int b = 0; b < out.length; b++) out[b] = sample(logits.select(0, b), temperature, gen);
        return out;
    }

    /** The index of the highest score (the first one on ties): greedy decoding. */
    public static int greedy(Tensor logits) {
        return argmax(row("Sampling.greedy", logits));
    }

    /**
     * An index drawn with the given probabilities, as {@code np.random.choice(len(p), p = p)}: one uniform
     * number u in [0, 1) from {@code gen}, and the first index whose cumulative probability exceeds
     * {@code u·Σp} (so rounding in the sum cannot run past the end; zero-probability entries are never chosen).
     *
     * @throws IllegalArgumentException if a probability is negative or NaN, or they sum to 0
     */
    public static int choice(double[] p, Generator gen) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] >= 0) || Double.isInfinite(p[i])) {
                throw new IllegalArgumentException("Sampling.choice: probability " + i + " is " + p[i] + "; probabilities must be finite and >= 0");
            }
            sum += p[i];
        }
        if (!(sum > 0)) throw new IllegalArgumentException("Sampling.choice: the probabilities sum to " + sum + ", nothing to choose");
        double u = gen.nextDouble() * sum, c = 0;
        int last = -1;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0) continue;
            last = i;
            c += p[i];
            if (u < c) return i;
        }
        return last;
    }

    private static double[] row(String who, Tensor logits) {
        if (!(logits.dim() == 1 || (logits.dim() == 2 && logits.size(0) == 1)) || !logits.dtype().isFloating()) {
            throw new IllegalArgumentException(who + ": expects the floating scores of one step, [V] or [1, V], got " + logits.dtype() + " "
                    + logits.shape());
        }
        double[] z;
        try (var s = Autograd.noGrad()) {
            z = logits.contiguous().toDoubleArray();
        }
        for (int i = 0; i < z.length; i++) {
            if (Double.isNaN(z[i])) throw new IllegalArgumentException(who + ": score " + i + " is NaN");
        }
        return z;
    }

    private static int argmax(double[] z) {
        int best = 0;
        for (int i = 1; i < z.length; i++) if (z[i] > z[best]) best = i;
        return best;
    }
}
