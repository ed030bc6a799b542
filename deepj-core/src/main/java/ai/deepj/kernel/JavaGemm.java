package ai.deepj.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The pure-Java GEMM backend (Vector API). Rows of C are split over {@link Parallel}'s pool.
 * Straightforward row-by-row kernel: each row of C is built as a sum of scaled rows of op(B).
 */
public final class JavaGemm implements GemmBackend {
    /** The single instance. */
    public static final JavaGemm INSTANCE = new JavaGemm();

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

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
    public int priority() {
        return 0;
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        // op(B) with B transposed is materialized once so that its rows are contiguous.
        float[] bt = b;
        int btOff = bOff, btLd = ldb;
        if (transB) {
            bt = new float[k * n];
            for (int j = 0; j < n; j++) for (int p = 0; p < k; p++) bt[p * n + j] = b[bOff + j * ldb + p];
            btOff = 0;
            btLd = n;
        }
        final float[] bb = bt;
        final int bo = btOff, bl = btLd;
        Parallel.forRange(m, (long) n * k, (from, to) -> {
            int len = FS.length();
            int upper = FS.loopBound(n);
            for (int i = from; i < to; i++) {
                int ci = cOff + i * ldc;
                if (beta == 0) {
                    java.util.Arrays.fill(c, ci, ci + n, 0f);
                } else if (beta != 1) {
                    for (int j = 0; j < n; j++) c[ci + j] *= beta;
                }
                for (int p = 0; p < k; p++) {
                    float av = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                    int bp = bo + p * bl;
                    FloatVector va = FloatVector.broadcast(FS, av);
                    int j = 0;
                    for (; j < upper; j += len) {
                        FloatVector.fromArray(FS, bb, bp + j).fma(va, FloatVector.fromArray(FS, c, ci + j)).intoArray(c, ci + j);
                    }
                    for (; j < n; j++) c[ci + j] += av * bb[bp + j];
                }
            }
        });
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
            double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        double[] bt = b;
        int btOff = bOff, btLd = ldb;
        if (transB) {
            bt = new double[k * n];
            for (int j = 0; j < n; j++) for (int p = 0; p < k; p++) bt[p * n + j] = b[bOff + j * ldb + p];
            btOff = 0;
            btLd = n;
        }
        final double[] bb = bt;
        final int bo = btOff, bl = btLd;
        Parallel.forRange(m, (long) n * k, (from, to) -> {
            int len = DS.length();
            int upper = DS.loopBound(n);
            for (int i = from; i < to; i++) {
                int ci = cOff + i * ldc;
                if (beta == 0) {
                    java.util.Arrays.fill(c, ci, ci + n, 0d);
                } else if (beta != 1) {
                    for (int j = 0; j < n; j++) c[ci + j] *= beta;
                }
                for (int p = 0; p < k; p++) {
                    double av = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                    int bp = bo + p * bl;
                    DoubleVector va = DoubleVector.broadcast(DS, av);
                    int j = 0;
                    for (; j < upper; j += len) {
                        DoubleVector.fromArray(DS, bb, bp + j).fma(va, DoubleVector.fromArray(DS, c, ci + j)).intoArray(c, ci + j);
                    }
                    for (; j < n; j++) c[ci + j] += av * bb[bp + j];
                }
            }
        });
    }
}
