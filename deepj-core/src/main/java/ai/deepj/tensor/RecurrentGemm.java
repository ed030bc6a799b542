package ai.deepj.tensor;

import ai.deepj.kernel.Gemm;

/**
 * The matrix products of the recurrent kernels. The kernels keep their state in double arrays (so
 * a float32 cell state does not drift over long sequences); the products are computed in the
 * tensors' own precision: {@link Gemm#dgemm} for float64, and for float32 the operands are rounded
 * to float and multiplied by {@link Gemm#sgemm}, as a float32 {@code matmul} would. The rounding
 * copies are linear in the operands' size, small beside the product itself.
 */
final class RecurrentGemm {
    private final boolean single;
    private float[] sa = new float[0], sb = new float[0], sc = new float[0];

    RecurrentGemm(DType dtype) {
        single = dtype == DType.FLOAT32;
    }

    /** A float copy of a matrix used at every step (a weight), made once; null for float64. */
    float[] mirror(double[] a) {
        if (!single) return null;
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
        return f;
    }

    /**
     * {@code c = beta·c + op(a)·op(b)} with {@code c} of {@code m × n} and inner size {@code k};
     * leading dimensions as in BLAS. {@code af}/{@code bf}: float mirrors of {@code a}/{@code b}
     * (same offsets and leading dimensions) or null.
     */
    void gemm(boolean ta, boolean tb, int m, int n, int k, double[] a, float[] af, int aOff, int lda, double[] b, float[] bf,
            int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        if (!single) {
            Gemm.dgemm(ta, tb, m, n, k, 1, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        float[] fa, fb;
        int fao, fbo, flda, fldb;
        if (af != null) {
            fa = af;
            fao = aOff;
            flda = lda;
        } else {
            fa = sa = pack(a, aOff, lda, aRows, aCols, sa);
            fao = 0;
            flda = Math.max(aCols, 1);
        }
        if (bf != null) {
            fb = bf;
            fbo = bOff;
            fldb = ldb;
        } else {
            fb = sb = pack(b, bOff, ldb, bRows, bCols, sb);
            fbo = 0;
            fldb = Math.max(bCols, 1);
        }
        if (sc.length < m * n) sc = new float[m * n];
        Gemm.sgemm(ta, tb, m, n, k, 1f, fa, fao, flda, fb, fbo, fldb, 0f, sc, 0, n);
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc, si = i * n;
            if (beta == 0) {
                for (int j = 0; j < n; j++) c[ci + j] = sc[si + j];
            } else {
                for (int j = 0; j < n; j++) c[ci + j] = beta * c[ci + j] + sc[si + j];
            }
        }
    }

    /** The {@code rows × cols} matrix at {@code off} with leading dimension {@code ld}, rounded into a dense float array. */
    private static float[] pack(double[] src, int off, int ld, int rows, int cols, float[] scratch) {
        float[] dst = scratch.length >= rows * cols ? scratch : new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            int s = off + r * ld, d = r * cols;
            for (int j = 0; j < cols; j++) dst[d + j] = (float) src[s + j];
        }
        return dst;
    }
}
