package ai.deepj.nn.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.FusedLosses;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The fused loss kernels against the composed references kept beside them
 * ({@link CrossEntropy#sparseComposed}, {@link BinaryCrossEntropyWithLogits#composed}): values and
 * gradients for a random upstream gradient. float64: agreement to 1e-13 relative (+1e-14
 * absolute), only summation order differs. float32: 1e-5 relative (+1e-6 absolute), float32's
 * precision, since the fused kernel accumulates in double and the composed ops in float32.
 */
class FusedLossTest {
    private static void assertClose(String what, Tensor expected, Tensor actual, double rtol, double atol) {
        assertEquals(expected.shape(), actual.shape(), what);
        assertEquals(expected.dtype(), actual.dtype(), what);
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            assertTrue(Math.abs(e[i] - a[i]) <= atol + rtol * Math.abs(e[i]), what + " at " + i + ": " + e[i] + " vs " + a[i]);
        }
    }

    @Test
    void fusedSparseCrossEntropyMatchesComposedLogSoftmaxGather() {
        Generator g = Generator.seeded(21);
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            double rtol = dt == DType.FLOAT64 ? 1e-13 : 1e-5, atol = dt == DType.FLOAT64 ? 1e-14 : 1e-6;
            int n = 33, c = 7;
            int[] lab = new int[n];
            for (int i = 0; i < n; i++) lab[i] = g.nextInt(c);
            Tensor labels = Tensor.of(lab, n);
            Tensor base = Tensor.normal(g, dt, 0, 4, n, c);
            base.set(60, 0, 0); // an extreme logit at the label and away from it
            base.set(-60, 1, lab[1]);
            Tensor upstream = Tensor.normal(g, dt, 0, 1, n);
            for (Tensor w : new Tensor[] {null, Tensor.uniform(g, dt, 0.2, 3, c)}) {
                for (double eps : new double[] {0, 0.2}) {
                    String what = dt + (w == null ? "" : " weighted") + " eps " + eps;
                    Tensor x1 = base.clone().requiresGrad(true), x2 = base.clone().requiresGrad(true);
                    Tensor fused = FusedLosses.softmaxCrossEntropy(x1, labels, w, eps);
                    Tensor composed = CrossEntropy.sparseComposed(x2, labels, w, eps);
                    assertClose(what + " value", composed, fused, rtol, atol);
                    fused.backward(upstream);
                    composed.backward(upstream);
                    assertClose(what + " gradient", x2.grad(), x1.grad(), rtol, atol);
                }
            }
        }
    }

    @Test
    void meanSparseGradientIsSoftmaxMinusOneHotOverN() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 0, 0, 0}, 2, 3).requiresGrad(true);
        Tensor labels = Tensor.of(new int[] {2, 0}, 2);
        new CrossEntropy().compute(x, labels).backward();
        Tensor expected = x.detach().softmax(1).sub(Tensor.oneHot(labels, 3, DType.FLOAT64)).div(2);
        assertClose("dx", expected, x.grad(), 1e-15, 1e-16);
        assertEquals("softmax_cross_entropy", new CrossEntropy(CrossEntropy.Options.defaults().withReduction(Reduction.NONE))
                .compute(x, labels).gradFnName(), "the sparse path is one fused op");
    }

    @Test
    void fusedBinaryCrossEntropyWithLogitsMatchesComposedForLogitsAndTargets() {
        Generator g = Generator.seeded(22);
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            double rtol = dt == DType.FLOAT64 ? 1e-13 : 1e-5, atol = dt == DType.FLOAT64 ? 1e-14 : 1e-6;
            Tensor base = Tensor.normal(g, dt, 0, 5, 6, 4);
            base.set(0, 0, 0);
            base.set(50, 1, 1);
            base.set(-50, 2, 2);
            Tensor y = Tensor.uniform(g, dt, 0, 1, 6, 4);
            Tensor upstream = Tensor.normal(g, dt, 0, 1, 6, 4);
            for (Tensor pw : new Tensor[] {null, Tensor.uniform(g, dt, 0.5, 3, 4)}) {
                String what = dt + (pw == null ? "" : " pos_weight");
                Tensor x1 = base.clone().requiresGrad(true), x2 = base.clone().requiresGrad(true);
                Tensor y1 = y.clone().requiresGrad(true), y2 = y.clone().requiresGrad(true);
                Tensor fused = FusedLosses.binaryCrossEntropyWithLogits(x1, y1, pw);
                Tensor composed = BinaryCrossEntropyWithLogits.composed(x2, y2, pw);
                assertClose(what + " value", composed, fused, rtol, atol);
                fused.backward(upstream);
                composed.backward(upstream);
                assertClose(what + " logits gradient", x2.grad(), x1.grad(), rtol, atol);
                assertClose(what + " targets gradient", y2.grad(), y1.grad(), rtol, atol);
            }
        }
    }

    @Test
    void float32LossesStayFloat32AndFinite() {
        Tensor logits = Tensor.of(new float[] {100, -100, 0, -100, 100, 0}, 2, 3).requiresGrad(true);
        Tensor loss = new CrossEntropy().compute(logits, Tensor.of(new int[] {1, 1}, 2));
        assertEquals(DType.FLOAT32, loss.dtype());
        assertEquals(100, loss.item(), 1e-4); // example 0: logsumexp(100, −100, 0) − (−100) = 200; example 1: ≈ 0
        loss.backward();
        for (float v : logits.grad().toFloatArray()) assertTrue(Float.isFinite(v));
        Tensor p = Tensor.of(new float[] {0, 1, 0.5f}, 3).requiresGrad(true);
        Tensor bce = new BinaryCrossEntropy().compute(p, Tensor.of(new float[] {1, 0, 1}, 3));
        assertEquals((100 + 100 + Math.log(2)) / 3, bce.item(), 1e-5); // log 0 is clamped to −100, as in PyTorch
        bce.backward();
        // Where the log is clamped the gradient is 0 (not NaN); at p = 0.5, y = 1 it is −1/(3·0.5).
        assertArrayEquals(new float[] {0, 0, -2f / 3}, p.grad().toFloatArray(), 1e-6f);
    }
}
