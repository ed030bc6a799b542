package ai.deepj.nn;

import ai.deepj.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code log(1 + e^(βx)) / β} elementwise, a smooth ReLU; where {@code βx > threshold} it returns
 * {@code x} itself, as PyTorch's {@code nn.Softplus} does (defaults {@code β = 1},
 * {@code threshold = 20}). Any shape in, the same shape out.
 *
 * {@snippet :
 * Module act = new Softplus();          // β = 1, threshold 20
 * Module sharp = new Softplus(2, 20);
 * }
 */
public final class Softplus extends Module {
    private final double beta, threshold;

    /** {@code β = 1}, threshold 20. */
    public Softplus() {
        this(1, 20);
    }

    /** The given {@code β} (> 0) and threshold. */
    public Softplus(double beta, double threshold) {
        if (!(beta > 0) || !Double.isFinite(beta)) throw new IllegalArgumentException("Softplus: beta must be positive, got " + beta);
        this.beta = beta;
        this.threshold = threshold;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.softplus(x, beta, threshold);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("beta", beta);
        c.put("threshold", threshold);
        return c;
    }

    /** Re-creates from {@link #config()}. */
    public static Softplus fromConfig(ModuleConfig cfg) {
        return new Softplus(cfg.getDouble("beta"), cfg.getDouble("threshold"));
    }
}
