package ai.deepj.tensor;

import java.util.Arrays;

/**
 * Fused loss kernels with hand-written backward passes, for the losses a training loop computes on
 * every step. Each one is one recorded op, one pass over its input forward and one backward, instead
 * of a chain of elementwise ops. They return per-example (unreduced) losses; {@code ai.deepj.nn.loss}
 * reduces them and keeps composed versions, built from differentiable primitives, as the reference
 * these kernels are tested against.
 *
 * {@snippet :
 * Tensor perExample = FusedLosses.softmaxCrossEntropy(logits, labels, null, 0);  // [N]
 * Tensor loss = perExample.mean();
 * }
 */
public final class FusedLosses {
    private FusedLosses() {}

    /**
     * Softmax cross-entropy from logits {@code [N, C]} and int32 class labels {@code [N]}, per
     * example: {@code l_i = −Σ_c a_ic · log softmax(x_i)_c} with
     * {@code a_ic = (1 − ε)·w[y_i]·[c = y_i] + (ε / C)·w[c]} (PyTorch's {@code cross_entropy} with
     * {@code reduction='none'}, {@code weight} and {@code label_smoothing}). The backward is
     * {@code dx_ij = g_i·(A_i·softmax(x_i)_j − a_ij)} with {@code A_i = Σ_c a_ic}: for plain labels,
     * the familiar {@code softmax − onehot}.
     *
     * @param logits          {@code [N, C]}, float32 or float64
     * @param labels          {@code [N]}, int32 in {@code [0, C)}
     * @param classWeights    {@code [C]} rescaling of each class, or null for all ones (not differentiated)
     * @param labelSmoothing  ε in [0, 1]
     * @return {@code [N]}, the logits' type
     */
    public static Tensor softmaxCrossEntropy(Tensor logits, Tensor labels, Tensor classWeights, double labelSmoothing) {
        String op = "softmaxCrossEntropy";
        if (logits.dim() != 2 || !logits.dtype.isFloating()) {
            throw new IllegalArgumentException(op + ": logits must be a float [N, C] tensor, got " + logits.dtype + " " + logits.shape());
        }
        if (labels.dtype != DType.INT32 || labels.dim() != 1 || labels.shape[0] != logits.shape[0]) {
            throw new IllegalArgumentException(op + ": labels must be int32 [" + logits.shape[0] + "] for logits "
                    + logits.shape() + ", got " + labels.dtype + " " + labels.shape());
        }
        int n = logits.shape[0], c = logits.shape[1];
        if (classWeights != null && (classWeights.dim() != 1 || classWeights.shape[0] != c)) {
            throw new IllegalArgumentException(op + ": class weights must be [" + c + "], got " + classWeights.shape());
        }
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException(op + ": label smoothing must be in [0, 1], got " + labelSmoothing);
        }
        int[] y = labels.toIntArray();
        for (int i = 0; i < n; i++) {
            if (y[i] < 0 || y[i] >= c) {
                throw new IllegalArgumentException(op + ": label " + y[i] + " of example " + i + " is outside [0, " + c
                        + ") for logits " + logits.shape());
            }
        }
        double[] w = classWeights == null ? null : classWeights.toDoubleArray();
        double eps = labelSmoothing, smooth = eps / c;
        double wSum = 0;
        if (w != null) for (double v : w) wSum += v;
        else wSum = c;
        Tensor x = logits.contiguous();
        double[] row = new double[c];
        double[] lse = new double[n]; // saved for backward: softmax is recomputed from it
        Tensor out = Tensor.allocate(x.dtype, new int[] {n});
        for (int i = 0; i < n; i++) {
            readRow(x, i, row);
            double m = Double.NEGATIVE_INFINITY;
            for (double v : row) m = Math.max(m, v);
            if (Double.isInfinite(m)) m = 0; // keeps inf − inf out; the result is then ±inf or NaN, as in PyTorch
            double s = 0;
            for (double v : row) s += Math.exp(v - m);
            double l = m + Math.log(s);
            lse[i] = l;
            double wy = w == null ? 1 : w[y[i]];
            double loss = (1 - eps) * wy * (l - row[y[i]]);
            if (eps != 0) {
                double acc = 0;
                for (int j = 0; j < c; j++) acc += (w == null ? 1 : w[j]) * (l - row[j]);
                loss += smooth * acc;
            }
            Creation.write(out, i, loss);
        }
        final double totalWeight = wSum;
        return Autograd.record("softmax_cross_entropy", out, g -> {
            double[] gi = g.toDoubleArray();
            Tensor dx = Tensor.allocate(x.dtype, new int[] {n, c});
            double[] r = new double[c];
            for (int i = 0; i < n; i++) {
                readRow(x, i, r);
                double wy = w == null ? 1 : w[y[i]];
                double a = (1 - eps) * wy + smooth * totalWeight; // A_i = Σ_c a_ic
                for (int j = 0; j < c; j++) {
                    double aij = smooth * (w == null ? 1 : w[j]) + (j == y[i] ? (1 - eps) * wy : 0);
                    r[j] = gi[i] * (a * Math.exp(r[j] - lse[i]) - aij);
                }
                writeRow(dx, i, r);
            }
            return new Tensor[] {dx};
        }, x);
    }

    /**
     * Binary cross-entropy from logits, elementwise and numerically stable:
     * {@code l = (1 − y)·x + L·softplus(−x)} with {@code L = 1 + (p − 1)·y} and
     * {@code softplus(−x) = max(−x, 0) + log(1 + e^−|x|)}; with {@code p = 1} this is
     * {@code max(x, 0) − x·y + log(1 + e^−|x|)}. PyTorch's {@code binary_cross_entropy_with_logits}
     * with {@code reduction='none'}. The backward is {@code dx = g·(L·σ(x) − p·y)} (so
     * {@code σ(x) − y} without a positive weight) and {@code dy = g·((p − 1)·softplus(−x) − x)}.
     *
     * @param logits     any shape, float32 or float64
     * @param targets    the same shape, floating (usually 0/1, any value in [0, 1] allowed)
     * @param posWeight  weight p of the positive class along the last dimension ({@code [C]} or
     *                   {@code [1]}), or null for 1 (not differentiated)
     * @return the logits' shape and type
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor targets, Tensor posWeight) {
        String op = "binaryCrossEntropyWithLogits";
        if (!logits.dtype.isFloating() || !targets.dtype.isFloating()) {
            throw new IllegalArgumentException(op + ": logits and targets must be floating, got " + logits.dtype + " "
                    + logits.shape() + " and " + targets.dtype + " " + targets.shape());
        }
        if (!Arrays.equals(logits.shape, targets.shape)) {
            throw new IllegalArgumentException(op + ": targets " + targets.shape() + " must have the logits' shape " + logits.shape());
        }
        int last = logits.dim() == 0 ? 1 : logits.shape[logits.dim() - 1];
        if (posWeight != null && !(posWeight.numel() == 1 || posWeight.dim() == 1 && posWeight.shape[0] == last)) {
            throw new IllegalArgumentException(op + ": positive weight must be [" + last + "] (the logits' last dimension) or [1],"
                    + " got " + posWeight.shape() + " for logits " + logits.shape());
        }
        double[] pw = posWeight == null ? null : posWeight.toDoubleArray();
        Tensor x = logits.contiguous();
        Tensor t = targets.to(x.dtype).contiguous();
        double[] xs = x.toDoubleArray(), ys = t.toDoubleArray();
        int n = xs.length;
        Tensor out = Tensor.allocate(x.dtype, x.shape);
        for (int i = 0; i < n; i++) {
            double p = pw == null ? 1 : pw[pw.length == 1 ? 0 : i % last];
            double xi = xs[i], yi = ys[i];
            Creation.write(out, i, (1 - yi) * xi + (1 + (p - 1) * yi) * softplusNeg(xi));
        }
        return Autograd.record("binary_cross_entropy_with_logits", out, g -> {
            double[] gs = g.toDoubleArray();
            Tensor dx = Tensor.allocate(x.dtype, x.shape);
            Tensor dy = t.requiresGrad ? Tensor.allocate(t.dtype, t.shape) : null;
            for (int i = 0; i < n; i++) {
                double p = pw == null ? 1 : pw[pw.length == 1 ? 0 : i % last];
                double xi = xs[i], yi = ys[i];
                Creation.write(dx, i, gs[i] * ((1 + (p - 1) * yi) * sigmoid(xi) - p * yi));
                if (dy != null) Creation.write(dy, i, gs[i] * ((p - 1) * softplusNeg(xi) - xi));
            }
            return new Tensor[] {dx, dy};
        }, x, t);
    }

    /** {@code log(1 + e^−x)} without overflow for either sign. */
    private static double softplusNeg(double x) {
        return Math.max(-x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    private static double sigmoid(double x) {
        if (x >= 0) return 1 / (1 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** Row {@code i} of a contiguous float matrix into {@code dst}, whatever the float type. */
    private static void readRow(Tensor m, int i, double[] dst) {
        int c = dst.length, base = m.offset + i * c;
        if (m.dtype == DType.FLOAT32) {
            float[] a = m.floatArray();
            for (int j = 0; j < c; j++) dst[j] = a[base + j];
        } else {
            System.arraycopy(m.doubleArray(), base, dst, 0, c);
        }
    }

    /** {@code src} into row {@code i} of a fresh contiguous float matrix. */
    private static void writeRow(Tensor m, int i, double[] src) {
        int c = src.length, base = i * c;
        if (m.dtype == DType.FLOAT32) {
            float[] a = m.floatArray();
            for (int j = 0; j < c; j++) a[base + j] = (float) src[j];
        } else {
            System.arraycopy(src, 0, m.doubleArray(), base, c);
        }
    }
}
