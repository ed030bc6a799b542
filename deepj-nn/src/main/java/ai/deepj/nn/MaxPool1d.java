package ai.deepj.nn;

/**
 * Max pooling over the length of {@code [N, C, L]}: each output is the largest value of its
 * window, per channel (the course's max-pooling layer: no parameters, {@code C} unchanged).
 * Output {@code [N, C, L_out]} with, per dimension, {@code ⌊(in + 2·padding − dilation·(kernel − 1) − 1)
 * / stride⌋ + 1} (⌈⌉ in ceil mode). Windows may overlap (stride below the kernel); the
 * gradient of each output goes to its window's maximum, the first in row-major order among equal
 * values, as PyTorch, and adds up where windows share it. Padding is never the maximum. PyTorch's
 * {@code MaxPool1d} with the same arguments (Keras' {@code MaxPooling1D} with
 * {@code padding='valid'} when the padding is 0).
 *
 * {@snippet :
 * Module pool = new MaxPool1d(2);                                   // [N, C, 100] → [N, C, 50]
 * Module overlapping = new MaxPool1d(PoolOptions.of(3).withStride(2).withPadding(1));
 * }
 *
 * <p>Errors name the layer, the input and the window: a too-small input is refused with the sizes
 * the output would have.
 */
public final class MaxPool1d extends PoolLayer {
    /** A {@code kernel}-wide window in every dimension, stride {@code kernel}, no padding. */
    public MaxPool1d(int kernel) {
        this(PoolOptions.of(kernel));
    }

    /** A {@code kernel}-wide window moved by {@code stride} in every dimension, no padding. */
    public MaxPool1d(int kernel, int stride) {
        this(PoolOptions.of(kernel).withStride(stride));
    }

    /** The window described by {@code options}. */
    public MaxPool1d(PoolOptions options) {
        super(true, 1, options);
    }

    /** Re-creates from {@link #config()}. */
    public static MaxPool1d fromConfig(ModuleConfig cfg) {
        return new MaxPool1d(optionsFrom(cfg, true));
    }
}
