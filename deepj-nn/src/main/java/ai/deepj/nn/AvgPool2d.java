package ai.deepj.nn;

/**
 * Average pooling over the height and width of {@code [N, C, H, W]}: each output is the mean of its window,
 * per channel. Output {@code [N, C, H_out, W_out]} with, per dimension, {@code ⌊(in + 2·padding − kernel) /
 * stride⌋ + 1} (⌈⌉ in ceil mode). With padding, {@link PoolOptions#countIncludePad()} (PyTorch's
 * default, true) divides by the window size with the zero padding counted (but not the part of a
 * ceil-mode window beyond the padding); false divides by the number of input elements covered,
 * like Keras' {@code AveragePooling2D(padding='same')}. The gradient of each output is shared
 * equally by the elements of its window. PyTorch's {@code AvgPool2d} (without
 * {@code divisor_override}).
 *
 * {@snippet :
 * Module pool = new AvgPool2d(2);                                   // [N, C, 28, 28] → [N, C, 14, 14]
 * Module same = new AvgPool2d(PoolOptions.of(3).withStride(1).withPadding(1).withCountIncludePad(false));
 * }
 *
 * <p>Errors name the layer, the input and the window: a too-small input is refused with the sizes
 * the output would have.
 */
public final class AvgPool2d extends PoolLayer {
    /** A {@code kernel}-wide window in every dimension, stride {@code kernel}, no padding. */
    public AvgPool2d(int kernel) {
        this(PoolOptions.of(kernel));
    }

    /** A {@code kernel}-wide window moved by {@code stride} in every dimension, no padding. */
    public AvgPool2d(int kernel, int stride) {
        this(PoolOptions.of(kernel).withStride(stride));
    }

    /** The window described by {@code options} (which must not set a dilation). */
    public AvgPool2d(PoolOptions options) {
        super(false, 2, options);
    }

    /** Re-creates from {@link #config()}. */
    public static AvgPool2d fromConfig(ModuleConfig cfg) {
        return new AvgPool2d(optionsFrom(cfg, false));
    }
}
