package ai.deepj.nn;

import ai.deepj.tensor.Tensor;
import java.util.Map;

/**
 * {@code exp(x) / Σ exp(x)} along dimension {@code dim} (default −1, the last); any shape in, the
 * same shape out, entries along {@code dim} summing to 1.
 *
 * {@snippet :
 * Tensor probs = new Softmax().forward(logits);   // [batch, classes], rows sum to 1
 * }
 */
public final class Softmax extends Module {
    private final int dim;

    /** Along the last dimension. */
    public Softmax() {
        this(-1);
    }

    /** Along {@code dim} (negative counts from the end). */
    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.softmax(dim);
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("dim", dim);
    }

    /** Re-creates from {@link #config()}. */
    public static Softmax fromConfig(ModuleConfig cfg) {
        return new Softmax(cfg.getInt("dim"));
    }
}
