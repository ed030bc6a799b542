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
 * {@code dx = γ/√(σ² + ε) · (g − dβ/M − x̂·dγ/M)}. Sums run in double whatever the type; every pass reads
 * the tensor in memory order, examples split over the shared pool (the sums in fixed pieces, so the
 * result does not depend on the thread count); float32 passes run in vectors
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
        double[] mean = new double[c], invStd = new double[c], var = new double[c], scale = new double[c];
        Tensor out = Tensor.allocate(x.dtype, x.shape);
        int s = spatial;
        // One pass for the statistics, image after image through memory in order: per channel the sums of x − K and
        // (x − K)², K the channel's first value, so that E[(x−K)²] − E[x−K]² does not cancel (K lies within the
        // channel's spread); in double.
        double[] shift = new double[c];
        for (int ch = 0; ch < c; ch++) shift[ch] = xc.dtype == DType.FLOAT32 ? xc.floatArray()[xc.offset + ch * s] : xc.doubleArray()[xc.offset + ch * s];
        double[] sums = perChannelSums(n, c, s, (b, ch, acc) -> shiftedSums(xc, (b * c + ch) * s, s, shift[ch], acc, 2 * ch));
        for (int ch = 0; ch < c; ch++) {
            double d = sums[2 * ch] / m, v = Math.max(0, sums[2 * ch + 1] / m - d * d), inv = 1 / Math.sqrt(v + eps);
            mean[ch] = shift[ch] + d;
            var[ch] = v;
            invStd[ch] = inv;
            scale[ch] = gamma[ch] * inv;
        }
        Parallel.forRange(n, 3L * c * s, (from, to) -> {
            for (int b = from; b < to; b++) {
                for (int ch = 0; ch < c; ch++) normalize(xc, out, (b * c + ch) * s, s, mean[ch], scale[ch], beta[ch]);
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
        // dx over the output gradient itself when the engine alone holds it: the sums read it first, then each value of
        // dx is written where the g it comes from was read
        Tensor dx = !inputGrad ? null : gc == g && Autograd.mayOverwrite(g) ? g : Tensor.allocate(x.dtype, x.shape);
        double[] sums = perChannelSums(n, c, s, (b, ch, acc) -> gradientSums(gc, x, (b * c + ch) * s, s, mean[ch], acc, 2 * ch));
        double[] k = new double[c], meanG = new double[c], slope = new double[c];
        for (int ch = 0; ch < c; ch++) {
            double inv = invStd[ch], sumG = sums[2 * ch], sumGXHat = sums[2 * ch + 1] * inv;
            dBeta[ch] = sumG;
            dGamma[ch] = sumGXHat;
            k[ch] = gamma[ch] * inv;
            meanG[ch] = sumG / m;
            slope[ch] = inv * sumGXHat / m;
        }
        if (dx != null) {
            Parallel.forRange(n, 4L * c * s, (from, to) -> {
                for (int b = from; b < to; b++) {
                    for (int ch = 0; ch < c; ch++) inputGradient(gc, x, dx, (b * c + ch) * s, s, mean[ch], k[ch], meanG[ch], slope[ch]);
                }
            });
        }
        return new Tensor[] {dx, vector(weightType, dGamma), vector(biasType, dBeta)};
    }

    /** Pieces the batch is cut into for the per-channel sums: fixed, so that the sums do not depend on the thread count. */
    private static final int SUM_PIECES = 8;

    /** Adds one block's two sums (example {@code b}, channel {@code ch}) into {@code acc[2·ch]} and {@code acc[2·ch + 1]}. */
    @FunctionalInterface
    private interface BlockSums {
        void add(int b, int ch, double[] acc);
    }

    /**
     * Two sums per channel ({@code [2·C]}) over the whole batch, read in memory order (example by example, every
     * channel of each): the batch in {@link #SUM_PIECES} pieces of examples, each summed on its own (in parallel when
     * the work is large enough), then the pieces added in order.
     */
    private static double[] perChannelSums(int n, int c, int s, BlockSums block) {
        int pieces = Math.min(n, SUM_PIECES);
        double[][] part = new double[pieces][2 * c];
        Parallel.RangeBody body = (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                for (int b = (int) ((long) n * p / pieces), end = (int) ((long) n * (p + 1) / pieces); b < end; b++) {
                    for (int ch = 0; ch < c; ch++) block.add(b, ch, part[p]);
                }
            }
        };
        if ((long) n * c * s < Parallel.MIN_PARALLEL_WORK) body.run(0, pieces);
        else Parallel.forChunks(pieces, pieces, body);
        double[] total = new double[2 * c];
        for (double[] p : part) {
            for (int i = 0; i < 2 * c; i++) total[i] += p[i];
        }
        return total;
    }

    // Kernels over one contiguous block (the spatial values of one example and channel); start is
    // relative to the tensor's offset. Sums are double whatever the type.

    /** {@code acc[at] += Σ (x − k)}, {@code acc[at + 1] += Σ (x − k)²} over one block, in double. */
    private static void shiftedSums(Tensor x, int start, int len, double k, double[] acc, int at) {
        int base = x.offset + start;
        if (x.dtype == DType.FLOAT32) {
            BatchNormKernels.shiftedSums(x.floatArray(), base, len, k, acc, at);
            return;
        }
        double[] a = x.doubleArray();
        double s1 = 0, s2 = 0;
        for (int i = 0; i < len; i++) {
            double d = a[base + i] - k;
            s1 += d;
            s2 += d * d;
        }
        acc[at] += s1;
        acc[at + 1] += s2;
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

    /** {@code acc[at] += Σ g}, {@code acc[at + 1] += Σ g·(x − μ)}. */
    private static void gradientSums(Tensor g, Tensor x, int start, int len, double mu, double[] acc, int at) {
        int gb = g.offset + start, xb = x.offset + start;
        if (x.dtype == DType.FLOAT32) {
            BatchNormKernels.gradientSums(g.floatArray(), gb, x.floatArray(), xb, len, mu, acc, at);
            return;
        }
        double[] ga = g.doubleArray(), xa = x.doubleArray();
        double sg = 0, sgx = 0;
        for (int i = 0; i < len; i++) {
            double gv = ga[gb + i];
            sg += gv;
            sgx += gv * (xa[xb + i] - mu);
        }
        acc[at] += sg;
        acc[at + 1] += sgx;
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
