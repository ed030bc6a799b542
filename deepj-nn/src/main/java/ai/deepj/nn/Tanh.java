package ai.deepj.nn;

import ai.deepj.tensor.Tensor;
import java.util.Map;

/**
 * The hyperbolic tangent elementwise; any shape in, the same shape out.
 *
 * {@snippet :
 * Module hidden = new Sequential(new Linear(2, 4), new Tanh());
 * }
 */
public final class Tanh extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.tanh();
    }

    @Override
    public Map<String, Object> config() {
        return Map.of();
    }

    /** Re-creates from {@link #config()}. */
    public static Tanh fromConfig(ModuleConfig cfg) {
        return new Tanh();
    }
}
