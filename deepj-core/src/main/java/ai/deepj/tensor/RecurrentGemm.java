package ai.deepj.tensor;

import ai.deepj.kernel.Gemm;
import ai.deepj.kernel.PackedB;
import java.util.ArrayList;
import java.util.List;

/**
 * The matrix products of the recurrent kernels. The kernels keep their state in double arrays (so
 * a float32 cell state does not drift over long sequences); the products are computed in the
 * tensors' own precision: {@link Gemm#dgemm} for float64, and for float32 the operands are rounded
 * to float and multiplied by {@link Gemm#sgemm}, as a float32 {@code matmul} would. The rounding
 * copies are linear in the operands' size, small beside the product itself. A float32 weight that is
 * multiplied at every step (given as a float mirror) is packed for the micro-kernel once per way it is
 * used ({@link PackedB}), rather than by every step's {@code sgemm}.
 */
final class RecurrentGemm {
    private final boolean single;
    private float[] sa = new float[0], sb = new float[0], sc = new float[0];
    /** The weight mirrors packed once for the micro-kernel, one per way they are multiplied (a few per kernel). */
    private final List<Packed> packed = new ArrayList<>();

    /** {@code op(bf)} as {@code gemm} was asked for it, packed. */
    private record Packed(float[] bf, boolean tb, int k, int n, int bOff, int ldb, PackedB b) {}

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
        float[] fa;
        int fao, flda;
        if (af != null) {
            fa = af;
            fao = aOff;
            flda = lda;
        } else {
            fa = sa = pack(a, aOff, lda, aRows, aCols, sa);
            fao = 0;
            flda = Math.max(aCols, 1);
        }
        if (sc.length < m * n) sc = new float[m * n];
        if (bf != null) {
            // A weight, multiplied at every step: packed for the micro-kernel once, not re-packed by each sgemm.
            packedB(bf, tb, k, n, bOff, ldb).multiply(ta, m, 1f, fa, fao, flda, 0f, sc, 0, n, true);
        } else {
            float[] fb = sb = pack(b, bOff, ldb, bRows, bCols, sb);
            Gemm.sgemm(ta, tb, m, n, k, 1f, fa, fao, flda, fb, 0, Math.max(bCols, 1), 0f, sc, 0, n);
        }
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc, si = i * n;
            if (beta == 0) {
                for (int j = 0; j < n; j++) c[ci + j] = sc[si + j];
            } else {
                for (int j = 0; j < n; j++) c[ci + j] = beta * c[ci + j] + sc[si + j];
            }
        }
    }

    /** {@code op(bf)} packed, the first time it is asked for in this way, else the same packing again. */
    private PackedB packedB(float[] bf, boolean tb, int k, int n, int bOff, int ldb) {
        for (Packed p : packed) {
            if (p.bf == bf && p.tb == tb && p.k == k && p.n == n && p.bOff == bOff && p.ldb == ldb) return p.b;
        }
        PackedB b = PackedB.pack(tb, k, n, bf, bOff, ldb);
        packed.add(new Packed(bf, tb, k, n, bOff, ldb, b));
        return b;
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
