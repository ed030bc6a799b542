package ai.deepj.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** Vector loops agree with themselves and with scalar code whatever the length, offset and stride. */
class ElementwiseKernelsTest {
    private static final int LANES = FloatVector.SPECIES_PREFERRED.length();

    private static float[] randomFloats(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextGaussian() * 4);
        return a;
    }

    @Test
    void unaryResultOfAnElementDoesNotDependOnLengthOffsetOrStride() {
        float[] a = randomFloats(5 * LANES, 1);
        for (UnaryOp op : UnaryOp.values()) {
            float[] whole = new float[a.length];
            ElementwiseKernels.unary(op, a, 0, 1, whole, 0, a.length);
            for (int n = 0; n <= 2 * LANES + 1; n++) {
                float[] out = new float[n + 2];
                out[n + 1] = 7; // must survive: nothing is written past the run
                ElementwiseKernels.unary(op, a, 3, 1, out, 1, n);
                for (int i = 0; i < n; i++) assertEquals(whole[3 + i], out[1 + i], op + " n=" + n + " i=" + i);
                assertEquals(7f, out[n + 1], op + " wrote past the end");
            }
            // Stride 3 reads a[0], a[3], ...
            int n = a.length / 3;
            float[] out = new float[n];
            ElementwiseKernels.unary(op, a, 0, 3, out, 0, n);
            for (int i = 0; i < n; i++) assertEquals(whole[3 * i], out[i], op + " strided i=" + i);
        }
    }

    @Test
    void float64UnaryTailsMatchTheMainLoop() {
        double[] a = new double[5 * LANES];
        for (int i = 0; i < a.length; i++) a[i] = (i - 2.5 * LANES) * 0.37;
        for (UnaryOp op : UnaryOp.values()) {
            double[] whole = new double[a.length];
            ElementwiseKernels.unary(op, a, 0, 1, whole, 0, a.length);
            for (int n = 0; n <= LANES + 1; n++) {
                double[] out = new double[n];
                ElementwiseKernels.unary(op, a, 1, 1, out, 0, n);
                for (int i = 0; i < n; i++) assertEquals(whole[1 + i], out[i], op + " n=" + n);
            }
        }
    }

    @Test
    void binaryVectorPathsMatchScalarForEveryOpAndStridePattern() {
        float[] a = randomFloats(4 * LANES + 3, 2), b = randomFloats(4 * LANES + 3, 3);
        b[5] = a[5]; // some equal pairs for the comparisons
        b[0] = a[0];
        int[][] strides = {{1, 1}, {1, 0}, {0, 1}, {2, 1}, {1, 2}};
        for (BinaryOp op : BinaryOp.values()) {
            for (int[] s : strides) {
                for (int n : new int[] {0, 1, LANES - 1, LANES, 2 * LANES + 1}) {
                    float[] out = new float[n];
                    ElementwiseKernels.binary(op, a, 1, s[0], b, 0, s[1], out, 0, n);
                    for (int i = 0; i < n; i++) {
                        float want = ElementwiseKernels.apply(op, a[1 + i * s[0]], b[i * s[1]]);
                        assertEquals(want, out[i], op + " strides " + s[0] + "," + s[1] + " n=" + n + " i=" + i);
                    }
                }
            }
        }
    }

    @Test
    void broadcastBiasAddAndScalarOpsThroughTheTensorApi() {
        int rows = 5, cols = 2 * LANES + 3;
        float[] x = randomFloats(rows * cols, 4), bias = randomFloats(cols, 5);
        float[] got = Tensor.of(x, rows, cols).add(Tensor.of(bias, cols)).toFloatArray();
        float[] scaled = Tensor.of(x, rows, cols).mul(0.5).toFloatArray();
        float[] transposed = Tensor.of(x, rows, cols).t().add(Tensor.of(bias, cols, 1)).toFloatArray();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                assertEquals(x[r * cols + c] + bias[c], got[r * cols + c]);
                assertEquals(x[r * cols + c] * 0.5f, scaled[r * cols + c]);
                assertEquals(x[r * cols + c] + bias[c], transposed[c * rows + r]);
            }
        }
    }

    @Test
    void whereBroadcastsAndKeepsNaNOfTheUnselectedBranchOut() {
        Tensor cond = Tensor.of(new float[] {1, 0, 2}, 3, 1);
        Tensor a = Tensor.of(new double[] {Double.NaN, 1, 2, Double.POSITIVE_INFINITY}, 1, 4).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {-1, -2, Double.NaN, -4}, 4).requiresGrad(true);
        Tensor out = Tensor.where(cond, a, b);
        assertEquals(DType.FLOAT64, out.dtype());
        assertArrayEquals(new double[] {Double.NaN, 1, 2, Double.POSITIVE_INFINITY, -1, -2, Double.NaN, -4,
            Double.NaN, 1, 2, Double.POSITIVE_INFINITY}, out.toDoubleArray(), 0);
        out.sum().backward();
        assertArrayEquals(new double[] {2, 2, 2, 2}, a.grad().toDoubleArray(), 0); // two rows select a
        assertArrayEquals(new double[] {1, 1, 1, 1}, b.grad().toDoubleArray(), 0);

        // Long rows take the vector path; NaN on the unselected side must not leak there either.
        int n = 3 * LANES + 1;
        float[] c = new float[n], x = new float[n], y = new float[n], want = new float[n];
        for (int i = 0; i < n; i++) {
            c[i] = i % 3 == 0 ? 0 : -1;
            x[i] = c[i] != 0 ? i : Float.NaN;
            y[i] = c[i] != 0 ? Float.NaN : -i;
            want[i] = c[i] != 0 ? i : -i;
        }
        assertArrayEquals(want, Tensor.where(Tensor.of(c, n), Tensor.of(x, n), Tensor.of(y, n)).toFloatArray(), 0);
        float[] scalarElse = Tensor.where(Tensor.of(c, n), Tensor.of(x, n), Tensor.scalar(5, DType.FLOAT32)).toFloatArray();
        for (int i = 0; i < n; i++) assertEquals(c[i] != 0 ? i : 5f, scalarElse[i]);
    }
}
