package ai.deepj.nn;

import ai.deepj.tensor.Tensor;
import java.util.Map;

/**
 * {@code x − log Σ exp(x)} along dimension {@code dim} (default −1), computed stably; any shape in,
 * the same shape out. The log-probabilities a negative log-likelihood loss expects.
 *
 * {@snippet :
 * Tensor logProbs = new LogSoftmax().forward(logits);   // [batch, classes]
 * }
 */
public final class LogSoftmax extends Module {
    private final int dim;

    /** Along the last dimension. */
    public LogSoftmax() {
        this(-1);
    }

    /** Along {@code dim} (negative counts from the end). */
    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.logSoftmax(dim);
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("dim", dim);
    }

    /** Re-creates from {@link #config()}. */
    public static LogSoftmax fromConfig(ModuleConfig cfg) {
        return new LogSoftmax(cfg.getInt("dim"));
    }
}
