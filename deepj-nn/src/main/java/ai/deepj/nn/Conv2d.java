package ai.deepj.nn;

import ai.deepj.tensor.Generator;

/**
 * A 2-d convolution layer (PyTorch's {@code nn.Conv2d}): input {@code [N, in, H, W]} or
 * unbatched {@code [in, H, W]}, output {@code [N, out, oH, oW]}, each output size
 * {@code ⌊(n + 2p − d·(k − 1) − 1)/s⌋ + 1}. Parameters: {@code weight} {@code [out, in/groups, kH, kW]}
 * and {@code bias} {@code [out]}; options (stride, padding, dilation, groups, bias, initializers) in
 * {@link ConvNd.Options}; PyTorch's default initialization (see {@link ConvNd}).
 *
 * {@snippet :
 * Sequential lenet = new Sequential(
 *         new Conv2d(1, 6, 5), new ReLU(),                                   // [N, 1, 32, 32] → [N, 6, 28, 28]
 *         new Conv2d(6, 16, 5, Conv2d.Options.defaults().withStride(2), Generator.seeded(1)), new ReLU(),
 *         new Flatten(), new Linear(16 * 12 * 12, 10));
 * System.out.print(lenet.summary(1, 1, 32, 32));   // output shapes and parameter counts per layer
 * Conv2d depthwise = new Conv2d(32, 32, 3, Conv2d.Options.defaults().withGroups(32).withPadding(1), Generator.seeded(2));
 * }
 */
public final class Conv2d extends ConvNd {
    /** {@code in → out} channels, a {@code kernelSize}-wide kernel in every dimension, default options, from {@link Generator#global()}. */
    public Conv2d(int in, int out, int kernelSize) {
        this(in, out, new int[] {kernelSize}, Options.defaults(), Generator.global());
    }

    /** {@code in → out} channels, a {@code kernelSize}-wide kernel in every dimension, initialized from {@code gen}. */
    public Conv2d(int in, int out, int kernelSize, Options options, Generator gen) {
        this(in, out, new int[] {kernelSize}, options, gen);
    }

    /** {@code in → out} channels, kernel {@code kernelSize} ({@code (kH, kW)}, or one value for both), initialized from {@code gen}. */
    public Conv2d(int in, int out, int[] kernelSize, Options options, Generator gen) {
        super(2, in, out, kernelSize, options, gen);
    }

    /** Re-creates a Conv2d from its {@link #config()}. */
    public static Conv2d fromConfig(ModuleConfig cfg) {
        return new Conv2d(cfg.getInt("in"), cfg.getInt("out"), cfg.getIntArray("kernel"), optionsFrom(cfg), Generator.global());
    }
}
