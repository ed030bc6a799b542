package ai.deepj.nn;

import ai.deepj.tensor.Tensor;
import java.util.Map;

/**
 * Returns its input unchanged (a placeholder, e.g. for a skip path in a {@link GraphModel}).
 *
 * {@snippet :
 * Module none = new Identity();   // none.forward(x) == x
 * }
 */
public final class Identity extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x;
    }

    @Override
    public Map<String, Object> config() {
        return Map.of();
    }

    /** Re-creates from {@link #config()}. */
    public static Identity fromConfig(ModuleConfig cfg) {
        return new Identity();
    }
}
