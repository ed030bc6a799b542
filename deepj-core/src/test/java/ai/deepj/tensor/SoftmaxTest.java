package ai.deepj.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.autograd.GradCheck;
import org.junit.jupiter.api.Test;

class SoftmaxTest {
    private final Tensor x = Tensor.normal(Generator.seeded(7), DType.FLOAT64, 0, 2, 3, 5);

    @Test
    void softmaxRowsSumToOneAndMatchTheComposedFormula() {
        Tensor y = x.softmax(1);
        Tensor composed = x.exp().div(x.exp().sum(new int[] {1}, true));
        assertArrayEquals(composed.toDoubleArray(), y.toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {1, 1, 1}, y.sum(new int[] {1}, false).toDoubleArray(), 1e-15);
    }

    @Test
    void logSoftmaxIsStableForHugeLogits() {
        Tensor big = Tensor.of(new double[] {1000, 1001, 1002}, 3);
        double[] ls = big.logSoftmax(0).toDoubleArray();
        double z = Math.log(Math.exp(-2) + Math.exp(-1) + 1);
        assertArrayEquals(new double[] {-2 - z, -1 - z, -z}, ls, 1e-12);
        assertTrue(Double.isFinite(big.softmax(0).sum().item()));
    }

    @Test
    void gradientsPassTheGradientCheckAlongEachDimension() {
        for (int dim : new int[] {0, 1, -1}) {
            GradCheck.Result s = GradCheck.check(in -> in[0].softmax(dim), x);
            GradCheck.Result l = GradCheck.check(in -> in[0].logSoftmax(dim), x);
            assertTrue(s.passed(), "softmax dim " + dim + ": " + s);
            assertTrue(l.passed(), "logSoftmax dim " + dim + ": " + l);
        }
    }

    @Test
    void fusedBackwardEqualsComposedBackward() {
        Tensor g = Tensor.normal(Generator.seeded(9), DType.FLOAT64, 0, 1, 3, 5);
        Tensor a = x.clone().requiresGrad(true);
        a.logSoftmax(1).backward(g);
        Tensor b = x.clone().requiresGrad(true);
        b.sub(b.logsumexp(new int[] {1}, true)).backward(g);
        assertArrayEquals(b.grad().toDoubleArray(), a.grad().toDoubleArray(), 1e-14);
        assertEquals("log_softmax", x.clone().requiresGrad(true).logSoftmax(1).gradFnName());
    }
}
