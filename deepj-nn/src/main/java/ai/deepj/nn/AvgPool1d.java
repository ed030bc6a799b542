package ai.deepj.nn;

/**
 * Average pooling over the length of {@code [N, C, L]}: each output is the mean of its window,
 * per channel. Output {@code [N, C, L_out]} with, per dimension, {@code ⌊(in + 2·padding − kernel) /
 * stride⌋ + 1} (⌈⌉ in ceil mode). With padding, {@link PoolOptions#countIncludePad()} (PyTorch's
 * default, true) divides by the window size with the zero padding counted (but not the part of a
 * ceil-mode window beyond the padding); false divides by the number of input elements covered,
 * like Keras' {@code AveragePooling1D(padding='same')}. The gradient of each output is shared
 * equally by the elements of its window. PyTorch's {@code AvgPool1d} (without
 * {@code divisor_override}).
 *
 * {@snippet :
 * Module pool = new AvgPool1d(2);                                   // [N, C, 100] → [N, C, 50]
 * }
 *
 * <p>Errors name the layer, the input and the window: a too-small input is refused with the sizes
 * the output would have.
 */
public final class AvgPool1d extends PoolLayer {
    /** A {@code kernel}-wide window in every dimension, stride {@code kernel}, no padding. */
    public AvgPool1d(int kernel) {
        this(PoolOptions.of(kernel));
    }

    /** A {@code kernel}-wide window moved by {@code stride} in every dimension, no padding. */
    public AvgPool1d(int kernel, int stride) {
        this(PoolOptions.of(kernel).withStride(stride));
    }

    /** The window described by {@code options} (which must not set a dilation). */
    public AvgPool1d(PoolOptions options) {
        super(false, 1, options);
    }

    /** Re-creates from {@link #config()}. */
    public static AvgPool1d fromConfig(ModuleConfig cfg) {
        return new AvgPool1d(optionsFrom(cfg, false));
    }
}
