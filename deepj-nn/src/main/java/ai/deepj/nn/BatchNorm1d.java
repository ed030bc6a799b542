package ai.deepj.nn;

/**
 * Batch normalization over features: input {@code [N, C]} (normalized over the batch) or
 * {@code [N, C, L]} (over batch and length), output of the same shape, with {@code C =
 * numFeatures}. Ioffe and Szegedy, "Batch Normalization", 2015.
 *
 * <p>Training mode: {@code μ} and {@code σ²} are the batch mean and the <em>biased</em> batch
 * variance per feature, {@code x̂ = (x − μ) / √(σ² + ε)}, {@code y = γ·x̂ + β}, with learnable
 * {@code weight} γ (ones) and {@code bias} β (zeros), both {@code [C]}; the buffers
 * {@code runningMean} (zeros) and {@code runningVar} (ones) are updated by an exponentially
 * weighted average. Evaluation mode normalizes with the running statistics instead and changes no
 * state, so it is safe to call from several threads. Training runs the fused op
 * {@link ai.deepj.tensor.FusedBatchNorm#train} (statistics, output and a closed-form backward).
 *
 * <p>The two frameworks weight that average differently; both are supported and named by
 * {@link Convention}:
 * <ul>
 *   <li>{@link Convention#PYTORCH} ({@link #pytorch}, the default): {@code running = (1 − momentum)·running
 *       + momentum·batch} with {@code momentum = 0.1}, where the running variance takes the
 *       <em>unbiased</em> batch variance {@code σ²·n/(n − 1)} ({@code n} values per feature).</li>
 *   <li>{@link Convention#KERAS} ({@link #keras}, the course's {@code β} of exponentially weighted
 *       averages): {@code running = momentum·running + (1 − momentum)·batch} with
 *       {@code momentum = 0.99}, and the biased batch variance.</li>
 * </ul>
 * {@code ε = 1e-5} in both (PyTorch's default; Keras' own default is 1e-3:
 * {@code Options.keras().withEps(1e-3)} reproduces it exactly).
 *
 * <p>A bias in the layer before batch norm is redundant (the mean subtraction removes it, and β
 * takes its role), so build that layer without one:
 *
 * {@snippet :
 * Module block = new Sequential(
 *         new Linear(784, 128, Linear.Options.defaults().withBias(false), Generator.seeded(1)),
 *         new BatchNorm1d(128),                  // PyTorch's convention; BatchNorm1d.keras(128) for Keras'
 *         new ReLU());
 * }
 */
public final class BatchNorm1d extends BatchNormBase {
    /** How {@link Options#momentum()} weights the running averages (see the class comment). */
    public enum Convention {
        /** {@code running = (1 − momentum)·running + momentum·batch}, unbiased running variance. */
        PYTORCH,
        /** {@code running = momentum·running + (1 − momentum)·batch}, biased running variance. */
        KERAS
    }

    /**
     * Options, shared by {@link BatchNorm1d}, {@link BatchNorm2d} and {@link BatchNorm3d}.
     *
     * @param eps        added to the variance before the square root
     * @param momentum   the averaging weight, read according to {@code convention}
     * @param convention which framework's running-average rule to follow
     */
    public record Options(double eps, double momentum, Convention convention) {
        public Options {
            if (!(eps >= 0)) throw new IllegalArgumentException("BatchNorm options: eps must be >= 0, got " + eps);
            if (!(momentum >= 0 && momentum <= 1)) throw new IllegalArgumentException("BatchNorm options: momentum must be in [0, 1], got " + momentum);
            if (convention == null) throw new IllegalArgumentException("BatchNorm options: convention must not be null");
        }

        /** PyTorch's: eps 1e-5, momentum 0.1 (weight of the new batch), unbiased running variance. */
        public static Options pytorch() {
            return new Options(1e-5, 0.1, Convention.PYTORCH);
        }

        /** Keras' and the course's: eps 1e-5, momentum β = 0.99 (weight of the old average), biased running variance. */
        public static Options keras() {
            return new Options(1e-5, 0.99, Convention.KERAS);
        }

        /** Same options with another {@code ε}. */
        public Options withEps(double e) {
            return new Options(e, momentum, convention);
        }

        /** Same options with another momentum (read according to the convention). */
        public Options withMomentum(double m) {
            return new Options(eps, m, convention);
        }
    }

    /** PyTorch's convention ({@link Options#pytorch()}). */
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, Options.pytorch());
    }

    /** With the given options. */
    public BatchNorm1d(int numFeatures, Options options) {
        super(numFeatures, options);
    }

    /** {@code new BatchNorm1d(numFeatures, Options.pytorch())}. */
    public static BatchNorm1d pytorch(int numFeatures) {
        return new BatchNorm1d(numFeatures, Options.pytorch());
    }

    /** {@code new BatchNorm1d(numFeatures, Options.keras())}. */
    public static BatchNorm1d keras(int numFeatures) {
        return new BatchNorm1d(numFeatures, Options.keras());
    }

    @Override
    boolean acceptsRank(int rank) {
        return rank == 2 || rank == 3;
    }

    @Override
    String layouts(int c) {
        return "[N, " + c + "] or [N, " + c + ", L]";
    }

    /** Re-creates from {@link #config()}. */
    public static BatchNorm1d fromConfig(ModuleConfig cfg) {
        return new BatchNorm1d(cfg.getInt("numFeatures"), optionsFrom(cfg));
    }
}
