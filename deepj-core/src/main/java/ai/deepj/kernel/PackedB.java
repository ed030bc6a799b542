package ai.deepj.kernel;

/**
 * The right operand of many single-precision products, packed once: {@code C = alpha·op(A)·op(B) + beta·C}
 * for a fixed {@code op(B)} ({@code k × n}) and many left operands, as MKL's {@code cblas_sgemm_pack} /
 * {@code cblas_sgemm_compute}. A recurrent layer multiplies its recurrent weight at every time step;
 * {@link Gemm#sgemm} would re-pack that weight into the micro-kernel's panels each time, which for a
 * batch of 32 rows costs about as much as the product itself.
 *
 * <p>The products always run on deepj's own kernel ({@link JavaGemm}), whatever {@link Gemm#backend()} is:
 * the panels are made once, here, and each {@link #multiply} gives the same bits as {@link JavaGemm}'s
 * {@code sgemm} with the unpacked operand. A backend such as OpenBLAS re-packs B inside every call, which
 * for a recurrent step of 32 rows made the product a quarter slower than this (char-lstm at one thread:
 * the 128 per-step products of a training step took 36 ms of CPU time through OpenBLAS, 28 ms here). The
 * caller must not change the original array while this object is in use.
 *
 * {@snippet :
 * PackedB wt = PackedB.pack(true, hidden, 4 * hidden, weightHh, 0, hidden);   // op(B) = Whhᵀ, [H, 4H]
 * for (int t = 0; t < steps; t++) {
 *     wt.multiply(false, batch, 1f, h, 0, hidden, 1f, gates, t * 4 * hidden, steps * 4 * hidden, true);
 * }
 * }
 */
public final class PackedB {
    private final boolean transB;
    private final int k, n;
    private final float[] b;
    private final int bOff, ldb;
    /** The panels for the pure-Java kernel. */
    private final float[] panels;

    private PackedB(boolean transB, int k, int n, float[] b, int bOff, int ldb, float[] panels) {
        this.transB = transB;
        this.k = k;
        this.n = n;
        this.b = b;
        this.bOff = bOff;
        this.ldb = ldb;
        this.panels = panels;
    }

    /**
     * Packs {@code op(B)}, {@code k × n}: {@code B} itself ({@code transB} false, stored {@code k × n}) or
     * its transpose ({@code transB} true, stored {@code n × k}), row-major at {@code bOff} with leading
     * dimension {@code ldb}, as in {@link Gemm#sgemm}.
     */
    public static PackedB pack(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        Gemm.check(false, transB, 0, n, k, 0, 0, Math.max(k, 1), b.length, bOff, ldb, 0, 0, Math.max(n, 1));
        long size = FloatGemmKernel.packedSize(k, n);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("PackedB.pack: a " + k + " x " + n + " operand needs " + size + " packed floats, more than an array holds");
        }
        float[] panels = new float[(int) size];
        FloatGemmKernel.packWhole(transB, b, bOff, ldb, k, n, panels);
        return new PackedB(transB, k, n, b, bOff, ldb, panels);
    }

    /** Rows of op(B): the inner dimension of the products. */
    public int k() {
        return k;
    }

    /** Columns of op(B) and of C. */
    public int n() {
        return n;
    }

    /**
     * {@code C = alpha·op(A)·op(B) + beta·C} with {@code op(A)} of {@code m × k}; layout as in
     * {@link Gemm#sgemm}. {@code mayUseThreads} false keeps the product on the calling thread (for callers
     * that already split their work over {@link Parallel}'s threads).
     */
    public void multiply(boolean transA, int m, float alpha, float[] a, int aOff, int lda, float beta, float[] c, int cOff, int ldc,
            boolean mayUseThreads) {
        // B was checked when packed; describing it as a dense k × n block makes check() look at A and C only.
        Gemm.check(transA, false, m, n, k, a.length, aOff, lda, k * n, 0, Math.max(n, 1), c.length, cOff, ldc);
        if (m == 0 || n == 0) return;
        if (!FloatGemmKernel.usesPanels(transA, transB, m, n, k)) {
            // A shape the Java kernel multiplies without panels (tiny, or a small A·Bᵀ as dot products): the
            // unpacked product on the same kernel, so the bits never depend on the backend or on m.
            JavaGemm.INSTANCE.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        FloatGemmKernel.gemmPacked(transA, m, n, k, alpha, a, aOff, lda, panels, beta, c, cOff, ldc, mayUseThreads);
    }
}
