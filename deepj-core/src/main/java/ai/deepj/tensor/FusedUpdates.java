package ai.deepj.tensor;

import ai.deepj.kernel.OptimizerKernels;
import ai.deepj.kernel.OptimizerKernels.AdamStep;
import java.util.Arrays;

/**
 * Fused in-place optimizer updates, for the optimizers in {@code ai.deepj.optim}: one pass over a
 * parameter, its gradient and its state, no temporaries. Each gives the same bits as the composed
 * tensor-op version that the optimizer keeps as its reference (see {@link OptimizerKernels}).
 * Never recorded by autograd, so, like the other in-place ops, refused while recording for a tensor
 * that requires grad.
 *
 * {@snippet :
 * try (var s = Autograd.noGrad()) {
 *     FusedUpdates.adam(w, w.grad(), m, v, new OptimizerKernels.AdamStep(0.9, 0.1, 0.999, 0.001, 0, 0.0447, 1e-8, 0.01, true));
 * }
 * }
 */
public final class FusedUpdates {
    private FusedUpdates() {}

    /**
     * True if {@link #adam} can update these tensors: one floating type, one shape, all contiguous.
     * (Otherwise the optimizer uses its composed version.)
     */
    public static boolean canFuse(Tensor param, Tensor grad, Tensor... state) {
        if (!param.dtype.isFloating() || !param.isContiguous() || !sameLayout(param, grad)) return false;
        for (Tensor s : state) if (!sameLayout(param, s)) return false;
        return true;
    }

    private static boolean sameLayout(Tensor p, Tensor t) {
        return t.dtype == p.dtype && Arrays.equals(t.shape, p.shape) && t.isContiguous();
    }

    /**
     * One Adam step in place on {@code param} and its moments {@code m} and {@code v}, from
     * {@code grad} (all of one shape and floating type, contiguous: see {@link #canFuse}).
     *
     * @throws IllegalArgumentException if the tensors do not fit together
     * @throws IllegalStateException    if called while autograd records and {@code param} requires grad
     */
    public static void adam(Tensor param, Tensor grad, Tensor m, Tensor v, AdamStep step) {
        if (!canFuse(param, grad, m, v)) {
            throw new IllegalArgumentException("adam (fused): param " + param.dtype + " " + param.shape() + ", grad " + grad.dtype
                    + " " + grad.shape() + ", m " + m.dtype + " " + m.shape() + " and v " + v.dtype + " " + v.shape()
                    + " must share one floating type and shape and be contiguous");
        }
        if (Autograd.isGradEnabled() && (param.requiresGrad || m.requiresGrad || v.requiresGrad)) {
            throw new IllegalStateException("adam (fused): in-place update of a tensor that takes part in autograd (shape "
                    + param.shape() + "); do it inside try (var s = Autograd.noGrad()) { ... }");
        }
        int n = (int) param.numel();
        if (param.dtype == DType.FLOAT32) {
            OptimizerKernels.adam(step, param.floatArray(), param.offset, grad.floatArray(), grad.offset, m.floatArray(), m.offset,
                    v.floatArray(), v.offset, n);
        } else {
            OptimizerKernels.adam(step, param.doubleArray(), param.offset, grad.doubleArray(), grad.offset, m.doubleArray(),
                    m.offset, v.doubleArray(), v.offset, n);
        }
        param.storage.version++;
        m.storage.version++;
        v.storage.version++;
    }
}
