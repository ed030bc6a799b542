package ai.deepj.nn.loss;

import ai.deepj.tensor.Tensor;

/**
 * Mean absolute error {@code |x − y|} per element, averaged by default (PyTorch's {@code L1Loss},
 * Keras's {@code MeanAbsoluteError}). The gradient at {@code x = y} is 0, as in PyTorch.
 *
 * <p>Shapes: prediction and target the same shape (any); output a scalar, or that shape with
 * {@link Reduction#NONE}.
 *
 * {@snippet :
 * Tensor loss = new MeanAbsoluteError().compute(prediction, target);
 * }
 */
public final class MeanAbsoluteError implements Loss {
    private final Reduction reduction;

    /** With {@link Reduction#MEAN}. */
    public MeanAbsoluteError() {
        this(Reduction.MEAN);
    }

    /** With the given reduction. */
    public MeanAbsoluteError(Reduction reduction) {
        Checks.reduction("MeanAbsoluteError", reduction);
        this.reduction = reduction;
    }

    @Override
    public Tensor compute(Tensor prediction, Tensor target) {
        Checks.sameShapeFloats("MeanAbsoluteError", prediction, target);
        return reduction.reduce(prediction.sub(target).abs());
    }
}
