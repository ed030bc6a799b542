package ai.deepj.nn;

import ai.deepj.tensor.Tensor;
import java.util.Map;

/** {@code max(x, 0)} elementwise; any shape. */
public final class ReLU extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.relu();
    }

    @Override
    public Map<String, Object> config() {
        return Map.of();
    }

    /** Re-creates from {@link #config()}. */
    public static ReLU fromConfig(ModuleConfig cfg) {
        return new ReLU();
    }
}
