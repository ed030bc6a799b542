package ai.deepj.nn;

/**
 * Average pooling over the depth, height and width of {@code [N, C, D, H, W]}: each output is the mean of its window,
 * per channel. Output {@code [N, C, D_out, H_out, W_out]} with, per dimension, {@code ⌊(in + 2·padding − kernel) /
 * stride⌋ + 1} (⌈⌉ in ceil mode). With padding, {@link PoolOptions#countIncludePad()} (PyTorch's
 * default, true) divides by the window size with the zero padding counted (but not the part of a
 * ceil-mode window beyond the padding); false divides by the number of input elements covered,
 * like Keras' {@code AveragePooling3D(padding='same')}. The gradient of each output is shared
 * equally by the elements of its window. PyTorch's {@code AvgPool3d} (without
 * {@code divisor_override}).
 *
 * {@snippet :
 * Module pool = new AvgPool3d(PoolOptions.of(2).withCeilMode(true));   // [N, C, 5, 5, 5] → [N, C, 3, 3, 3]
 * }
 *
 * <p>Errors name the layer, the input and the window: a too-small input is refused with the sizes
 * the output would have.
 */
public final class AvgPool3d extends PoolLayer {
    /** A {@code kernel}-wide window in every dimension, stride {@code kernel}, no padding. */
    public AvgPool3d(int kernel) {
        this(PoolOptions.of(kernel));
    }

    /** A {@code kernel}-wide window moved by {@code stride} in every dimension, no padding. */
    public AvgPool3d(int kernel, int stride) {
        this(PoolOptions.of(kernel).withStride(stride));
    }

    /** The window described by {@code options} (which must not set a dilation). */
    public AvgPool3d(PoolOptions options) {
        super(false, 3, options);
    }

    /** Re-creates from {@link #config()}. */
    public static AvgPool3d fromConfig(ModuleConfig cfg) {
        return new AvgPool3d(optionsFrom(cfg, false));
    }
}
