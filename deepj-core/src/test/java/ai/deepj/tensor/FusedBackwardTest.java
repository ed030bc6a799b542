package ai.deepj.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.autograd.GradCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fused backward passes of the training hot path against their composed references: ReLU's
 * one-pass backward against {@code g.mul(x.gt(0))} (same bits, tolerance 0), and matmul's gradients
 * of transposed operands (computed as the transpose of a product, so that {@code Linear}'s weight
 * gradient is contiguous) against the plain formulas (same bits) and finite differences (float64,
 * relative difference ≤ 1e-7, {@link GradCheck}'s default).
 */
class FusedBackwardTest {
    @Test
    void reluBackwardMatchesTheComposedFormBitForBit() {
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            Generator gen = Generator.seeded(3);
            // Sizes around the vector length and one large enough to be split over threads; zeros in x and g.
            for (int n : new int[] {1, 7, 16, 33, 300_001}) {
                Tensor x = Tensor.normal(gen, dtype, 0, 1, n).mul(Tensor.uniform(gen, dtype, 0, 1, n).gt(0.1));
                Tensor g = Tensor.normal(gen, dtype, 0, 1, n).mul(Tensor.uniform(gen, dtype, 0, 1, n).gt(0.1));
                if (n > 1) {
                    g.set(Double.POSITIVE_INFINITY, 0);
                    x.set(-1, 0);
                }
                Tensor fused = Elementwise.reluBackward(g, x);
                Tensor composed = g.mul(x.gt(0));
                assertArrayEquals(composed.toDoubleArray(), fused.toDoubleArray(), 0, dtype + " n=" + n);
                double[] f = fused.toDoubleArray(), c = composed.toDoubleArray();
                for (int i = 0; i < n; i++) {
                    assertTrue(Double.doubleToRawLongBits(f[i]) == Double.doubleToRawLongBits(c[i]) || Double.isNaN(f[i]) && Double.isNaN(c[i]),
                            "sign of zero or NaN differs at " + i);
                }
            }
        }
    }

    @Test
    void fillOfAContiguousViewWritesOnlyItsOwnElements() {
        Tensor t = Tensor.ones(DType.FLOAT32, 3, 4);
        t.select(0, 1).fillInPlace(2.5); // contiguous, at offset 4
        assertArrayEquals(new float[] {1, 1, 1, 1, 2.5f, 2.5f, 2.5f, 2.5f, 1, 1, 1, 1}, t.toFloatArray(), 0f);
        Tensor i = Tensor.zeros(DType.INT32, 5);
        i.fillInPlace(-3);
        assertArrayEquals(new float[] {-3, -3, -3, -3, -3}, i.toFloatArray(), 0f);
    }

    @Test
    void reluGradientStillPassesTheGradientCheck() {
        Tensor x = Tensor.normal(Generator.seeded(4), DType.FLOAT64, 0, 1, 5, 6);
        GradCheck.Result r = GradCheck.check(in -> in[0].relu().square().sum(), x);
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void weightGradientOfXTimesWTransposedIsContiguousAndExact() {
        Generator gen = Generator.seeded(5);
        Tensor x = Tensor.normal(gen, DType.FLOAT32, 0, 1, 9, 13);
        Tensor w = Tensor.normal(gen, DType.FLOAT32, 0, 1, 20, 13).requiresGrad(true);
        Tensor g = Tensor.normal(gen, DType.FLOAT32, 0, 1, 9, 20);
        x.matmul(w.t()).backward(g);
        assertTrue(w.grad().isContiguous(), "W's gradient should be contiguous, strides " + java.util.Arrays.toString(w.grad().strides()));
        // dW = Gᵀ·X: the same products in the same order as the plain formula (Xᵀ·G)ᵀ.
        assertArrayEquals(x.t().matmul(g).t().toFloatArray(), w.grad().toFloatArray(), 0f);
        assertArrayEquals(g.t().matmul(x).toFloatArray(), w.grad().toFloatArray(), 0f);
    }

    @Test
    void gradientsOfTransposedOperandsPassTheGradientCheck() {
        Generator gen = Generator.seeded(6);
        Tensor a = Tensor.normal(gen, DType.FLOAT64, 0, 1, 4, 3), b = Tensor.normal(gen, DType.FLOAT64, 0, 1, 5, 4);
        GradCheck.Result ab = GradCheck.check(in -> in[0].t().matmul(in[1].t()).tanh().sum(), a, b); // both transposed views
        assertTrue(ab.passed(), ab.toString());
        Tensor c = Tensor.normal(gen, DType.FLOAT64, 0, 1, 2, 4, 3), d = Tensor.normal(gen, DType.FLOAT64, 0, 1, 5, 4);
        GradCheck.Result batched = GradCheck.check(in -> in[0].transpose(-1, -2).matmul(in[1].t()).tanh().sum(), c, d);
        assertTrue(batched.passed(), batched.toString());
    }
}
