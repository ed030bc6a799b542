package ai.deepj.nn;

import ai.deepj.tensor.Tensor;
import java.util.Map;

/**
 * Global max pooling: the largest value of each channel over all its spatial positions, for
 * {@code [N, C, L]}, {@code [N, C, H, W]} or {@code [N, C, D, H, W]} (any number of spatial
 * dimensions). The gradient of each output goes to that maximum, the first one in row-major
 * order among equal values (as PyTorch's adaptive max pooling).
 *
 * <p>The output is {@code [N, C]}, as Keras' {@code GlobalMaxPooling2D} (its default
 * {@code keepdims=False}). PyTorch's {@code AdaptiveMaxPool2d(1)} keeps the spatial dimensions as
 * size 1, {@code [N, C, 1, 1]}; {@code new GlobalMaxPool(true)} gives that shape. (PyTorch's
 * {@code amax} over the spatial dimensions has the same values but splits the gradient among
 * ties; this layer does not.)
 *
 * {@snippet :
 * Module head = new Sequential(new GlobalMaxPool(), new Linear(128, 2));   // [N, 128, H, W] → [N, 128] → [N, 2]
 * }
 */
public final class GlobalMaxPool extends Module {
    private final boolean keepDims;

    /** Output {@code [N, C]}. */
    public GlobalMaxPool() {
        this(false);
    }

    /** Output {@code [N, C]}, or {@code [N, C, 1, …, 1]} (the input's rank) with {@code keepDims}. */
    public GlobalMaxPool(boolean keepDims) {
        this.keepDims = keepDims;
    }

    /** Whether the spatial dimensions are kept as size 1. */
    public boolean keepDims() {
        return keepDims;
    }

    @Override
    public Tensor forward(Tensor x) {
        try {
            return x.globalMaxPool(keepDims);
        } catch (IllegalArgumentException e) {
            throw PoolLayer.renamed(e, "globalMaxPool", typeName());
        }
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("keepDims", keepDims);
    }

    /** Re-creates from {@link #config()}. */
    public static GlobalMaxPool fromConfig(ModuleConfig cfg) {
        return new GlobalMaxPool(cfg.getBoolean("keepDims"));
    }
}
