package ai.deepj.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** float32 sums stay close to the double-precision sum of the same float values. */
class ReduceKernelsTest {

    private static double exactSum(float[] a, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += a[i];
        return s;
    }

    @Test
    void sumOfAMillionUniformFloatsWithinOneMillionthOfDoubleSum() {
        float[] a = Tensor.rand(Generator.seeded(0), 1 << 20).toFloatArray();
        double want = exactSum(a, 0, a.length);
        double rel = Math.abs(Tensor.of(a, a.length).sum().item() - want) / want;
        assertTrue(rel < 1e-6, "relative error " + rel);
        // Also through the kernel directly, at an odd offset and length.
        double rel2 = Math.abs(ReduceKernels.reduce(ReduceKernels.Kind.SUM, a, 7, a.length - 20) - exactSum(a, 7, a.length - 13)) / want;
        assertTrue(rel2 < 1e-6, "relative error " + rel2);
    }

    @Test
    void sumsOverEitherAxisMatchDoublePrecision() {
        int rows = 128, cols = 512;
        float[] a = Tensor.randn(Generator.seeded(1), rows, cols).toFloatArray();
        Tensor t = Tensor.of(a, rows, cols);
        float[] lastAxis = t.sum(1).toFloatArray(), firstAxis = t.sum(0).toFloatArray();
        for (int r = 0; r < rows; r++) {
            double want = exactSum(a, r * cols, (r + 1) * cols);
            assertEquals(want, lastAxis[r], 1e-5 * Math.sqrt(cols), "row " + r);
        }
        for (int c = 0; c < cols; c++) {
            double want = 0;
            for (int r = 0; r < rows; r++) want += a[r * cols + c];
            assertEquals(want, firstAxis[c], 1e-5 * Math.sqrt(rows), "column " + c);
        }
    }

    @Test
    void maxAndMinPropagateNaNAndHandleShortRuns() {
        for (int n = 1; n < 70; n++) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) a[i] = (i * 37) % 11 - 5;
            float max = Float.NEGATIVE_INFINITY, min = Float.POSITIVE_INFINITY, sum = 0;
            for (float v : a) {
                max = Math.max(max, v);
                min = Math.min(min, v);
                sum += v;
            }
            assertEquals(max, ReduceKernels.reduce(ReduceKernels.Kind.MAX, a, 0, n));
            assertEquals(min, ReduceKernels.reduce(ReduceKernels.Kind.MIN, a, 0, n));
            assertEquals(sum, ReduceKernels.reduce(ReduceKernels.Kind.SUM, a, 0, n)); // small integers: exact
            a[n / 2] = Float.NaN;
            assertTrue(Float.isNaN(ReduceKernels.reduce(ReduceKernels.Kind.MAX, a, 0, n)));
            assertTrue(Float.isNaN(ReduceKernels.reduce(ReduceKernels.Kind.SUM, a, 0, n)));
        }
    }
}
