package ai.deepj.nn;

/**
 * Max pooling over the height and width of {@code [N, C, H, W]}: each output is the largest value of its
 * window, per channel (the course's max-pooling layer: no parameters, {@code C} unchanged).
 * Output {@code [N, C, H_out, W_out]} with, per dimension, {@code ⌊(in + 2·padding − dilation·(kernel − 1) − 1)
 * / stride⌋ + 1} (⌈⌉ in ceil mode). Windows may overlap (stride below the kernel); the
 * gradient of each output goes to its window's maximum, the first in row-major order among equal
 * values, as PyTorch, and adds up where windows share it. Padding is never the maximum. PyTorch's
 * {@code MaxPool2d} with the same arguments (Keras' {@code MaxPooling2D} with
 * {@code padding='valid'} when the padding is 0).
 *
 * {@snippet :
 * Module pool = new MaxPool2d(2);                                   // the course's f = 2, s = 2: [N, C, 28, 28] → [N, C, 14, 14]
 * Module stem = new MaxPool2d(PoolOptions.of(3).withStride(2).withPadding(1));   // ResNet: [N, 64, 112, 112] → [N, 64, 56, 56]
 * }
 *
 * <p>Errors name the layer, the input and the window: a too-small input is refused with the sizes
 * the output would have.
 */
public final class MaxPool2d extends PoolLayer {
    /** A {@code kernel}-wide window in every dimension, stride {@code kernel}, no padding. */
    public MaxPool2d(int kernel) {
        this(PoolOptions.of(kernel));
    }

    /** A {@code kernel}-wide window moved by {@code stride} in every dimension, no padding. */
    public MaxPool2d(int kernel, int stride) {
        this(PoolOptions.of(kernel).withStride(stride));
    }

    /** The window described by {@code options}. */
    public MaxPool2d(PoolOptions options) {
        super(true, 2, options);
    }

    /** Re-creates from {@link #config()}. */
    public static MaxPool2d fromConfig(ModuleConfig cfg) {
        return new MaxPool2d(optionsFrom(cfg, true));
    }
}
