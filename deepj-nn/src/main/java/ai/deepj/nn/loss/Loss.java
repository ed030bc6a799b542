package ai.deepj.nn.loss;

import ai.deepj.tensor.Tensor;

/**
 * A loss: a differentiable measure of how far predictions are from targets. Arguments come in
 * PyTorch's order, prediction first (Keras takes {@code (y_true, y_pred)}).
 *
 * {@snippet :
 * Loss lossFn = new CrossEntropy();
 * Tensor loss = lossFn.compute(model.forward(x), labels);   // scalar with Reduction.MEAN
 * loss.backward();
 * }
 */
@FunctionalInterface
public interface Loss {
    /** The loss of {@code prediction} against {@code target}: a scalar, or per-element values with {@link Reduction#NONE}. */
    Tensor compute(Tensor prediction, Tensor target);
}
