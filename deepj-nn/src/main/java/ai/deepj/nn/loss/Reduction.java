package ai.deepj.nn.loss;

import ai.deepj.tensor.Tensor;

/** How a loss combines per-element values, as PyTorch's {@code reduction} argument. */
public enum Reduction {
    /** The average (the course's cost {@code J = (1/m) Σ L}); the default. */
    MEAN,
    /** The sum. */
    SUM,
    /** No reduction: one value per element (per example for cross-entropy). */
    NONE;

    /** Applies this reduction to unweighted per-element values. */
    Tensor reduce(Tensor perElement) {
        return switch (this) {
            case MEAN -> perElement.mean();
            case SUM -> perElement.sum();
            case NONE -> perElement;
        };
    }
}
