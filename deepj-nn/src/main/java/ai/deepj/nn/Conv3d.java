package ai.deepj.nn;

import ai.deepj.tensor.Generator;

/**
 * A 3-d convolution layer (PyTorch's {@code nn.Conv3d}): input {@code [N, in, D, H, W]} or
 * unbatched {@code [in, D, H, W]}, output {@code [N, out, oD, oH, oW]}, each output size
 * {@code ⌊(n + 2p − d·(k − 1) − 1)/s⌋ + 1}. Parameters: {@code weight} {@code [out, in/groups, kD, kH, kW]}
 * and {@code bias} {@code [out]}; options (stride, padding, dilation, groups, bias, initializers) in
 * {@link ConvNd.Options}; PyTorch's default initialization (see {@link ConvNd}). For volumes (CT scans) or video (D = frames).
 *
 * {@snippet :
 * Conv3d conv = new Conv3d(1, 8, new int[] {3, 3, 3}, Conv3d.Options.defaults().withPadding(1), Generator.seeded(1));
 * Tensor y = conv.forward(x);                      // [2, 1, 16, 64, 64] → [2, 8, 16, 64, 64]
 * }
 */
public final class Conv3d extends ConvNd {
    /** {@code in → out} channels, a {@code kernelSize}-wide kernel in every dimension, default options, from {@link Generator#global()}. */
    public Conv3d(int in, int out, int kernelSize) {
        this(in, out, new int[] {kernelSize}, Options.defaults(), Generator.global());
    }

    /** {@code in → out} channels, a {@code kernelSize}-wide kernel in every dimension, initialized from {@code gen}. */
    public Conv3d(int in, int out, int kernelSize, Options options, Generator gen) {
        this(in, out, new int[] {kernelSize}, options, gen);
    }

    /** {@code in → out} channels, kernel {@code kernelSize} ({@code (kD, kH, kW)}, or one value for all), initialized from {@code gen}. */
    public Conv3d(int in, int out, int[] kernelSize, Options options, Generator gen) {
        super(3, in, out, kernelSize, options, gen);
    }

    /** Re-creates a Conv3d from its {@link #config()}. */
    public static Conv3d fromConfig(ModuleConfig cfg) {
        return new Conv3d(cfg.getInt("in"), cfg.getInt("out"), cfg.getIntArray("kernel"), optionsFrom(cfg), Generator.global());
    }
}
