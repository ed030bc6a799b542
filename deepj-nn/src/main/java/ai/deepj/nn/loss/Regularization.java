package ai.deepj.nn.loss;

import ai.deepj.nn.Module;
import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The course's regularization cost terms, returned as scalar tensors to add to the data cost, so
 * that the reported cost includes them and autograd adds their gradients:
 * <ul>
 *   <li>L2 ("weight decay"): {@code (λ/2m)·Σ_l ‖W[l]‖²_F}, gradient {@code (λ/m)·W};</li>
 *   <li>L1: {@code (λ/2m)·Σ_l Σ|W[l]|}, gradient {@code (λ/2m)·sign(W)}. The course writes L1 with
 *       λ/2m and says λ/m works as well ("m is just a scaling constant"); this class uses λ/2m,
 *       so for the {@code (λ/m)·Σ|W|} form pass {@code 2λ}.</li>
 * </ul>
 * {@code m} is the number of examples the data cost averages over (the mini-batch size when the
 * data cost is a mini-batch mean). By default only weights are penalized: parameters of rank ≥ 2
 * ({@code W}, convolution kernels), not biases, as the course does ("why don't we regularize b").
 *
 * <p><b>Weight decay.</b> With the L2 term, gradient descent becomes
 * {@code W ← W − α(dW + (λ/m)W) = (1 − αλ/m)·W − α·dW}: each step first shrinks W by the factor
 * {@code 1 − αλ/m}. PyTorch's optimizers express the same thing with {@code weight_decay}, which
 * adds {@code wd·W} to the gradient; so {@code weight_decay = λ/m} ({@link #weightDecay}) gives
 * the same update for plain SGD, without the cost term (and so without it in the reported cost).
 * (With Adam the two differ, since the decay term then passes through the adaptive scaling; AdamW
 * decouples it.)
 *
 * {@snippet :
 * Tensor dataCost = new BinaryCrossEntropyWithLogits().compute(model.forward(x), y);
 * Tensor cost = dataCost.add(Regularization.l2(model, lambda, m));   // J_regularized
 * cost.backward();                                                   // dW includes (λ/m)·W
 * }
 */
public final class Regularization {
    private Regularization() {}

    /** The parameters regularized by default: those of rank ≥ 2 (weights), not biases or norm scales. */
    public static List<Tensor> weights(Module model) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : model.parameters()) if (p.dim() >= 2) out.add(p);
        return out;
    }

    /** {@code (λ/2m)·Σ ‖W‖²_F} over the model's {@linkplain #weights weights}. */
    public static Tensor l2(Module model, double lambda, int m) {
        return l2(weights(model), lambda, m);
    }

    /** {@code (λ/2m)·Σ ‖W‖²_F} over the given parameters. */
    public static Tensor l2(List<Tensor> parameters, double lambda, int m) {
        check("l2", parameters, lambda, m);
        Tensor total = null;
        for (Tensor p : parameters) {
            Tensor sq = p.square().sum();
            total = total == null ? sq : total.add(sq);
        }
        return total.mul(lambda / (2.0 * m));
    }

    /** {@code (λ/2m)·Σ |W|} over the model's {@linkplain #weights weights} (the course's form of L1). */
    public static Tensor l1(Module model, double lambda, int m) {
        return l1(weights(model), lambda, m);
    }

    /** {@code (λ/2m)·Σ |W|} over the given parameters. */
    public static Tensor l1(List<Tensor> parameters, double lambda, int m) {
        check("l1", parameters, lambda, m);
        Tensor total = null;
        for (Tensor p : parameters) {
            Tensor a = p.abs().sum();
            total = total == null ? a : total.add(a);
        }
        return total.mul(lambda / (2.0 * m));
    }

    /** PyTorch's {@code weight_decay} equivalent to the L2 term with λ and m: {@code λ/m}. */
    public static double weightDecay(double lambda, int m) {
        if (m <= 0) throw new IllegalArgumentException("Regularization.weightDecay: m must be positive, got " + m);
        return lambda / m;
    }

    private static void check(String op, List<Tensor> parameters, double lambda, int m) {
        if (m <= 0) throw new IllegalArgumentException("Regularization." + op + ": m (number of examples) must be positive, got " + m);
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("Regularization." + op + ": lambda must be finite and >= 0, got " + lambda);
        }
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("Regularization." + op + ": no parameters to regularize (a model without weights"
                    + " of rank >= 2?)");
        }
        for (Tensor p : parameters) {
            if (!p.dtype().isFloating()) {
                throw new IllegalArgumentException("Regularization." + op + ": parameters must be floating, got " + p.dtype() + " "
                        + p.shape());
            }
        }
    }
}
