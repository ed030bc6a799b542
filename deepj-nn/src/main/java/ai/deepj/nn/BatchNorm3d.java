package ai.deepj.nn;

import ai.deepj.nn.BatchNorm1d.Options;

/**
 * Batch normalization of volumes per channel: input {@code [N, C, D, H, W]} with {@code C =
 * numFeatures}, output of the same shape, each channel normalized over the batch and the three
 * spatial dimensions. Otherwise exactly {@link BatchNorm2d} (and {@link BatchNorm1d}: parameters,
 * running statistics, both conventions, {@link BatchNorm1d.Options}). PyTorch's {@code BatchNorm3d}.
 *
 * {@snippet :
 * Module norm = new BatchNorm3d(8);   // input [N, 8, D, H, W]
 * }
 */
public final class BatchNorm3d extends BatchNormBase {
    /** PyTorch's convention ({@link Options#pytorch()}). */
    public BatchNorm3d(int numFeatures) {
        this(numFeatures, Options.pytorch());
    }

    /** With the given options. */
    public BatchNorm3d(int numFeatures, Options options) {
        super(numFeatures, options);
    }

    /** {@code new BatchNorm3d(numFeatures, Options.pytorch())}. */
    public static BatchNorm3d pytorch(int numFeatures) {
        return new BatchNorm3d(numFeatures, Options.pytorch());
    }

    /** {@code new BatchNorm3d(numFeatures, Options.keras())}. */
    public static BatchNorm3d keras(int numFeatures) {
        return new BatchNorm3d(numFeatures, Options.keras());
    }

    @Override
    boolean acceptsRank(int rank) {
        return rank == 5;
    }

    @Override
    String layouts(int c) {
        return "[N, " + c + ", D, H, W]";
    }

    /** Re-creates from {@link #config()}. */
    public static BatchNorm3d fromConfig(ModuleConfig cfg) {
        return new BatchNorm3d(cfg.getInt("numFeatures"), optionsFrom(cfg));
    }
}
