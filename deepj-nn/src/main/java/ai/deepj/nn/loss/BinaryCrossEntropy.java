package ai.deepj.nn.loss;

import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.Tensor;

/**
 * Binary cross-entropy from probabilities, the course's logistic-regression loss
 * {@code L(ŷ, y) = −(y·log ŷ + (1 − y)·log(1 − ŷ))} (PyTorch's {@code BCELoss}, Keras's
 * {@code BinaryCrossentropy}). As in PyTorch, each logarithm is clamped to ≥ −100, so a
 * probability of exactly 0 or 1 gives a finite loss (at most 100) rather than infinity.
 *
 * <p>Prefer {@link BinaryCrossEntropyWithLogits} on the pre-sigmoid values: it is exact where a
 * sigmoid output has rounded to 0 or 1. Where a logarithm is clamped its gradient is 0 (the
 * derivative of the clamped function); PyTorch instead returns {@code (p − y)/max(p(1 − p), 1e-12)}
 * there. The two agree wherever {@code p(1 − p) > 1e-12} and no logarithm is clamped.
 *
 * <p>Shapes: probabilities {@code p} in [0, 1] and targets {@code y} in [0, 1] of the same shape
 * (any); the optional {@code weight} rescales each element and broadcasts to that shape (a
 * {@code [C]} weight gives per-class weights). Output a scalar, or that shape with
 * {@link Reduction#NONE}. {@link Reduction#MEAN} averages the weighted values over all elements,
 * as PyTorch does.
 *
 * {@snippet :
 * Tensor yHat = model.forward(x).sigmoid();                         // [m, 1]
 * Tensor cost = new BinaryCrossEntropy().compute(yHat, y);           // J = (1/m) Σ L(ŷ, y)
 * }
 */
public final class BinaryCrossEntropy implements Loss {
    /** Logarithms are clamped to ≥ −100, PyTorch's choice. */
    static final double LOG_FLOOR = -100;
    /**
     * Probabilities are first raised to the smallest positive float (whose log, −103.3, is clamped
     * anyway), so that {@code log} never sees 0: its backward, {@code g/p}, would then give 0/0 = NaN
     * even though the clamp has already zeroed {@code g}.
     */
    private static final double P_FLOOR = Float.MIN_VALUE;

    /**
     * Options.
     *
     * @param reduction how per-element values are combined
     * @param weight    per-element rescaling, broadcast to the input's shape, or null
     */
    public record Options(Reduction reduction, Tensor weight) {
        /** Mean, unweighted. */
        public static Options defaults() {
            return new Options(Reduction.MEAN, null);
        }

        /** Same options with another reduction. */
        public Options withReduction(Reduction r) {
            return new Options(r, weight);
        }

        /** Same options with a per-element (or, shaped {@code [C]}, per-class) weight. */
        public Options withWeight(Tensor w) {
            return new Options(reduction, w);
        }
    }

    private final Options options;

    /** Mean, unweighted. */
    public BinaryCrossEntropy() {
        this(Options.defaults());
    }

    /** With the given options. */
    public BinaryCrossEntropy(Options options) {
        Checks.reduction("BinaryCrossEntropy", options.reduction());
        this.options = options;
    }

    @Override
    public Tensor compute(Tensor probabilities, Tensor target) {
        String name = "BinaryCrossEntropy";
        Checks.sameShapeFloats(name, probabilities, target);
        Checks.broadcastsTo(name, "weight", options.weight(), probabilities);
        if (probabilities.numel() > 0) {
            double lo, hi;
            try (var s = Autograd.noGrad()) {
                lo = probabilities.min().item();
                hi = probabilities.max().item();
            }
            if (!(lo >= 0 && hi <= 1)) {
                throw new IllegalArgumentException(name + ": expects probabilities in [0, 1], but the input "
                        + probabilities.shape() + " has values in [" + lo + ", " + hi
                        + "]; for raw scores (logits) use BinaryCrossEntropyWithLogits");
            }
        }
        Tensor logP = probabilities.clamp(P_FLOOR, 1).log().clamp(LOG_FLOOR, 0);
        Tensor log1mP = probabilities.rsub(1).clamp(P_FLOOR, 1).log().clamp(LOG_FLOOR, 0);
        Tensor perElement = target.mul(logP).add(target.rsub(1).mul(log1mP)).neg();
        if (options.weight() != null) perElement = perElement.mul(options.weight());
        return options.reduction().reduce(perElement);
    }
}
