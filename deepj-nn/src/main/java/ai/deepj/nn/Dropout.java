package ai.deepj.nn;

import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.Map;

/**
 * Inverted dropout, in the course's convention: each element is <em>kept</em> with probability
 * {@code keepProb} and the kept ones are divided by {@code keepProb}, so that expected activations
 * are unchanged and evaluation needs no rescaling ({@code D = rand < keepProb; A = A·D / keepProb}).
 * Any shape in, the same shape out. Srivastava et al., "Dropout", JMLR 2014.
 *
 * <p>PyTorch and Keras take the <em>drop</em> rate {@code p = 1 − keepProb} instead; build from it
 * with {@link #withDropRate(double)}: {@code nn.Dropout(0.2)} is {@code Dropout.withDropRate(0.2)}
 * is {@code Dropout.ofKeepProb(0.8)}.
 *
 * <p>In training mode every forward draws a fresh mask from the module's own {@link Generator};
 * the mask is a constant of the recorded graph, so backward multiplies the gradient by the same
 * {@code D / keepProb}. In evaluation mode forward is the identity and touches no state. Training
 * mode is not thread-safe (the generator is shared); evaluation is.
 *
 * {@snippet :
 * Module model = new Sequential(new Linear(784, 128), new ReLU(), Dropout.ofKeepProb(0.8, Generator.seeded(1)),
 *         new Linear(128, 10));
 * model.eval();   // dropout off for evaluation
 * }
 */
public final class Dropout extends Module implements HasGenerator {
    private final double keepProb;
    private final Generator gen;

    /** Keeps each element with probability {@code keepProb}; masks from a generator seeded from {@link Generator#global()}. */
    public Dropout(double keepProb) {
        this(keepProb, Generator.seeded(Generator.global().nextLong()));
    }

    /** Keeps each element with probability {@code keepProb}; masks drawn from {@code gen}. */
    public Dropout(double keepProb, Generator gen) {
        if (!(keepProb > 0 && keepProb <= 1)) {
            throw new IllegalArgumentException("Dropout: keepProb must be in (0, 1], got " + keepProb
                    + (keepProb == 0 ? " (keeping nothing)" : "") + "; for a drop rate p use Dropout.withDropRate(p)");
        }
        this.keepProb = keepProb;
        this.gen = gen;
    }

    /** The course's convention: keep each element with probability {@code keepProb}. */
    public static Dropout ofKeepProb(double keepProb) {
        return new Dropout(keepProb);
    }

    /** {@link #ofKeepProb(double)} with masks from {@code gen}. */
    public static Dropout ofKeepProb(double keepProb, Generator gen) {
        return new Dropout(keepProb, gen);
    }

    /** PyTorch's and Keras' convention: drop each element with probability {@code p} ({@code keepProb = 1 − p}, 0 ≤ p < 1). */
    public static Dropout withDropRate(double p) {
        checkDropRate(p);
        return new Dropout(1 - p);
    }

    /** {@link #withDropRate(double)} with masks from {@code gen}. */
    public static Dropout withDropRate(double p, Generator gen) {
        checkDropRate(p);
        return new Dropout(1 - p, gen);
    }

    private static void checkDropRate(double p) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("Dropout: drop rate p must be in [0, 1), got " + p);
    }

    /** The probability of keeping an element. */
    public double keepProb() {
        return keepProb;
    }

    /** The probability of dropping an element, {@code 1 − keepProb}. */
    public double dropRate() {
        return 1 - keepProb;
    }

    /** The generator the masks are drawn from. */
    @Override
    public Generator generator() {
        return gen;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!isTraining() || keepProb == 1) return x;
        if (!x.dtype().isFloating()) throw new IllegalArgumentException("Dropout: expects a floating-point tensor, got " + x.dtype());
        Tensor mask = Tensor.uniform(gen, x.dtype(), 0, 1, x.shape().toArray()).lt(keepProb);
        return x.mul(mask).div(keepProb);
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("keepProb", keepProb);
    }

    /** Re-creates from {@link #config()} (with a fresh generator seeded from {@link Generator#global()}). */
    public static Dropout fromConfig(ModuleConfig cfg) {
        return new Dropout(cfg.getDouble("keepProb"));
    }
}
