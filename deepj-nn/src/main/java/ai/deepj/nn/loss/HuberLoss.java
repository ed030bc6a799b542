package ai.deepj.nn.loss;

import ai.deepj.tensor.Tensor;

/**
 * Huber loss with threshold δ, PyTorch's definition ({@code HuberLoss}): with {@code d = x − y},
 * {@code ½d²} where {@code |d| < δ}, else {@code δ·(|d| − ½δ)}. Quadratic near the target,
 * linear (so robust to outliers) beyond δ. Keras's {@code Huber} is the same function. (PyTorch's
 * {@code SmoothL1Loss} with β is this divided by β.)
 *
 * <p>Shapes: prediction and target the same shape (any); output a scalar, or that shape with
 * {@link Reduction#NONE}.
 *
 * {@snippet :
 * Tensor loss = new HuberLoss(HuberLoss.Options.defaults().withDelta(0.5)).compute(prediction, target);
 * }
 */
public final class HuberLoss implements Loss {
    /**
     * Options.
     *
     * @param reduction how per-element values are combined
     * @param delta     δ &gt; 0, where the loss turns from quadratic to linear
     */
    public record Options(Reduction reduction, double delta) {
        /** Mean, δ = 1. */
        public static Options defaults() {
            return new Options(Reduction.MEAN, 1.0);
        }

        /** Same options with another reduction. */
        public Options withReduction(Reduction r) {
            return new Options(r, delta);
        }

        /** Same options with another δ. */
        public Options withDelta(double d) {
            return new Options(reduction, d);
        }
    }

    private final Options options;

    /** Mean, δ = 1. */
    public HuberLoss() {
        this(Options.defaults());
    }

    /** With the given options. */
    public HuberLoss(Options options) {
        Checks.reduction("HuberLoss", options.reduction());
        if (!(options.delta() > 0) || Double.isInfinite(options.delta())) {
            throw new IllegalArgumentException("HuberLoss: delta must be positive and finite, got " + options.delta());
        }
        this.options = options;
    }

    @Override
    public Tensor compute(Tensor prediction, Tensor target) {
        Checks.sameShapeFloats("HuberLoss", prediction, target);
        double delta = options.delta();
        Tensor d = prediction.sub(target);
        Tensor absD = d.abs();
        Tensor quadratic = d.square().mul(0.5);
        Tensor linear = absD.sub(0.5 * delta).mul(delta);
        return options.reduction().reduce(Tensor.where(absD.lt(delta), quadratic, linear));
    }
}
