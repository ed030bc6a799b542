package ai.deepj.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link JavaGemm} against a naive triple loop kept in this test.
 *
 * <p>Tolerances are relative to the size of the terms summed, {@code scale = |alpha|·Σ_p |a_ip·b_pj|
 * + |beta·c_ij|}, because the kernel sums in a different order than the loop (blocked over K, fused
 * multiply-adds): float32 allows {@code 2e-6·sqrt(k)·scale} (unit roundoff 6e-8 times a
 * random-walk growth of sqrt(k), with headroom, and still below the worst-case bound {@code k·u}
 * for the k tested), float64 allows {@code 1e-12·scale}. The reference accumulates in double.
 */
class JavaGemmTest {
    private static final int[] SIZES = {1, 7, 17, 31, 33, 129, 257, 300};
    private static final float[] ALPHAS = {1f, 0.5f, -2f};
    private static final float[] BETAS = {0f, 1f, 0.5f, -2f};

    private int savedThreads;

    @BeforeEach
    void saveThreads() {
        savedThreads = Parallel.threads();
    }

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    /** One call: sizes, layout (leading dimensions and offsets) and scalars. */
    private record Case(boolean transA, boolean transB, int m, int n, int k, int lda, int ldb, int ldc, int aOff,
            int bOff, int cOff, double alpha, double beta) {
        static Case random(Random rnd, boolean transA, boolean transB, int m, int n, int k, double alpha, double beta) {
            int lda = (transA ? m : k) + (rnd.nextBoolean() ? 0 : rnd.nextInt(5) + 1);
            int ldb = (transB ? k : n) + (rnd.nextBoolean() ? 0 : rnd.nextInt(5) + 1);
            int ldc = n + (rnd.nextBoolean() ? 0 : rnd.nextInt(5) + 1);
            return new Case(transA, transB, m, n, k, lda, ldb, ldc, rnd.nextInt(4), rnd.nextInt(4), rnd.nextInt(4),
                    alpha, beta);
        }

        int aLen() {
            return aOff + (transA ? k : m) * lda;
        }

        int bLen() {
            return bOff + (transB ? n : k) * ldb;
        }

        int cLen() {
            return cOff + m * ldc + 3; // 3 guard elements past the end
        }

        double a(double[] a, int i, int p) {
            return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        double b(double[] b, int p, int j) {
            return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        }

        @Override
        public String toString() {
            return (transA ? "At" : "A") + (transB ? "Bt" : "B") + " m=" + m + " n=" + n + " k=" + k + " lda=" + lda
                    + " ldb=" + ldb + " ldc=" + ldc + " offs=" + aOff + "," + bOff + "," + cOff + " alpha=" + alpha
                    + " beta=" + beta + " threads=" + Parallel.threads();
        }
    }

    @Test
    void floatMatchesNaiveLoopForRandomShapesLayoutsAndScalars() {
        runRandomCases(false, 11);
    }

    @Test
    void doubleMatchesNaiveLoopForRandomShapesLayoutsAndScalars() {
        runRandomCases(true, 12);
    }

    @Test
    void largeShapesCrossEveryBlockBoundaryAtOneAndTwoThreads() {
        // k > 256 gives several K blocks, m > 256 several M blocks, n > 4096 several N blocks;
        // m > n splits the threads over M, m < n over N.
        int[][] shapes = {{300, 33, 600}, {33, 300, 600}, {513, 520, 257}, {9, 4133, 40}, {129, 129, 1}};
        Random rnd = new Random(13);
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            for (int[] s : shapes) {
                for (int t = 0; t < 4; t++) {
                    Case cs = Case.random(rnd, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 0.5, t == 3 ? 0 : -2);
                    check(cs, false, rnd);
                    check(cs, true, rnd);
                }
            }
        }
    }

    /**
     * Partial panels of operands that are packed by transposing blocks (op(A) = A with fewer than MR rows left,
     * op(B) = Bᵀ with fewer than NR columns left), deep enough for whole blocks: a small convolution's weight
     * gradient {@code dW[6, 25] = dY[6, 576] · colᵀ} is one.
     */
    @Test
    void narrowPanelsOfTransposedOperands() {
        Random rnd = new Random(11);
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            // {64, 64, 1100}: A·Bᵀ as dot products split over threads (over 2^22 multiply-adds).
            for (int[] s : new int[][] {{6, 25, 576}, {5, 17, 40}, {3, 40, 33}, {13, 50, 100}, {1, 1, 64}, {9, 33, 17}, {64, 64, 1100}, {7, 3, 129}}) {
                for (int t = 0; t < 4; t++) {
                    Case cs = Case.random(rnd, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 1, t == 3 ? 0.5 : 0);
                    check(cs, false, rnd);
                    check(cs, true, rnd);
                }
            }
        }
    }

    @Test
    void oneByOneByOne() {
        Random rnd = new Random(14);
        for (int t = 0; t < 4; t++) {
            check(Case.random(rnd, (t & 1) != 0, (t & 2) != 0, 1, 1, 1, 1, 0), false, rnd);
            check(Case.random(rnd, (t & 1) != 0, (t & 2) != 0, 1, 1, 1, -2, 0.5), true, rnd);
        }
    }

    @Test
    void betaZeroOverwritesNaNInC() {
        Random rnd = new Random(15);
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            for (int[] s : new int[][] {{3, 5, 2}, {70, 90, 80}, {257, 129, 300}}) {
                for (boolean dbl : new boolean[] {false, true}) {
                    Case cs = Case.random(rnd, rnd.nextBoolean(), rnd.nextBoolean(), s[0], s[1], s[2], 1, 0);
                    double[] a = random(rnd, cs.aLen()), b = random(rnd, cs.bLen());
                    double[] c = new double[cs.cLen()];
                    Arrays.fill(c, Double.NaN);
                    double[] got = run(cs, dbl, a, b, c);
                    for (int i = 0; i < cs.m; i++) {
                        for (int j = 0; j < cs.n; j++) {
                            double v = got[cs.cOff + i * cs.ldc + j];
                            if (Double.isNaN(v)) fail("NaN leaked from C at (" + i + ", " + j + "): " + cs);
                        }
                    }
                }
            }
        }
    }

    @Test
    void nanAndInfinityInInputsPropagateEvenThroughZeroMultipliers() {
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            for (int[] s : new int[][] {{4, 4, 4}, {100, 200, 300}}) {
                int m = s[0], n = s[1], k = s[2];
                for (boolean dbl : new boolean[] {false, true}) {
                    // A is all zeros except a NaN at (1, 2); B is all ones except +Inf at (3, n-1).
                    double[] a = new double[m * k];
                    a[1 * k + 2] = Double.NaN;
                    double[] b = new double[k * n];
                    Arrays.fill(b, 1);
                    b[3 * n + n - 1] = Double.POSITIVE_INFINITY;
                    Case cs = new Case(false, false, m, n, k, k, n, n, 0, 0, 0, 1, 0);
                    double[] got = run(cs, dbl, a, b, new double[m * n]);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            // Row 1 meets the NaN; column n-1 gets 0·Inf = NaN in every row.
                            boolean nan = i == 1 || j == n - 1;
                            double v = got[i * n + j];
                            if (nan != Double.isNaN(v)) {
                                fail("at (" + i + ", " + j + ") expected " + (nan ? "NaN" : "0") + " but got " + v
                                        + " (m=" + m + " n=" + n + " k=" + k + " double=" + dbl + ")");
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void alphaZeroOrEmptyKOnlyScalesC() {
        // As in reference BLAS, alpha == 0 and k == 0 leave op(A)·op(B) unevaluated: C = beta·C.
        for (boolean dbl : new boolean[] {false, true}) {
            double[] a = new double[40 * 50];
            Arrays.fill(a, Double.NaN);
            double[] b = new double[50 * 60];
            double[] c = new double[40 * 60];
            Arrays.fill(c, 3);
            double[] got = run(new Case(false, false, 40, 60, 50, 50, 60, 60, 0, 0, 0, 0, 0.5), dbl, a, b, c);
            for (double v : got) assertEquals(1.5, v, "alpha=0, beta=0.5, double=" + dbl);
            got = run(new Case(false, false, 40, 60, 0, 1, 60, 60, 0, 0, 0, 1, 0), dbl, a, b, c);
            for (double v : got) assertEquals(0, v, "k=0, beta=0, double=" + dbl);
        }
    }

    private void runRandomCases(boolean dbl, long seed) {
        Random rnd = new Random(seed);
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            for (int t = 0; t < 4; t++) {
                boolean transA = (t & 1) != 0, transB = (t & 2) != 0;
                for (int rep = 0; rep < 24; rep++) {
                    int m = SIZES[rnd.nextInt(SIZES.length)];
                    int n = SIZES[rnd.nextInt(SIZES.length)];
                    int k = SIZES[rnd.nextInt(SIZES.length)];
                    double alpha = ALPHAS[rnd.nextInt(ALPHAS.length)];
                    double beta = BETAS[rnd.nextInt(BETAS.length)];
                    check(Case.random(rnd, transA, transB, m, n, k, alpha, beta), dbl, rnd);
                }
            }
        }
    }

    /** Runs one case on random data and compares every element of C, and the guard elements, with the reference. */
    private static void check(Case cs, boolean dbl, Random rnd) {
        double[] a = random(rnd, cs.aLen());
        double[] b = random(rnd, cs.bLen());
        double[] c = random(rnd, cs.cLen());
        if (!dbl) {
            // Round the inputs to float first so the reference sees exactly what the kernel sees.
            for (double[] x : new double[][] {a, b, c}) for (int i = 0; i < x.length; i++) x[i] = (float) x[i];
        }
        double[] got = run(cs, dbl, a, b, c);
        boolean[] inside = new boolean[c.length];
        for (int i = 0; i < cs.m; i++) {
            for (int j = 0; j < cs.n; j++) {
                int ci = cs.cOff + i * cs.ldc + j;
                inside[ci] = true;
                double sum = 0, mag = 0;
                for (int p = 0; p < cs.k; p++) {
                    double prod = cs.a(a, i, p) * cs.b(b, p, j);
                    sum += prod;
                    mag += Math.abs(prod);
                }
                double expected = cs.alpha * sum + (cs.beta == 0 ? 0 : cs.beta * c[ci]);
                double scale = Math.abs(cs.alpha) * mag + Math.abs(cs.beta * c[ci]) + Double.MIN_NORMAL;
                double tol = dbl ? 1e-12 * scale : 2e-6 * Math.sqrt(cs.k) * scale;
                if (!(Math.abs(got[ci] - expected) <= tol)) {
                    fail("C(" + i + ", " + j + ") = " + got[ci] + ", expected " + expected + " ± " + tol + " ("
                            + (dbl ? "double" : "float") + ", " + cs + ")");
                }
            }
        }
        for (int x = 0; x < c.length; x++) {
            if (!inside[x]) assertTrue(got[x] == c[x], "element " + x + " outside C was written: " + cs);
        }
    }

    /** Calls the kernel in the requested precision on copies of the inputs; returns C as doubles. */
    private static double[] run(Case cs, boolean dbl, double[] a, double[] b, double[] c) {
        if (dbl) {
            double[] out = c.clone();
            JavaGemm.INSTANCE.dgemm(cs.transA, cs.transB, cs.m, cs.n, cs.k, cs.alpha, a.clone(), cs.aOff, cs.lda,
                    b.clone(), cs.bOff, cs.ldb, cs.beta, out, cs.cOff, cs.ldc);
            return out;
        }
        float[] out = toFloat(c);
        JavaGemm.INSTANCE.sgemm(cs.transA, cs.transB, cs.m, cs.n, cs.k, (float) cs.alpha, toFloat(a), cs.aOff, cs.lda,
                toFloat(b), cs.bOff, cs.ldb, (float) cs.beta, out, cs.cOff, cs.ldc);
        double[] res = new double[out.length];
        for (int i = 0; i < out.length; i++) res[i] = out[i];
        return res;
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
        return f;
    }

    private static double[] random(Random rnd, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) x[i] = rnd.nextDouble() * 2 - 1;
        return x;
    }
}
