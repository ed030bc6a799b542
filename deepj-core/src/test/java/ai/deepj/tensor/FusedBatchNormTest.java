package ai.deepj.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.autograd.GradCheck;
import org.junit.jupiter.api.Test;

/**
 * {@link FusedBatchNorm}: gradient checks of input, γ and β for every rank it takes, agreement
 * with the same computation composed of tensor ops (forward, statistics and all three gradients),
 * float32 against float64, and its errors.
 */
class FusedBatchNormTest {
    private static final int[][] SHAPES = {{6, 3}, {4, 3, 5}, {3, 3, 4, 2}, {2, 3, 2, 3, 2}};

    private static Tensor randn(long seed, int... shape) {
        return Tensor.normal(Generator.seeded(seed), DType.FLOAT64, 0, 1, shape);
    }

    /** The composed reference: mean, biased variance, normalize, scale and shift, all differentiable ops. */
    private static Tensor composed(Tensor x, Tensor weight, Tensor bias, double eps) {
        int[] axes = new int[x.dim() - 1];
        for (int i = 1; i < axes.length; i++) axes[i] = i + 1;
        int[] perChannel = new int[x.dim() - 1];
        java.util.Arrays.fill(perChannel, 1);
        perChannel[0] = x.size(1);
        Tensor mean = x.mean(axes, true);
        Tensor var = x.sub(mean).square().mean(axes, true);
        return x.sub(mean).div(var.add(eps).sqrt()).mul(weight.reshape(perChannel)).add(bias.reshape(perChannel));
    }

    @Test
    void passesGradCheckForInputWeightAndBiasAtEveryRank() {
        for (int[] shape : SHAPES) {
            Tensor x = randn(1, shape).mul(2).add(0.5), w = randn(2, 3).add(1), b = randn(3, 3);
            GradCheck.Result r = GradCheck.check(in -> FusedBatchNorm.train(in[0], in[1], in[2], 1e-5).output(), x, w, b);
            assertTrue(r.passed(), () -> java.util.Arrays.toString(shape) + ": " + r);
        }
    }

    @Test
    void matchesTheComposedVersionInValueStatisticsAndGradients() {
        for (int[] shape : SHAPES) {
            Tensor x1 = randn(4, shape).mul(3).sub(1).requiresGrad(true), x2 = x1.detach().requiresGrad(true);
            Tensor w1 = randn(5, 3).requiresGrad(true), w2 = w1.detach().requiresGrad(true);
            Tensor b1 = randn(6, 3).requiresGrad(true), b2 = b1.detach().requiresGrad(true);
            FusedBatchNorm.Result r = FusedBatchNorm.train(x1, w1, b1, 1e-3);
            Tensor ref = composed(x2, w2, b2, 1e-3);
            assertArrayEquals(ref.toDoubleArray(), r.output().toDoubleArray(), 1e-13);
            int[] axes = new int[shape.length - 1];
            for (int i = 1; i < axes.length; i++) axes[i] = i + 1;
            assertArrayEquals(x2.detach().mean(axes, false).toDoubleArray(), r.mean().toDoubleArray(), 1e-14);
            assertArrayEquals(x2.detach().var(axes, false, 0).toDoubleArray(), r.variance().toDoubleArray(), 1e-13);
            assertTrue(!r.mean().requiresGrad() && !r.variance().requiresGrad());
            Tensor up = randn(7, shape);
            r.output().backward(up);
            ref.backward(up);
            assertArrayEquals(x2.grad().toDoubleArray(), x1.grad().toDoubleArray(), 1e-12);
            assertArrayEquals(w2.grad().toDoubleArray(), w1.grad().toDoubleArray(), 1e-12);
            assertArrayEquals(b2.grad().toDoubleArray(), b1.grad().toDoubleArray(), 1e-12);
        }
    }

    @Test
    void float32AgreesWithFloat64AndAnInputWithoutGradGetsNone() {
        Tensor x64 = randn(8, 8, 4, 6, 6);
        Tensor w = Tensor.ones(DType.FLOAT32, 4).requiresGrad(true), b = Tensor.zeros(DType.FLOAT32, 4).requiresGrad(true);
        Tensor x32 = x64.to(DType.FLOAT32);
        Tensor y32 = FusedBatchNorm.train(x32, w, b, 1e-5).output();
        Tensor y64 = FusedBatchNorm.train(x64, w.detach().to(DType.FLOAT64), b.detach().to(DType.FLOAT64), 1e-5).output();
        assertEquals(DType.FLOAT32, y32.dtype());
        assertArrayEquals(y64.toDoubleArray(), y32.toDoubleArray(), 2e-6);
        y32.sum().backward();
        assertArrayEquals(new float[] {288, 288, 288, 288}, b.grad().toFloatArray(), 0f); // 8·6·6 values per channel
        assertNull(x32.grad());
    }

    /**
     * The float32 passes run in vectors (ai.deepj.kernel.BatchNormKernels) but compute in double like the float64
     * scalar loops: given the same (float) values, output and every gradient agree to within a float32 rounding
     * (one unit in the last place), for planes that fill whole vectors and planes that leave tails.
     */
    @Test
    void float32VectorPassesComputeInDoubleAsTheScalarLoops() {
        for (int[] shape : new int[][] {{4, 3, 5, 7}, {2, 5, 33, 33}, {3, 2, 16}, {6, 4}}) {
            Tensor x32 = Tensor.normal(Generator.seeded(shape.length * 7L + shape[1]), DType.FLOAT32, 0.3, 2, shape);
            Tensor x64 = x32.to(DType.FLOAT64).detach().requiresGrad(true);
            x32 = x32.detach().requiresGrad(true);
            int c = shape[1];
            Tensor w32 = Tensor.normal(Generator.seeded(3), DType.FLOAT32, 1, 0.5, c), b32 = Tensor.normal(Generator.seeded(4), DType.FLOAT32, 0, 1, c);
            Tensor w64 = w32.to(DType.FLOAT64).detach().requiresGrad(true), b64 = b32.to(DType.FLOAT64).detach().requiresGrad(true);
            w32 = w32.detach().requiresGrad(true);
            b32 = b32.detach().requiresGrad(true);
            Tensor y32 = FusedBatchNorm.train(x32, w32, b32, 1e-5).output(), y64 = FusedBatchNorm.train(x64, w64, b64, 1e-5).output();
            Tensor up = Tensor.normal(Generator.seeded(5), DType.FLOAT32, 0, 1, shape);
            y32.backward(up);
            y64.backward(up.to(DType.FLOAT64));
            assertWithinOneUlp("output " + java.util.Arrays.toString(shape), y64, y32);
            assertWithinOneUlp("input gradient " + java.util.Arrays.toString(shape), x64.grad(), x32.grad());
            assertWithinOneUlp("weight gradient " + java.util.Arrays.toString(shape), w64.grad(), w32.grad());
            assertWithinOneUlp("bias gradient " + java.util.Arrays.toString(shape), b64.grad(), b32.grad());
        }
    }

    /**
     * The statistics come from one pass of sums of {@code x − K} and {@code (x − K)²} ({@code K} the channel's first value):
     * a channel far from zero (mean 10⁴, spread 10⁻²: E[x²] − E[x]² in plain sums would lose all its digits) still gets
     * the two-pass mean and variance, and with them the composed output.
     */
    @Test
    void onePassStatisticsHoldForAChannelFarFromZero() {
        int[] shape = {16, 2, 9, 7};
        Tensor x = randn(21, shape).mul(0.01).add(1e4);
        Tensor w = Tensor.ones(DType.FLOAT64, 2), b = Tensor.zeros(DType.FLOAT64, 2);
        FusedBatchNorm.Result r = FusedBatchNorm.train(x, w, b, 0);
        int[] axes = {0, 2, 3};
        Tensor mean = x.mean(axes, false), var = x.sub(x.mean(axes, true)).square().mean(axes, false);
        double[] gotMean = r.mean().toDoubleArray(), gotVar = r.variance().toDoubleArray();
        for (int c = 0; c < 2; c++) {
            assertEquals(mean.toDoubleArray()[c], gotMean[c], 1e-12 * 1e4, "mean " + c);
            assertEquals(var.toDoubleArray()[c], gotVar[c], 1e-9 * var.toDoubleArray()[c], "variance " + c);
        }
        double[] want = composed(x, w, b, 0).toDoubleArray(), got = r.output().toDoubleArray();
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-6, "output " + i);
    }

    /** The batch is summed in a fixed number of pieces, added in order: the same bits at 1, 2 and 3 threads. */
    @Test
    void resultsAreTheSameBitsAtAnyThreadCount() {
        int saved = ai.deepj.kernel.Parallel.threads();
        try {
            double[][] first = null;
            for (int threads : new int[] {1, 2, 3}) {
                ai.deepj.kernel.Parallel.setThreads(threads);
                Tensor x = Tensor.normal(Generator.seeded(8), DType.FLOAT32, 0.5, 2, 24, 8, 40, 40).requiresGrad(true);
                Tensor w = Tensor.normal(Generator.seeded(9), DType.FLOAT32, 1, 0.2, 8).requiresGrad(true);
                Tensor b = Tensor.zeros(8).requiresGrad(true);
                FusedBatchNorm.Result r = FusedBatchNorm.train(x, w, b, 1e-5);
                r.output().backward(Tensor.normal(Generator.seeded(10), DType.FLOAT32, 0, 1, 24, 8, 40, 40));
                double[][] all = {r.output().toDoubleArray(), r.mean().toDoubleArray(), r.variance().toDoubleArray(),
                    x.grad().toDoubleArray(), w.grad().toDoubleArray(), b.grad().toDoubleArray()};
                if (first == null) first = all;
                for (int i = 0; i < all.length; i++) assertArrayEquals(first[i], all[i], 0, "part " + i + " at " + threads + " threads");
            }
        } finally {
            ai.deepj.kernel.Parallel.setThreads(saved);
        }
    }

    private static void assertWithinOneUlp(String what, Tensor expected64, Tensor actual32) {
        double[] e = expected64.toDoubleArray();
        float[] a = actual32.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            float rounded = (float) e[i];
            if (Math.abs(a[i] - rounded) > Math.ulp(rounded)) {
                throw new AssertionError(what + ": element " + i + " is " + a[i] + ", float64 gives " + e[i] + " (" + rounded + " in float32)");
            }
        }
    }

    @Test
    void refusesBadInputsAndAnInputOverwrittenBeforeBackward() {
        Tensor w = Tensor.ones(3), b = Tensor.zeros(3);
        assertEquals("batchNorm: weight and bias must be [3] for input [4, 3, 2], got [2] and [3]",
                assertThrows(IllegalArgumentException.class, () -> FusedBatchNorm.train(Tensor.zeros(4, 3, 2), Tensor.ones(2), b, 1e-5))
                        .getMessage());
        assertEquals("batchNorm: expects a float [N, C, ...] input, got int32 [2, 3]",
                assertThrows(IllegalArgumentException.class, () -> FusedBatchNorm.train(Tensor.zeros(DType.INT32, 2, 3), w, b, 1e-5))
                        .getMessage());
        assertEquals("batchNorm: input [0, 3] has no values per channel to normalize",
                assertThrows(IllegalArgumentException.class, () -> FusedBatchNorm.train(Tensor.zeros(0, 3), w, b, 1e-5)).getMessage());
        assertEquals("batchNorm: eps must be >= 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> FusedBatchNorm.train(Tensor.zeros(2, 3), w, b, -1)).getMessage());
        Tensor x = randn(9, 4, 3).requiresGrad(true);
        Tensor h = x.mul(1);
        Tensor y = FusedBatchNorm.train(h, w, b, 1e-5).output();
        try (var s = Autograd.noGrad()) {
            h.fillInPlace(0);
        }
        var e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("'batch_norm'"), e.getMessage());
    }
}
