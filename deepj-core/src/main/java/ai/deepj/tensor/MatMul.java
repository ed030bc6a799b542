package ai.deepj.tensor;

import ai.deepj.kernel.Gemm;
import java.util.Arrays;

/**
 * Matrix products with {@code torch.matmul} semantics, on {@link Gemm}. Operands whose last two
 * dimensions are a transposed view are passed to GEMM with a transpose flag, never copied.
 */
final class MatMul {
    private MatMul() {}

    static Tensor matmul(Tensor a, Tensor b) {
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException("matmul: both arguments need at least one dimension, got " + a.shape()
                    + " and " + b.shape() + "; use mul for scalars");
        }
        if (!a.dtype.isFloating() || !b.dtype.isFloating()) {
            throw new IllegalArgumentException("matmul: needs floating-point tensors, got " + a.dtype + " and " + b.dtype
                    + "; convert with to(DType.FLOAT32)");
        }
        DType dt = DType.promote(a.dtype, b.dtype);
        Tensor x = a.to(dt), y = b.to(dt);
        if (x.dim() == 1 && y.dim() == 1) {
            if (x.shape[0] != y.shape[0]) {
                throw new IllegalArgumentException("matmul: dot product of vectors of different lengths " + x.shape()
                        + " and " + y.shape());
            }
            return batched(x.unsqueeze(0), y.unsqueeze(1)).reshape();
        }
        // Checked here so the message names the caller's shapes, not the unsqueezed ones batched() sees.
        int ka = x.size(-1), kb = y.dim() == 1 ? y.size(0) : y.size(-2);
        if (ka != kb) {
            throw new IllegalArgumentException("matmul: cannot multiply " + x.shape() + " by " + y.shape()
                    + " (inner dims " + ka + " != " + kb + ")");
        }
        if (x.dim() == 1) return batched(x.unsqueeze(0), y).squeeze(-2);
        if (y.dim() == 1) return batched(x, y.unsqueeze(1)).squeeze(-1);
        if (x.dim() > 2 && y.dim() == 2 && x.size(-1) == y.size(0)) {
            // A batch of matrices times one matrix is a single big product: fold the batch into rows.
            int[] outShape = x.shape.clone();
            outShape[outShape.length - 1] = y.shape[1];
            return batched(x.reshape(-1, x.size(-1)), y).reshape(outShape);
        }
        return batched(x, y);
    }

    /** Both ranks >= 2; batch dimensions broadcast. */
    private static Tensor batched(Tensor a, Tensor b) {
        int m = a.size(-2), k = a.size(-1), k2 = b.size(-2), n = b.size(-1);
        if (k != k2) {
            throw new IllegalArgumentException("matmul: cannot multiply " + a.shape() + " by " + b.shape()
                    + " (inner dims " + k + " != " + k2 + ")");
        }
        int[] batchA = Arrays.copyOf(a.shape, a.dim() - 2), batchB = Arrays.copyOf(b.shape, b.dim() - 2);
        int[] batch;
        try {
            batch = Strided.broadcastShapes("matmul", batchA, batchB);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: batch dimensions of " + a.shape() + " and " + b.shape()
                    + " do not broadcast (" + e.getMessage() + ")");
        }
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        Tensor out = Tensor.allocate(a.dtype, outShape);
        // Plain matrices need no broadcast view (and no recorded expand node).
        Tensor ae = batch.length == 0 ? a : a.expand(concat(batch, m, k)), be = batch.length == 0 ? b : b.expand(concat(batch, k, n));
        Tensor am = matrixLayout(ae), bm = matrixLayout(be);
        int batches = (int) Shape.numel(batch);
        int[] idx = new int[batch.length];
        for (int bi = 0; bi < batches; bi++) {
            int aOff = am.offset, bOff = bm.offset;
            for (int d = 0; d < batch.length; d++) {
                aOff += idx[d] * am.strides[d];
                bOff += idx[d] * bm.strides[d];
            }
            gemm(am, aOff, bm, bOff, out, bi * m * n, m, n, k);
            for (int d = batch.length - 1; d >= 0; d--) {
                if (++idx[d] < batch[d]) break;
                idx[d] = 0;
            }
        }
        return Autograd.record("matmul", Node.SAVES_INPUT0 | Node.SAVES_INPUT1, out, g -> new Tensor[] {
            a.requiresGrad ? gradA(g, a, b) : null,
            b.requiresGrad ? gradB(g, a, b) : null}, a, b);
    }

    /**
     * {@code dA = G·Bᵀ}, laid out like A. When A is a transposed view (e.g. {@code Xᵀ}), its gradient
     * is computed as {@code (B·Gᵀ)ᵀ}: the same values, but the transpose view's backward then turns
     * it back into a contiguous gradient of the stored matrix, instead of a strided one that every
     * later copy or accumulation would have to walk column by column.
     */
    private static Tensor gradA(Tensor g, Tensor a, Tensor b) {
        if (isTransposedView(a)) return b.matmul(g.transpose(-1, -2)).transpose(-1, -2);
        return g.matmul(b.transpose(-1, -2));
    }

    /**
     * {@code dB = Aᵀ·G}, laid out like B: for a transposed B — a {@code Linear} layer's
     * {@code Wᵀ} — as {@code (Gᵀ·A)ᵀ}, so that W's gradient comes out contiguous (see {@link #gradA}).
     */
    private static Tensor gradB(Tensor g, Tensor a, Tensor b) {
        if (isTransposedView(b)) return g.transpose(-1, -2).matmul(a).transpose(-1, -2);
        return a.transpose(-1, -2).matmul(g);
    }

    /** True for a rank-2+ tensor whose matrices are stored column-major (and not also row-major). */
    private static boolean isTransposedView(Tensor t) {
        return t.dim() >= 2 && !rowMajor(t) && transposed(t);
    }

    private static int[] concat(int[] batch, int r, int c) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = r;
        s[batch.length + 1] = c;
        return s;
    }

    /** t itself if its matrices are stored row-major or transposed (what GEMM can read), else a copy. */
    private static Tensor matrixLayout(Tensor t) {
        if (rowMajor(t) || transposed(t)) return t;
        try (var s = Autograd.noGrad()) {
            return Views.copy(t, "matmul");
        }
    }

    private static boolean rowMajor(Tensor t) {
        int r = t.dim(), rows = t.shape[r - 2], cols = t.shape[r - 1];
        return (t.strides[r - 1] == 1 || cols == 1) && (rows == 1 || t.strides[r - 2] >= cols);
    }

    private static boolean transposed(Tensor t) {
        int r = t.dim(), rows = t.shape[r - 2], cols = t.shape[r - 1];
        return (t.strides[r - 2] == 1 || rows == 1) && (cols == 1 || t.strides[r - 1] >= rows);
    }

    private static void gemm(Tensor a, int aOff, Tensor b, int bOff, Tensor c, int cOff, int m, int n, int k) {
        int r = a.dim();
        boolean ta = !rowMajor(a);
        boolean tb = !rowMajor(b);
        // For a single row (or column) the leading dimension is never stepped: any value >= the row works.
        int lda = ta ? (a.shape[r - 1] == 1 ? m : a.strides[r - 1]) : (a.shape[r - 2] == 1 ? k : a.strides[r - 2]);
        int ldb = tb ? (b.shape[r - 1] == 1 ? k : b.strides[r - 1]) : (b.shape[r - 2] == 1 ? n : b.strides[r - 2]);
        lda = Math.max(lda, ta ? m : k);
        ldb = Math.max(ldb, tb ? k : n);
        if (c.dtype == DType.FLOAT32) {
            Gemm.sgemm(ta, tb, m, n, k, 1f, a.floatArray(), aOff, lda, b.floatArray(), bOff, ldb, 0f, c.floatArray(), cOff, n);
        } else {
            Gemm.dgemm(ta, tb, m, n, k, 1d, a.doubleArray(), aOff, lda, b.doubleArray(), bOff, ldb, 0d, c.doubleArray(), cOff, n);
        }
    }

    /**
     * {@code x·wᵀ + b} (PyTorch's {@code F.linear}, BLAS's GEMM with β = 1): {@code x} is
     * {@code [..., in]}, {@code w} is {@code [out, in]}, {@code b} is {@code [out]} or null. The bias
     * is copied into every output row first and the product accumulated onto it, so there is no
     * separate broadcast add and no transposed-view node. Backward: {@code dx = g·w},
     * {@code dw = gᵀ·x} (contiguous, the layout of {@code w}), {@code db = Σ_rows g}; the composed
     * {@code x.matmul(w.t()).add(b)} is the reference it is tested against.
     */
    static Tensor linear(Tensor x, Tensor w, Tensor b) {
        if (x.dim() == 0 || w.dim() != 2 || x.size(-1) != w.size(1) || b != null && (b.dim() != 1 || b.size(0) != w.size(0))) {
            throw new IllegalArgumentException("linear: expects x [..., in], weight [out, in] and bias [out], got x "
                    + x.shape() + ", weight " + w.shape() + (b == null ? ", no bias" : ", bias " + b.shape()));
        }
        if (!x.dtype.isFloating() || !w.dtype.isFloating() || b != null && !b.dtype.isFloating()) {
            throw new IllegalArgumentException("linear: needs floating-point tensors, got x " + x.dtype + ", weight " + w.dtype
                    + (b == null ? "" : ", bias " + b.dtype));
        }
        DType dt = b == null ? DType.promote(x.dtype, w.dtype) : DType.promote(DType.promote(x.dtype, w.dtype), b.dtype);
        int in = w.size(1), out = w.size(0), rows = (int) (x.numel() / Math.max(in, 1));
        Tensor xm = x.to(dt).contiguous(), wm = w.to(dt).contiguous(), bm = b == null ? null : b.to(dt).contiguous();
        int[] outShape = x.shape.clone();
        outShape[outShape.length - 1] = out;
        Tensor y = Tensor.allocate(dt, outShape);
        if (bm != null) {
            Object bias = bm.storage.array, dst = y.storage.array;
            for (int r = 0; r < rows; r++) System.arraycopy(bias, bm.offset, dst, r * out, out);
        }
        // y[rows, out] (+)= x[rows, in] · w[out, in]ᵀ
        gemmRaw(false, true, rows, out, in, xm, xm.offset, in, wm, wm.offset, in, bm == null ? 0 : 1, y, 0, out);
        return Autograd.record("linear", Node.SAVES_INPUT0 | Node.SAVES_INPUT1, y, g -> {
            Tensor gm = g.contiguous();
            Tensor dx = null, dw = null, db = null;
            if (x.requiresGrad) { // dx[rows, in] = g[rows, out] · w[out, in]
                dx = Tensor.allocate(dt, xm.shape);
                gemmRaw(false, false, rows, in, out, gm, gm.offset, out, wm, wm.offset, in, 0, dx, 0, in);
            }
            if (w.requiresGrad) { // dw[out, in] = g[rows, out]ᵀ · x[rows, in]
                Tensor into = Autograd.gradientBuffer(w, dt);
                if (into != null) { // the weight's existing .grad (kept by zeroGrad(false)): accumulate onto it in the GEMM
                    gemmRaw(true, false, out, in, rows, gm, gm.offset, out, xm, xm.offset, in, 1, into, 0, in);
                    into.storage.version++;
                } else {
                    dw = Tensor.allocate(dt, wm.shape);
                    gemmRaw(true, false, out, in, rows, gm, gm.offset, out, xm, xm.offset, in, 0, dw, 0, in);
                }
            }
            if (b != null && b.requiresGrad) db = gm.reshape(rows, out).sum(0);
            return new Tensor[] {dx, dw, db};
        }, b == null ? new Tensor[] {x, w} : new Tensor[] {x, w, b});
    }

    /** One GEMM on whole arrays: {@code c = op(a)·op(b) + beta·c}, alpha 1. */
    private static void gemmRaw(boolean ta, boolean tb, int m, int n, int k, Tensor a, int aOff, int lda, Tensor b, int bOff,
            int ldb, double beta, Tensor c, int cOff, int ldc) {
        if (c.dtype == DType.FLOAT32) {
            Gemm.sgemm(ta, tb, m, n, k, 1f, a.floatArray(), aOff, lda, b.floatArray(), bOff, ldb, (float) beta, c.floatArray(), cOff, ldc);
        } else {
            Gemm.dgemm(ta, tb, m, n, k, 1d, a.doubleArray(), aOff, lda, b.doubleArray(), bOff, ldb, beta, c.doubleArray(), cOff, ldc);
        }
    }
}
