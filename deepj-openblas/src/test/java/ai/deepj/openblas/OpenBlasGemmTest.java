package ai.deepj.openblas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.deepj.kernel.Gemm;
import ai.deepj.kernel.Parallel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenBlasGemmTest {
    private static final OpenBlasGemm BLAS = new OpenBlasGemm();
    /** m, n, k: tiny; big enough to be split by rows (m >= n); split by columns; k = 1; a ragged last block. */
    private static final int[][] SIZES = {{5, 7, 3}, {130, 70, 250}, {40, 300, 200}, {64, 48, 1}, {97, 33, 700}};
    private int savedThreads;

    @BeforeEach
    void requireOpenBlas() {
        assumeTrue(BLAS.isAvailable(), () -> "OpenBLAS unavailable: " + OpenBlasGemm.unavailableReason().orElse("?"));
        savedThreads = Parallel.threads();
    }

    @AfterEach
    void restore() {
        if (savedThreads > 0) Parallel.setThreads(savedThreads);
        Gemm.useBackend("auto");
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2})
    void sgemmMatchesNaiveReferenceForAllTransposesWithOffsetsAndPaddedRows(int threads) {
        Parallel.setThreads(threads);
        SplittableRandom rnd = new SplittableRandom(1);
        for (int[] size : SIZES) {
            for (int t = 0; t < 4; t++) {
                for (float[] ab : new float[][] {{1, 0}, {1.5f, 0.5f}, {-0.75f, 1}}) {
                    checkFloat(rnd, t >= 2, (t & 1) == 1, size[0], size[1], size[2], ab[0], ab[1]);
                }
            }
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2})
    void dgemmMatchesNaiveReferenceForAllTransposesWithOffsetsAndPaddedRows(int threads) {
        Parallel.setThreads(threads);
        SplittableRandom rnd = new SplittableRandom(2);
        for (int[] size : SIZES) {
            for (int t = 0; t < 4; t++) {
                for (double[] ab : new double[][] {{1, 0}, {1.5, 0.5}, {-0.75, 1}}) {
                    checkDouble(rnd, t >= 2, (t & 1) == 1, size[0], size[1], size[2], ab[0], ab[1]);
                }
            }
        }
    }

    @Test
    void emptyInnerDimensionScalesCByBeta() {
        float[] c = {1, 2, 3, 4};
        BLAS.sgemm(false, false, 2, 2, 0, 1, new float[0], 0, 0, new float[0], 0, 2, 0.5f, c, 0, 2);
        assertEquals(java.util.List.of(0.5f, 1f, 1.5f, 2f), java.util.List.of(c[0], c[1], c[2], c[3]));
    }

    @Test
    void outOfBoundsCallFailsBeforeReachingNativeCode() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> BLAS.sgemm(false, false, 4, 4, 4, 1, new float[15], 0, 4, new float[16], 0, 4, 0, new float[16], 0, 4));
        assertTrue(e.getMessage().contains("A (4 x 4"), e.getMessage());
    }

    @Test
    void selectedByNameAndByAuto() {
        Gemm.useBackend("openblas");
        assertEquals("openblas", Gemm.backend().name());
        float[] c = new float[4];
        Gemm.sgemm(false, false, 2, 2, 2, 1, new float[] {1, 2, 3, 4}, 0, 2, new float[] {5, 6, 7, 8}, 0, 2, 0, c, 0, 2);
        assertEquals(java.util.List.of(19f, 22f, 43f, 50f), java.util.List.of(c[0], c[1], c[2], c[3]));
        Gemm.useBackend("auto");
        assertEquals("openblas", Gemm.backend().name());
    }

    @Test
    void inheritedCoretypeIsClearedByDefault() {
        // The surefire configuration presets OPENBLAS_CORETYPE=Haswell, as on the machines this was written on.
        String inherited = System.getenv("OPENBLAS_CORETYPE");
        assumeTrue(inherited != null && System.getProperty(NativeOpenBlas.CORETYPE_PROPERTY) == null,
                "needs OPENBLAS_CORETYPE in the environment and no deepj.openblas.coretype property");
        String note = OpenBlasGemm.coretypeNote();
        assertTrue(note.startsWith("OPENBLAS_CORETYPE=" + inherited + " from the environment was cleared; OpenBLAS detected "),
                note);
        assertFalse(OpenBlasGemm.coreName().orElseThrow().isBlank());
    }

    /** Stores op(X) for a rows × cols logical matrix at offset 3 with 5 spare columns per stored row. */
    private record Stored(int off, int ld, int length) {
        static Stored of(boolean trans, int rows, int cols) {
            int storedRows = trans ? cols : rows, storedCols = trans ? rows : cols;
            int ld = storedCols + 5;
            return new Stored(3, ld, 3 + storedRows * ld + 2);
        }

        int index(boolean trans, int i, int j) {
            return trans ? off + j * ld + i : off + i * ld + j;
        }
    }

    private static void checkFloat(SplittableRandom rnd, boolean ta, boolean tb, int m, int n, int k, float alpha, float beta) {
        Stored sa = Stored.of(ta, m, k), sb = Stored.of(tb, k, n), sc = Stored.of(false, m, n);
        float[] a = new float[sa.length()], b = new float[sb.length()], c = new float[sc.length()];
        for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextDouble(-1, 1);
        for (int i = 0; i < c.length; i++) c[i] = (float) rnd.nextDouble(-1, 1);
        float[] c0 = c.clone();
        BLAS.sgemm(ta, tb, m, n, k, alpha, a, sa.off(), sa.ld(), b, sb.off(), sb.ld(), beta, c, sc.off(), sc.ld());
        boolean[] inC = new boolean[c.length];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0, absSum = 0;
                for (int p = 0; p < k; p++) {
                    double prod = (double) a[sa.index(ta, i, p)] * b[sb.index(tb, p, j)];
                    sum += prod;
                    absSum += Math.abs(prod);
                }
                int ci = sc.index(false, i, j);
                inC[ci] = true;
                double expected = alpha * sum + beta * c0[ci];
                // Rounding-error bound of a float dot product (Higham, Accuracy and Stability, §3.1).
                double tol = (k + 2) * 0x1p-24 * (Math.abs(alpha) * absSum + Math.abs(beta * c0[ci])) + 1e-30;
                if (Math.abs(c[ci] - expected) > tol) {
                    fail(String.format("sgemm ta=%b tb=%b m=%d n=%d k=%d alpha=%s beta=%s: C[%d,%d] = %s, expected %s",
                            ta, tb, m, n, k, alpha, beta, i, j, c[ci], expected));
                }
            }
        }
        for (int i = 0; i < c.length; i++) {
            if (!inC[i] && c[i] != c0[i]) fail("sgemm wrote outside C at index " + i + " (m=" + m + " n=" + n + ")");
        }
    }

    private static void checkDouble(SplittableRandom rnd, boolean ta, boolean tb, int m, int n, int k, double alpha,
            double beta) {
        Stored sa = Stored.of(ta, m, k), sb = Stored.of(tb, k, n), sc = Stored.of(false, m, n);
        double[] a = new double[sa.length()], b = new double[sb.length()], c = new double[sc.length()];
        for (int i = 0; i < a.length; i++) a[i] = rnd.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = rnd.nextDouble(-1, 1);
        for (int i = 0; i < c.length; i++) c[i] = rnd.nextDouble(-1, 1);
        double[] c0 = c.clone();
        BLAS.dgemm(ta, tb, m, n, k, alpha, a, sa.off(), sa.ld(), b, sb.off(), sb.ld(), beta, c, sc.off(), sc.ld());
        boolean[] inC = new boolean[c.length];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0, absSum = 0;
                for (int p = 0; p < k; p++) {
                    double prod = a[sa.index(ta, i, p)] * b[sb.index(tb, p, j)];
                    sum += prod;
                    absSum += Math.abs(prod);
                }
                int ci = sc.index(false, i, j);
                inC[ci] = true;
                double expected = alpha * sum + beta * c0[ci];
                // Both sides round (k + 2) times: twice the bound of one double dot product.
                double tol = 2 * (k + 2) * 0x1p-53 * (Math.abs(alpha) * absSum + Math.abs(beta * c0[ci])) + 1e-300;
                if (Math.abs(c[ci] - expected) > tol) {
                    fail(String.format("dgemm ta=%b tb=%b m=%d n=%d k=%d alpha=%s beta=%s: C[%d,%d] = %s, expected %s",
                            ta, tb, m, n, k, alpha, beta, i, j, c[ci], expected));
                }
            }
        }
        for (int i = 0; i < c.length; i++) {
            if (!inC[i] && c[i] != c0[i]) fail("dgemm wrote outside C at index " + i + " (m=" + m + " n=" + n + ")");
        }
    }
}
