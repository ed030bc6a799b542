package ai.deepj.nn;

import ai.deepj.tensor.Tensor;

/**
 * Stateless building blocks shared by layers: the activations that are not a single
 * {@link Tensor} op (ELU, GELU, softplus) and the error function they need. Each is a composite of
 * tensor ops, so autograd provides the gradient.
 *
 * {@snippet :
 * Tensor y = Functional.gelu(x);          // x · Φ(x), PyTorch's exact (erf) form
 * Tensor s = Functional.softplus(x, 1, 20);
 * }
 */
public final class Functional {
    private Functional() {}

    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    /**
     * The error function {@code erf(x) = 2/√π ∫₀ˣ e^(−t²) dt} elementwise, with gradient
     * {@code 2/√π · e^(−x²)}. Values agree with the C library's {@code erf} to a few ulps in float64.
     */
    public static Tensor erf(Tensor x) {
        if (!x.dtype().isFloating()) throw new IllegalArgumentException("erf: expects a floating-point tensor, got " + x.dtype());
        double[] v = x.toDoubleArray();
        for (int i = 0; i < v.length; i++) v[i] = erf(v[i]);
        Tensor value = Tensor.of(v, x.shape().toArray()).to(x.dtype());
        if (!x.requiresGrad()) return value;
        // erf has no primitive op, so its value is computed above and its derivative attached as
        // value + (x − x̄)·erf'(x̄), where x̄ and erf'(x̄) are constants: the added term is exactly
        // zero in value, and its gradient with respect to x is erf'(x). First-order autograd (all
        // deepj has) then sees the true derivative, not that of an approximation.
        Tensor xc = x.detach();
        Tensor slope = xc.square().neg().exp().mul(TWO_OVER_SQRT_PI);
        Tensor tangent = x.sub(xc).mul(slope);
        // At ±∞, x − x̄ is NaN; the slope there is 0, and so must the added term be.
        return value.add(Tensor.where(xc.abs().lt(Double.POSITIVE_INFINITY), tangent, tangent.zerosLike()));
    }

    /**
     * {@code erf} of one double. For |x| < 2.5 the everywhere-positive series
     * {@code erf x = 2/√π e^(−x²) Σ 2ⁿ x^(2n+1) / (1·3···(2n+1))} (no cancellation); above, 1 −
     * erfc with erfc from its continued fraction (modified Lentz), which converges fast there.
     */
    public static double erf(double x) {
        double a = Math.abs(x);
        double r;
        if (Double.isNaN(x)) return x;
        if (a < 2.5) {
            double x2 = a * a, term = a, sum = a;
            for (int n = 0; term > 1e-17 * sum; n++) {
                term *= 2 * x2 / (2 * n + 3);
                sum += term;
            }
            r = TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
        } else if (a < 6) {
            // erfc(a) = e^(−a²)/√π · 1 / (a + (1/2) / (a + 1 / (a + (3/2) / (a + ...))))
            double f = a, c = a, d = 0;
            for (int k = 1; k < 500; k++) {
                double ak = k / 2.0;
                d = 1 / (a + ak * d);
                c = a + ak / c;
                double delta = c * d;
                f *= delta;
                if (Math.abs(delta - 1) < 1e-16) break;
            }
            r = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
        } else {
            r = 1; // erfc(6) ≈ 2e-17: below half an ulp of 1
        }
        return Math.copySign(r, x);
    }

    /**
     * GELU, {@code x·Φ(x) = x/2 · (1 + erf(x/√2))}, the exact form (PyTorch's default
     * {@code approximate='none'}). Hendrycks and Gimpel, "Gaussian Error Linear Units", 2016.
     */
    public static Tensor gelu(Tensor x) {
        Tensor phi = erf(x.mul(1 / Math.sqrt(2))).add(1).mul(0.5);
        return x.mul(phi);
    }

    /**
     * ELU, {@code x} for {@code x > 0}, else {@code α(eˣ − 1)}; the gradient at 0 is {@code α}, as
     * in PyTorch. Clevert et al., "Fast and Accurate Deep Network Learning by ELUs", 2015.
     */
    public static Tensor elu(Tensor x, double alpha) {
        Tensor positive = x.gt(0);
        // exp only ever sees the non-positive part: exp of a large positive x would be infinite,
        // and ∞·0 in the unused branch's backward would make the gradient NaN.
        Tensor negativePart = Tensor.where(positive, x.zerosLike(), x);
        return Tensor.where(positive, x, negativePart.exp().sub(1).mul(alpha));
    }

    /**
     * Softplus, {@code log(1 + e^(βx)) / β}, reverting to {@code x} where {@code βx > threshold}
     * for numerical stability (PyTorch's {@code nn.Softplus(beta, threshold)}).
     */
    public static Tensor softplus(Tensor x, double beta, double threshold) {
        Tensor bx = x.mul(beta);
        Tensor linear = bx.gt(threshold);
        Tensor safe = Tensor.where(linear, bx.zerosLike(), bx); // keeps exp finite in the unused branch
        return Tensor.where(linear, x, safe.exp().log1p().div(beta));
    }
}
