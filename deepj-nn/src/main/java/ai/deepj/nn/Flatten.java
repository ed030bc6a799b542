package ai.deepj.nn;

import ai.deepj.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Merges dimensions {@code startDim..endDim} (inclusive; defaults 1 and −1, keeping the batch
 * dimension, as PyTorch's {@code nn.Flatten} and Keras' {@code Flatten}): {@code [N, C, H, W] →
 * [N, C·H·W]}. A view where the layout allows.
 *
 * {@snippet :
 * Tensor flat = new Flatten().forward(images);   // [64, 1, 28, 28] → [64, 784]
 * }
 */
public final class Flatten extends Module {
    private final int startDim, endDim;

    /** Dimensions 1 to the last. */
    public Flatten() {
        this(1, -1);
    }

    /** Dimensions {@code startDim..endDim}, inclusive (negative counts from the end). */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.flatten(startDim, endDim);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("startDim", startDim);
        c.put("endDim", endDim);
        return c;
    }

    /** Re-creates from {@link #config()}. */
    public static Flatten fromConfig(ModuleConfig cfg) {
        return new Flatten(cfg.getInt("startDim"), cfg.getInt("endDim"));
    }
}
