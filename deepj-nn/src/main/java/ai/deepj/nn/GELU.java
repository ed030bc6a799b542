package ai.deepj.nn;

import ai.deepj.tensor.Tensor;
import java.util.Map;

/**
 * Gaussian error linear unit {@code x·Φ(x) = x/2 · (1 + erf(x/√2))}, elementwise, in its exact
 * form (PyTorch's default; not the tanh approximation); any shape in, the same shape out. See
 * {@link Functional#gelu}.
 *
 * {@snippet :
 * Module mlp = new Sequential(new Linear(512, 2048), new GELU(), new Linear(2048, 512));
 * }
 */
public final class GELU extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return Functional.gelu(x);
    }

    @Override
    public Map<String, Object> config() {
        return Map.of();
    }

    /** Re-creates from {@link #config()}. */
    public static GELU fromConfig(ModuleConfig cfg) {
        return new GELU();
    }
}
