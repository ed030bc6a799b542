package ai.deepj.nn.loss;

import ai.deepj.tensor.Tensor;

/**
 * Mean squared error {@code (x − y)²} per element, averaged by default (PyTorch's {@code MSELoss},
 * Keras's {@code MeanSquaredError}). Note there is no ½: the course's ½·(ŷ − y)² is
 * {@code 0.5 ×} this loss.
 *
 * <p>Shapes: prediction and target the same shape (any); output a scalar, or that shape with
 * {@link Reduction#NONE}.
 *
 * {@snippet :
 * Tensor loss = new MeanSquaredError().compute(prediction, target);
 * }
 */
public final class MeanSquaredError implements Loss {
    private final Reduction reduction;

    /** With {@link Reduction#MEAN}. */
    public MeanSquaredError() {
        this(Reduction.MEAN);
    }

    /** With the given reduction. */
    public MeanSquaredError(Reduction reduction) {
        Checks.reduction("MeanSquaredError", reduction);
        this.reduction = reduction;
    }

    @Override
    public Tensor compute(Tensor prediction, Tensor target) {
        Checks.sameShapeFloats("MeanSquaredError", prediction, target);
        return reduction.reduce(prediction.sub(target).square());
    }
}
