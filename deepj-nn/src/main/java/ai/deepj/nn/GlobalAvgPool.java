package ai.deepj.nn;

import ai.deepj.tensor.Tensor;
import java.util.Map;

/**
 * Global average pooling: the mean of each channel over all its spatial positions, for
 * {@code [N, C, L]}, {@code [N, C, H, W]} or {@code [N, C, D, H, W]} (any number of spatial
 * dimensions). The classifier head of ResNet and most later CNNs: it replaces flattening, so
 * the head's size no longer depends on the image size, and the gradient of each output is
 * shared equally by the positions of its channel.
 *
 * <p>The output is {@code [N, C]}, as Keras' {@code GlobalAveragePooling2D} (its default
 * {@code keepdims=False}) and ready for a {@link Linear}. PyTorch's {@code AdaptiveAvgPool2d(1)}
 * keeps the spatial dimensions as size 1, {@code [N, C, 1, 1]}, and is usually followed by
 * {@code flatten(1)}; {@code new GlobalAvgPool(true)} gives that shape. Same values either way
 * ({@code x.mean((2, 3))} in PyTorch).
 *
 * {@snippet :
 * Module head = new Sequential(new GlobalAvgPool(), new Linear(512, 10));   // [N, 512, 7, 7] → [N, 512] → [N, 10]
 * }
 */
public final class GlobalAvgPool extends Module {
    private final boolean keepDims;

    /** Output {@code [N, C]}. */
    public GlobalAvgPool() {
        this(false);
    }

    /** Output {@code [N, C]}, or {@code [N, C, 1, …, 1]} (the input's rank) with {@code keepDims}. */
    public GlobalAvgPool(boolean keepDims) {
        this.keepDims = keepDims;
    }

    /** Whether the spatial dimensions are kept as size 1. */
    public boolean keepDims() {
        return keepDims;
    }

    @Override
    public Tensor forward(Tensor x) {
        try {
            return x.globalAvgPool(keepDims);
        } catch (IllegalArgumentException e) {
            throw PoolLayer.renamed(e, "globalAvgPool", typeName());
        }
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("keepDims", keepDims);
    }

    /** Re-creates from {@link #config()}. */
    public static GlobalAvgPool fromConfig(ModuleConfig cfg) {
        return new GlobalAvgPool(cfg.getBoolean("keepDims"));
    }
}
