package ai.deepj.kernel;

/**
 * A provider of general matrix multiplication, {@code C = alpha·op(A)·op(B) + beta·C}, on
 * row-major Java arrays. deepj ships a pure-Java one ({@link JavaGemm}); optional modules (such as
 * {@code deepj-openblas}) register others through {@link java.util.ServiceLoader}.
 *
 * <p>Layout: {@code op(A)} is {@code m × k}. Without transpose, element {@code (i, p)} of A is
 * {@code a[aOff + i*lda + p]}; with {@code transA}, A is stored as its {@code k × m} transpose and
 * the element is {@code a[aOff + p*lda + i]}. Likewise for B ({@code k × n}) and C ({@code m × n},
 * never transposed). Implementations run on the caller's thread and may use {@link Parallel}'s
 * pool, never a pool of their own.
 */
public interface GemmBackend {
    /** Short name shown by {@code deepj info} and selected by {@code -Ddeepj.gemm=NAME}. */
    String name();

    /** True if this backend can run here (its native library loaded, say). */
    boolean isAvailable();

    /** One line about this backend for {@code deepj info}: library version, CPU kernels, or why it is unavailable. */
    default String details() {
        return "";
    }

    /** Preference when {@code deepj.gemm=auto}: the available backend with the highest priority wins. */
    int priority();

    /** Single precision. */
    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);

    /** Double precision. */
    void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
            double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc);
}
