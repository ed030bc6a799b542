package ai.deepj.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The float32 vector kernels of 2-D max pooling ({@code ai.deepj.kernel.PoolKernels}: gathering
 * over whole planes when every window is inside, or over the interior columns of a row when the
 * pooling pads) against the scalar loops, which float64 always takes: the same maxima and the same
 * arg-max, hence the same gradient, over many geometries (output planes smaller than, equal to and
 * larger than one vector; rows with and without a vector's worth of interior columns; padding;
 * ceil mode), on inputs full of ties, with NaNs and −∞.
 */
class MaxPoolVectorTest {
    /** Small integers (many ties per window), some NaN and −∞, exactly representable in float32. */
    private static double[] values(int n, long seed, boolean specials) {
        Generator g = Generator.seeded(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double u = g.nextDouble();
            v[i] = specials && u < 0.02 ? Double.NaN : specials && u < 0.05 ? Double.NEGATIVE_INFINITY : g.nextInt(4);
        }
        return v;
    }

    @Test
    void vectorKernelsGiveTheScalarLoopsMaximaAndArgMax() {
        int cases = 0;
        for (int[] hw : new int[][] {{4, 4}, {8, 8}, {9, 7}, {12, 12}, {24, 24}, {28, 28}, {5, 40}, {33, 35}, {56, 56}}) {
            for (int k = 1; k <= 3; k++) {
                for (int s = 1; s <= 3; s++) {
                    for (int p = 0; p <= k / 2; p++) {
                        for (boolean ceil : new boolean[] {false, true}) {
                            if (hw[0] + 2 * p < k || hw[1] + 2 * p < k) continue;
                            check(hw[0], hw[1], new int[] {k, k}, new int[] {s, s}, new int[] {p, p}, ceil, cases++);
                        }
                    }
                }
            }
            check(hw[0], hw[1], new int[] {2, 3}, new int[] {2, 1}, new int[] {1, 0}, false, cases++); // unequal sides
        }
        assertTrue(cases > 250, "cases: " + cases);
    }

    @Test
    void oneDimensionalPoolingTakesTheSamePaths() {
        for (int len : new int[] {7, 16, 40, 100}) {
            for (int k = 1; k <= 4; k++) {
                double[] v = values(3 * len, len * 10L + k, true);
                Tensor x64 = Tensor.of(v, 1, 3, len).requiresGrad(true);
                Tensor x32 = Tensor.of(v, 1, 3, len).to(DType.FLOAT32).detach().requiresGrad(true);
                int[] kernel = {k}, stride = {Math.max(1, k - 1)}, pad = {k / 2};
                Tensor y64 = x64.maxPool(kernel, stride, pad, null, false), y32 = x32.maxPool(kernel, stride, pad, null, false);
                assertArrayEquals(y64.toDoubleArray(), y32.toDoubleArray(), 0, "len " + len + ", k " + k);
                y64.sum().backward();
                y32.sum().backward();
                assertArrayEquals(x64.grad().toDoubleArray(), x32.grad().toDoubleArray(), 0, "gradient, len " + len + ", k " + k);
            }
        }
    }

    private static void check(int h, int w, int[] kernel, int[] stride, int[] pad, boolean ceil, long seed) {
        String what = "input " + h + "x" + w + ", kernel " + Arrays.toString(kernel) + ", stride " + Arrays.toString(stride) + ", padding "
                + Arrays.toString(pad) + (ceil ? ", ceil" : "");
        double[] v = values(2 * 3 * h * w, seed, seed % 2 == 0);
        Tensor x64 = Tensor.of(v, 2, 3, h, w).requiresGrad(true);
        Tensor x32 = Tensor.of(v, 2, 3, h, w).to(DType.FLOAT32).detach().requiresGrad(true);
        Tensor y64 = x64.maxPool(kernel, stride, pad, null, ceil), y32 = x32.maxPool(kernel, stride, pad, null, ceil);
        assertArrayEquals(y64.toDoubleArray(), y32.toDoubleArray(), 0, what);
        // The gradient of output o lands on its arg-max: equal gradients mean equal arg-max indices.
        Tensor up = Tensor.of(values((int) y64.numel(), seed + 1, false), y64.shape().toArray());
        y64.backward(up.add(1));
        y32.backward(up.add(1).to(DType.FLOAT32));
        assertArrayEquals(x64.grad().toDoubleArray(), x32.grad().toDoubleArray(), 0, what + ": gradient");
    }
}
