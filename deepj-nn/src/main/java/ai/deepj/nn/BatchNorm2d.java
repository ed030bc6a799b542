package ai.deepj.nn;

import ai.deepj.nn.BatchNorm1d.Options;

/**
 * Batch normalization of images per channel: input {@code [N, C, H, W]} with {@code C =
 * numFeatures}, output of the same shape, each channel normalized over the batch and both spatial
 * dimensions ({@code N·H·W} values). Ioffe and Szegedy, "Batch Normalization", 2015: in a
 * convolutional layer the statistics are shared across positions, so that every position of a
 * feature map is normalized the same way.
 *
 * <p>Otherwise exactly {@link BatchNorm1d}: learnable {@code weight} γ and {@code bias} β
 * {@code [C]}, the buffers {@code runningMean} and {@code runningVar} averaged in
 * {@link BatchNorm1d.Convention#PYTORCH PyTorch's} convention (the default: momentum 0.1 on the
 * new batch, unbiased running variance) or {@link BatchNorm1d.Convention#KERAS Keras'} (momentum
 * 0.99 on the old average, biased), ε = 1e-5, with the same {@link BatchNorm1d.Options}; evaluation
 * mode normalizes with the running statistics and changes no state. PyTorch's {@code BatchNorm2d}
 * with the same name; Keras' {@code BatchNormalization(axis=1)} on channels-first data.
 *
 * {@snippet :
 * Module block = new Sequential(
 *         conv,                        // [N, 16, H, W], built without a bias (β takes its role)
 *         new BatchNorm2d(16),         // BatchNorm2d.keras(16) for Keras' running averages
 *         new ReLU());
 * }
 */
public final class BatchNorm2d extends BatchNormBase {
    /** PyTorch's convention ({@link Options#pytorch()}). */
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, Options.pytorch());
    }

    /** With the given options. */
    public BatchNorm2d(int numFeatures, Options options) {
        super(numFeatures, options);
    }

    /** {@code new BatchNorm2d(numFeatures, Options.pytorch())}. */
    public static BatchNorm2d pytorch(int numFeatures) {
        return new BatchNorm2d(numFeatures, Options.pytorch());
    }

    /** {@code new BatchNorm2d(numFeatures, Options.keras())}. */
    public static BatchNorm2d keras(int numFeatures) {
        return new BatchNorm2d(numFeatures, Options.keras());
    }

    @Override
    boolean acceptsRank(int rank) {
        return rank == 4;
    }

    @Override
    String layouts(int c) {
        return "[N, " + c + ", H, W]";
    }

    /** Re-creates from {@link #config()}. */
    public static BatchNorm2d fromConfig(ModuleConfig cfg) {
        return new BatchNorm2d(cfg.getInt("numFeatures"), optionsFrom(cfg));
    }
}
