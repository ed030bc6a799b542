package ai.deepj.nn;

/**
 * Max pooling over the depth, height and width of {@code [N, C, D, H, W]}: each output is the largest value of its
 * window, per channel (the course's max-pooling layer: no parameters, {@code C} unchanged).
 * Output {@code [N, C, D_out, H_out, W_out]} with, per dimension, {@code ⌊(in + 2·padding − dilation·(kernel − 1) − 1)
 * / stride⌋ + 1} (⌈⌉ in ceil mode). Windows may overlap (stride below the kernel); the
 * gradient of each output goes to its window's maximum, the first in row-major order among equal
 * values, as PyTorch, and adds up where windows share it. Padding is never the maximum. PyTorch's
 * {@code MaxPool3d} with the same arguments (Keras' {@code MaxPooling3D} with
 * {@code padding='valid'} when the padding is 0).
 *
 * {@snippet :
 * Module pool = new MaxPool3d(2);                                   // [N, C, 16, 32, 32] → [N, C, 8, 16, 16]
 * Module spatialOnly = new MaxPool3d(PoolOptions.of(1, 2, 2));          // depth kept
 * }
 *
 * <p>Errors name the layer, the input and the window: a too-small input is refused with the sizes
 * the output would have.
 */
public final class MaxPool3d extends PoolLayer {
    /** A {@code kernel}-wide window in every dimension, stride {@code kernel}, no padding. */
    public MaxPool3d(int kernel) {
        this(PoolOptions.of(kernel));
    }

    /** A {@code kernel}-wide window moved by {@code stride} in every dimension, no padding. */
    public MaxPool3d(int kernel, int stride) {
        this(PoolOptions.of(kernel).withStride(stride));
    }

    /** The window described by {@code options}. */
    public MaxPool3d(PoolOptions options) {
        super(true, 3, options);
    }

    /** Re-creates from {@link #config()}. */
    public static MaxPool3d fromConfig(ModuleConfig cfg) {
        return new MaxPool3d(optionsFrom(cfg, true));
    }
}
