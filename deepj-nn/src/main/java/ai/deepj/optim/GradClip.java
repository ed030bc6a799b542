package ai.deepj.optim;

import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Gradient clipping, in place on the parameters' {@link Tensor#grad() gradients}, between
 * {@code backward()} and {@code step()}. Parameters without a gradient are skipped.
 *
 * {@snippet :
 * loss.backward();
 * double norm = GradClip.byNorm(model.parameters(), 1.0);   // log it: spikes show instability
 * optimizer.step();
 * }
 */
public final class GradClip {
    private GradClip() {}

    /** What {@link #byNorm(List, double, OnNonFinite)} does when the total norm is NaN or infinite. */
    public enum OnNonFinite {
        /**
         * Scale anyway, as PyTorch does by default ({@code error_if_nonfinite=False}): an infinite
         * norm gives factor 0 (finite elements become 0, infinite ones NaN), a NaN norm makes every
         * gradient NaN.
         */
        SCALE_AS_PYTORCH,
        /** Throw an {@link ArithmeticException} and leave the gradients untouched (PyTorch's {@code error_if_nonfinite=True}). */
        THROW,
        /** Leave the gradients untouched and return the non-finite norm, for the caller to skip the step. */
        LEAVE_UNCHANGED
    }

    /** Clamps every gradient element to {@code [−clipValue, clipValue]} (PyTorch's {@code clip_grad_value_}). */
    public static void byValue(List<Tensor> params, double clipValue) {
        OptimUtil.checkNonNegative("GradClip.byValue", "clipValue", clipValue);
        try (var s = Autograd.noGrad()) {
            for (Tensor p : params) {
                Tensor g = p.grad();
                if (g != null) g.copyInPlace(g.clamp(-clipValue, clipValue));
            }
        }
    }

    /**
     * The course's {@code clip(gradients, maxValue)} (Course 5, the character-level language
     * model): every gradient in the map is clamped in place to {@code [−maxValue, maxValue]}, as
     * {@code np.clip(gradient, -maxValue, maxValue, out=gradient)} does for {@code dWax},
     * {@code dWaa}, {@code dWya}, {@code db}, {@code dby}; NaN stays NaN. Returns the same map.
     * For the gradients held by parameters, {@link #byValue(List, double)} does the same.
     *
     * {@snippet :
     * Map<String, Tensor> gradients = Map.of("dWax", dWax, "dWaa", dWaa, "dWya", dWya, "db", db, "dby", dby);
     * GradClip.clip(gradients, 5);   // every entry now within [-5, 5]
     * }
     */
    public static <M extends Map<String, Tensor>> M clip(M gradients, double maxValue) {
        OptimUtil.checkNonNegative("GradClip.clip", "maxValue", maxValue);
        try (var s = Autograd.noGrad()) {
            for (var e : gradients.entrySet()) {
                Tensor g = e.getValue();
                if (g == null) throw new IllegalArgumentException("GradClip.clip: gradient '" + e.getKey() + "' is null");
                if (!g.dtype().isFloating()) {
                    throw new IllegalArgumentException("GradClip.clip: gradient '" + e.getKey() + "' must be floating-point, got " + g.dtype());
                }
                g.copyInPlace(g.clamp(-maxValue, maxValue));
            }
        }
        return gradients;
    }

    /** {@link #byNorm(List, double, OnNonFinite)} with PyTorch's default handling of a non-finite norm. */
    public static double byNorm(List<Tensor> params, double maxNorm) {
        return byNorm(params, maxNorm, OnNonFinite.SCALE_AS_PYTORCH);
    }

    /**
     * PyTorch's {@code clip_grad_norm_}: the total norm {@code ‖(g₁, g₂, …)‖₂} of all gradients
     * together, and if it exceeds {@code maxNorm}, every gradient is multiplied by
     * {@code maxNorm/(total + 1e-6)} (the 1e-6 guards a zero norm; as in PyTorch the factor is
     * applied whenever it is below 1, which includes norms within 1e-6 below {@code maxNorm}).
     * Clipping all gradients by one factor keeps the update's direction.
     *
     * @return the total norm before clipping
     */
    public static double byNorm(List<Tensor> params, double maxNorm, OnNonFinite onNonFinite) {
        OptimUtil.checkNonNegative("GradClip.byNorm", "maxNorm", maxNorm);
        try (var s = Autograd.noGrad()) {
            double sumSq = 0;
            for (Tensor p : params) {
                if (p.grad() == null) continue;
                double n = p.grad().norm().item();
                sumSq += n * n;
            }
            double total = Math.sqrt(sumSq);
            if (!Double.isFinite(total)) {
                if (onNonFinite == OnNonFinite.THROW) {
                    throw new ArithmeticException("GradClip.byNorm: the total gradient norm is " + total
                            + " (a gradient holds NaN or infinity, or overflowed); gradients left unchanged");
                }
                if (onNonFinite == OnNonFinite.LEAVE_UNCHANGED) return total;
            }
            double coef = maxNorm / (total + 1e-6);
            if (!(coef >= 1)) {
                for (Tensor p : params) if (p.grad() != null) p.grad().mulInPlace(coef);
            }
            return total;
        }
    }
}
