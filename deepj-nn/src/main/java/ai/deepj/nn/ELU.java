package ai.deepj.nn;

import ai.deepj.tensor.Tensor;
import java.util.Map;

/**
 * Exponential linear unit: {@code x} for {@code x > 0}, else {@code α(eˣ − 1)}, elementwise (see
 * {@link Functional#elu}); any shape in, the same shape out. Default {@code α = 1} (PyTorch, Keras).
 *
 * {@snippet :
 * Module act = new ELU();       // α = 1
 * Module soft = new ELU(0.5);
 * }
 */
public final class ELU extends Module {
    private final double alpha;

    /** {@code α = 1}. */
    public ELU() {
        this(1.0);
    }

    /** The given {@code α}, the value approached as {@code x → −∞} is {@code −α}. */
    public ELU(double alpha) {
        if (!Double.isFinite(alpha)) throw new IllegalArgumentException("ELU: alpha must be finite, got " + alpha);
        this.alpha = alpha;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.elu(x, alpha);
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("alpha", alpha);
    }

    /** Re-creates from {@link #config()}. */
    public static ELU fromConfig(ModuleConfig cfg) {
        return new ELU(cfg.getDouble("alpha"));
    }
}
