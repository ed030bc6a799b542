package ai.deepj.nn;

import ai.deepj.tensor.Tensor;
import java.util.Map;

/**
 * The logistic sigmoid {@code 1 / (1 + e^−x)} elementwise; any shape in, the same shape out.
 *
 * {@snippet :
 * Tensor p = new Sigmoid().forward(logits);   // [batch, 1] → probabilities in (0, 1)
 * }
 */
public final class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.sigmoid();
    }

    @Override
    public Map<String, Object> config() {
        return Map.of();
    }

    /** Re-creates from {@link #config()}. */
    public static Sigmoid fromConfig(ModuleConfig cfg) {
        return new Sigmoid();
    }
}
