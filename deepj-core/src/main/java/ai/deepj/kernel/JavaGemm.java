package ai.deepj.kernel;

/**
 * The pure-Java GEMM backend, written with the Vector API. Panels of op(A) and op(B) are packed
 * into contiguous buffers (which absorbs the transposes) and a register-tiled micro-kernel computes
 * C from them, BLIS-style; large products are split over {@link Parallel}'s pool by slices of C.
 * See {@link FloatGemmKernel} for the design; {@link DoubleGemmKernel} is its double twin.
 *
 * <p>Semantics are those of BLAS {@code ?gemm} on row-major arrays: {@code beta == 0} overwrites C
 * without reading it, {@code alpha == 0} (or {@code k == 0}) only scales C by beta, and otherwise
 * NaN and infinity in A or B reach C as IEEE arithmetic says (zeros are never skipped).
 */
public final class JavaGemm implements GemmBackend {
    /** The single instance. */
    public static final JavaGemm INSTANCE = new JavaGemm();

    private JavaGemm() {}

    @Override
    public String name() {
        return "java";
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public String details() {
        return "pure Java, Vector API, packed " + FloatGemmKernel.MR + "x" + FloatGemmKernel.NR + " float32 micro-tile";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        FloatGemmKernel.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
            double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        DoubleGemmKernel.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }
}
