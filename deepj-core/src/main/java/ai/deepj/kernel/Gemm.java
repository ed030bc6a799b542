package ai.deepj.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Matrix multiplication entry point: picks a {@link GemmBackend} once and checks arguments so that
 * a bad call fails with a message rather than an index error deep inside a kernel.
 *
 * <p>The backend is chosen by the system property {@code deepj.gemm}: {@code auto} (default: the
 * available backend with the highest priority, e.g. OpenBLAS when {@code deepj-openblas} is on the
 * class path), {@code java} (the pure-Java kernel), or another backend's name.
 */
public final class Gemm {
    private Gemm() {}

    private static volatile GemmBackend backend;

    /** The backend in use. */
    public static GemmBackend backend() {
        GemmBackend b = backend;
        if (b == null) {
            synchronized (Gemm.class) {
                b = backend;
                if (b == null) backend = b = select(System.getProperty("deepj.gemm", "auto"));
            }
        }
        return b;
    }

    /** Switches backend by name ({@code auto}, {@code java}, {@code openblas}, ...). */
    public static synchronized void useBackend(String name) {
        backend = select(name);
    }

    /** All backends found (available or not), the pure-Java one first. */
    public static List<GemmBackend> backends() {
        List<GemmBackend> all = new ArrayList<>();
        all.add(JavaGemm.INSTANCE);
        for (GemmBackend b : ServiceLoader.load(GemmBackend.class)) all.add(b);
        return all;
    }

    private static GemmBackend select(String name) {
        List<GemmBackend> all = backends();
        if (name.equals("auto")) {
            GemmBackend best = JavaGemm.INSTANCE;
            for (GemmBackend b : all) {
                if (b.priority() > best.priority() && b.isAvailable()) best = b;
            }
            return best;
        }
        for (GemmBackend b : all) {
            if (b.name().equals(name)) {
                if (!b.isAvailable()) {
                    throw new IllegalStateException("deepj.gemm=" + name + ": that backend is on the class path but cannot run here");
                }
                return b;
            }
        }
        throw new IllegalArgumentException("deepj.gemm=" + name + ": unknown backend; found "
                + all.stream().map(GemmBackend::name).toList() + " (or 'auto')");
    }

    /** {@code C = alpha·op(A)·op(B) + beta·C} in single precision; layout as in {@link GemmBackend}. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        check(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
        if (m == 0 || n == 0) return;
        backend().sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** {@code C = alpha·op(A)·op(B) + beta·C} in double precision; layout as in {@link GemmBackend}. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
            double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        check(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
        if (m == 0 || n == 0) return;
        backend().dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * Throws {@link IllegalArgumentException} unless the three matrices fit in their arrays as
     * described (layout as in {@link GemmBackend}). Backends that call native code, which has no
     * bounds checks, call this too when used directly.
     */
    public static void check(boolean transA, boolean transB, int m, int n, int k, int aLen, int aOff, int lda,
            int bLen, int bOff, int ldb, int cLen, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("gemm: negative size m=" + m + " n=" + n + " k=" + k);
        checkMatrix("A", transA ? k : m, transA ? m : k, aLen, aOff, lda);
        checkMatrix("B", transB ? n : k, transB ? k : n, bLen, bOff, ldb);
        checkMatrix("C", m, n, cLen, cOff, ldc);
    }

    private static void checkMatrix(String name, int rows, int cols, int len, int off, int ld) {
        if (rows == 0 || cols == 0) return;
        if (ld < cols) {
            throw new IllegalArgumentException("gemm: leading dimension of " + name + " is " + ld + " but its stored rows have "
                    + cols + " columns");
        }
        long last = off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > len) {
            throw new IllegalArgumentException("gemm: " + name + " (" + rows + " x " + cols + ", offset " + off + ", ld " + ld
                    + ") does not fit in an array of length " + len);
        }
    }
}
