package ai.deepj.nn;

import ai.deepj.tensor.Generator;

/**
 * A 1-d convolution layer (PyTorch's {@code nn.Conv1d}): input {@code [N, in, W]} or
 * unbatched {@code [in, W]}, output {@code [N, out, oW]}, each output size
 * {@code ⌊(n + 2p − d·(k − 1) − 1)/s⌋ + 1}. Parameters: {@code weight} {@code [out, in/groups, kW]}
 * and {@code bias} {@code [out]}; options (stride, padding, dilation, groups, bias, initializers) in
 * {@link ConvNd.Options}; PyTorch's default initialization (see {@link ConvNd}). For sequences: channels are the features of each step, W the steps.
 *
 * {@snippet :
 * Conv1d conv = new Conv1d(16, 32, 5, Conv1d.Options.defaults().withSamePadding(), Generator.seeded(1));
 * Tensor y = conv.forward(x);                      // [8, 16, 100] → [8, 32, 100]
 * }
 */
public final class Conv1d extends ConvNd {
    /** {@code in → out} channels, a {@code kernelSize}-wide kernel in every dimension, default options, from {@link Generator#global()}. */
    public Conv1d(int in, int out, int kernelSize) {
        this(in, out, new int[] {kernelSize}, Options.defaults(), Generator.global());
    }

    /** {@code in → out} channels, a {@code kernelSize}-wide kernel in every dimension, initialized from {@code gen}. */
    public Conv1d(int in, int out, int kernelSize, Options options, Generator gen) {
        this(in, out, new int[] {kernelSize}, options, gen);
    }

    /** {@code in → out} channels, kernel {@code kernelSize} (one value), initialized from {@code gen}. */
    public Conv1d(int in, int out, int[] kernelSize, Options options, Generator gen) {
        super(1, in, out, kernelSize, options, gen);
    }

    /** Re-creates a Conv1d from its {@link #config()}. */
    public static Conv1d fromConfig(ModuleConfig cfg) {
        return new Conv1d(cfg.getInt("in"), cfg.getInt("out"), cfg.getIntArray("kernel"), optionsFrom(cfg), Generator.global());
    }
}
