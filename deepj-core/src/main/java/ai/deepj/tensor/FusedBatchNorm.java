package ai.deepj.tensor;

import ai.deepj.kernel.BatchNormKernels;
import ai.deepj.kernel.Parallel;

/**
 * Batch normalization in training mode as one recorded op with a hand-written backward, for
 * {@code [N, C]}, {@code [N, C, L]}, {@code [N, C, H, W]}, {@code [N, C, D, H, W]} (any rank ≥ 2):
 * per channel {@code c}, over the {@code M = N·(spatial size)} values {@code x} of that channel,
 * {@code μ = mean(x)}, {@code σ² = mean((x − μ)²)} (biased), {@code x̂ = (x − μ) / √(σ² + ε)},
 * {@code y = γ·x̂ + β}. Ioffe and Szegedy, "Batch Normalization", 2015.
 *
 * <p>The backward is the closed form (rather than differentiating through mean, variance, square
 * root and division, which costs about ten passes over the tensor):
 * {@code dβ = Σ g}, {@code dγ = Σ g·x̂},
 * {@code dx = γ/√(σ² + ε) · (g − dβ/M − x̂·dγ/M)}. Sums run in double whatever the type; channels
 * are processed in parallel on the shared pool; float32 passes run in vectors
 * ({@link BatchNormKernels}). The batch statistics are returned for the running
 * averages, which the layers in {@code ai.deepj.nn} keep; those layers also keep the composed
 * version this op is tested against.
 *
 * {@snippet :
 * FusedBatchNorm.Result r = FusedBatchNorm.train(x, gamma, beta, 1e-5);   // x [N, C, H, W]
 * Tensor y = r.output();          // recorded: gradients reach x, gamma and beta
 * Tensor mu = r.mean();           // [C], batch statistics, not recorded
 * }
 */
public final class FusedBatchNorm {
    private FusedBatchNorm() {}

    /**
     * The normalized output and the batch statistics.
     *
     * @param output   {@code γ·x̂ + β}, the input's shape and type
     * @param mean     per-channel batch mean {@code [C]}, the input's type, not part of any graph
     * @param variance per-channel biased batch variance {@code [C]}, likewise
     */
    public record Result(Tensor output, Tensor mean, Tensor variance) {}

    /**
     * Normalizes {@code x} with its own batch statistics per channel (dimension 1).
     *
     * @param x      {@code [N, C, ...]}, float32 or float64, at least one value per channel
     * @param weight γ, {@code [C]}
     * @param bias   β, {@code [C]}
     * @param eps    added to the variance under the square root, ≥ 0
     */
    public static Result train(Tensor x, Tensor weight, Tensor bias, double eps) {
        String op = "batchNorm";
        if (!x.dtype.isFloating() || x.dim() < 2) {
            throw new IllegalArgumentException(op + ": expects a float [N, C, ...] input, got " + x.dtype + " " + x.shape());
        }
        int n = x.shape[0], c = x.shape[1];
        for (Tensor p : new Tensor[] {weight, bias}) {
            if (p.dim() != 1 || p.shape[0] != c) {
                throw new IllegalArgumentException(op + ": weight and bias must be [" + c + "] for input " + x.shape() + ", got "
                        + weight.shape() + " and " + bias.shape());
            }
        }
        if (!(eps >= 0)) throw new IllegalArgumentException(op + ": eps must be >= 0, got " + eps);
        int spatial = 1;
        for (int i = 2; i < x.dim(); i++) spatial *= x.shape[i];
        long m = (long) n * spatial;
        if (m == 0) throw new IllegalArgumentException(op + ": input " + x.shape() + " has no values per channel to normalize");
        Tensor xc = x.contiguous();
        double[] gamma = weight.toDoubleArray(), beta = bias.toDoubleArray();
        double[] mean = new double[c], invStd = new double[c], var = new double[c];
        Tensor out = Tensor.allocate(x.dtype, x.shape);
        int s = spatial;
        Parallel.forRange(c, 4 * m, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                double sum = 0;
                for (int b = 0; b < n; b++) sum += sum(xc, (b * c + ch) * s, s);
                double mu = sum / m;
                double ss = 0; // two passes, as the composed version: no cancellation in E[x²] − μ²
                for (int b = 0; b < n; b++) ss += squaredDeviation(xc, (b * c + ch) * s, s, mu);
                double v = ss / m, inv = 1 / Math.sqrt(v + eps), scale = gamma[ch] * inv;
                mean[ch] = mu;
                var[ch] = v;
                invStd[ch] = inv;
                for (int b = 0; b < n; b++) normalize(xc, out, (b * c + ch) * s, s, mu, scale, beta[ch]);
            }
        });
        boolean inputGrad = xc.requiresGrad;
        Tensor y = Autograd.record("batch_norm", Node.SAVES_INPUT0, out,
                g -> backward(g, xc, s, gamma, mean, invStd, inputGrad, weight.dtype, bias.dtype), xc, weight, bias);
        return new Result(y, vector(x.dtype, mean), vector(x.dtype, var));
    }

    private static Tensor[] backward(Tensor g, Tensor x, int s, double[] gamma, double[] mean, double[] invStd, boolean inputGrad,
            DType weightType, DType biasType) {
        Tensor gc = g.to(x.dtype).contiguous();
        int n = x.shape[0], c = x.shape[1];
        long m = (long) n * s;
        double[] dGamma = new double[c], dBeta = new double[c];
        Tensor dx = inputGrad ? Tensor.allocate(x.dtype, x.shape) : null;
        Parallel.forRange(c, 4 * m, (from, to) -> {
            double[] acc = new double[2];
            for (int ch = from; ch < to; ch++) {
                double mu = mean[ch], inv = invStd[ch];
                acc[0] = acc[1] = 0;
                for (int b = 0; b < n; b++) gradientSums(gc, x, (b * c + ch) * s, s, mu, acc);
                double sumG = acc[0], sumGXHat = acc[1] * inv;
                dBeta[ch] = sumG;
                dGamma[ch] = sumGXHat;
                if (dx == null) continue;
                double k = gamma[ch] * inv, meanG = sumG / m, slope = inv * sumGXHat / m;
                for (int b = 0; b < n; b++) inputGradient(gc, x, dx, (b * c + ch) * s, s, mu, k, meanG, slope);
            }
        });
        return new Tensor[] {dx, vector(weightType, dGamma), vector(biasType, dBeta)};
    }

    // Kernels over one contiguous block (the spatial values of one example and channel); start is
    // relative to the tensor's offset. Sums are double whatever the type.

    private static double sum(Tensor x, int start, int len) {
        int base = x.offset + start;
        double acc = 0;
        if (x.dtype == DType.FLOAT32) {
            acc = BatchNormKernels.sum(x.floatArray(), base, len);
        } else {
            double[] a = x.doubleArray();
            for (int i = 0; i < len; i++) acc += a[base + i];
        }
        return acc;
    }

    private static double squaredDeviation(Tensor x, int start, int len, double mu) {
        int base = x.offset + start;
        double acc = 0;
        if (x.dtype == DType.FLOAT32) {
            acc = BatchNormKernels.squaredDeviation(x.floatArray(), base, len, mu);
        } else {
            double[] a = x.doubleArray();
            for (int i = 0; i < len; i++) {
                double d = a[base + i] - mu;
                acc += d * d;
            }
        }
        return acc;
    }

    /** {@code y = (x − μ)·scale + shift} into the fresh output {@code y}. */
    private static void normalize(Tensor x, Tensor y, int start, int len, double mu, double scale, double shift) {
        int base = x.offset + start;
        if (x.dtype == DType.FLOAT32) {
            BatchNormKernels.normalize(x.floatArray(), base, y.floatArray(), start, len, mu, scale, shift);
        } else {
            double[] a = x.doubleArray(), b = y.doubleArray();
            for (int i = 0; i < len; i++) b[start + i] = (a[base + i] - mu) * scale + shift;
        }
    }

    /** {@code acc[0] += Σ g}, {@code acc[1] += Σ g·(x − μ)}. */
    private static void gradientSums(Tensor g, Tensor x, int start, int len, double mu, double[] acc) {
        int gb = g.offset + start, xb = x.offset + start;
        double sg = 0, sgx = 0;
        if (x.dtype == DType.FLOAT32) {
            BatchNormKernels.gradientSums(g.floatArray(), gb, x.floatArray(), xb, len, mu, acc);
            return;
        } else {
            double[] ga = g.doubleArray(), xa = x.doubleArray();
            for (int i = 0; i < len; i++) {
                double gv = ga[gb + i];
                sg += gv;
                sgx += gv * (xa[xb + i] - mu);
            }
        }
        acc[0] += sg;
        acc[1] += sgx;
    }

    /** {@code dx = k·(g − mean(g) − (x − μ)·slope)}, where {@code (x − μ)·slope = x̂·mean(g·x̂)}. */
    private static void inputGradient(Tensor g, Tensor x, Tensor dx, int start, int len, double mu, double k, double meanG,
            double slope) {
        int gb = g.offset + start, xb = x.offset + start;
        if (x.dtype == DType.FLOAT32) {
            BatchNormKernels.inputGradient(g.floatArray(), gb, x.floatArray(), xb, dx.floatArray(), start, len, mu, k, meanG, slope);
        } else {
            double[] ga = g.doubleArray(), xa = x.doubleArray(), da = dx.doubleArray();
            for (int i = 0; i < len; i++) da[start + i] = k * (ga[gb + i] - meanG - (xa[xb + i] - mu) * slope);
        }
    }

    private static Tensor vector(DType dtype, double[] v) {
        Tensor t = Tensor.allocate(dtype, new int[] {v.length});
        for (int i = 0; i < v.length; i++) Creation.write(t, i, v[i]);
        return t;
    }
}
