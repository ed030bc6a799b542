package ai.deepj.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.kernel.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OneHotLinear} (through {@link FusedRecurrent#inputGates}) against {@code x.linear(w, b)}: the same
 * output bits for one-hot rows, the weight's and bias's gradients within float32 rounding, the same bits at
 * 1 and 2 threads; and the product itself whenever a row is not one-hot, the input needs its gradient or
 * the weight is not finite.
 */
class OneHotLinearTest {
    private int savedThreads;

    @BeforeEach
    void saveThreads() {
        savedThreads = Parallel.threads();
    }

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    /** {@code [batch, time, vocab]} one-hot float32 from seeded labels. */
    private static Tensor oneHot(int batch, int time, int vocab) {
        Generator gen = Generator.seeded(3);
        int[] ids = new int[batch * time];
        for (int i = 0; i < ids.length; i++) ids[i] = gen.nextInt(vocab);
        return Tensor.oneHot(Tensor.of(ids, batch, time), vocab, DType.FLOAT32);
    }

    private static Tensor param(long seed, int... shape) {
        return Tensor.normal(Generator.seeded(seed), DType.FLOAT32, 0, 0.5, shape).requiresGrad(true);
    }

    /** Output, then the weight's and the bias's gradients for the upstream gradient {@code up}. */
    private static Tensor[] run(boolean gather, Tensor x, Tensor w, Tensor b, Tensor up) {
        Tensor wi = w.detach().requiresGrad(true), bi = b.detach().requiresGrad(true);
        Tensor y = gather ? FusedRecurrent.inputGates(x, wi, bi) : x.linear(wi, bi);
        y.mul(up).sum().backward();
        return new Tensor[] {y, wi.grad(), bi.grad()};
    }

    @Test
    void oneHotRowsGiveTheProductsValuesAndGradients() {
        Tensor x = oneHot(5, 7, 11), w = param(1, 36, 11), b = param(2, 36);
        Tensor up = Tensor.normal(Generator.seeded(4), DType.FLOAT32, 0, 1, 5, 7, 36);
        assertNotNull(OneHotLinear.apply(x, w, b), "one-hot rows take the gather");
        Tensor[] fast = run(true, x, w, b, up), ref = run(false, x, w, b, up);
        assertArrayEquals(ref[0].toFloatArray(), fast[0].toFloatArray(), "forward: the same bits as the product");
        assertEquals(ref[0].shape(), fast[0].shape());
        for (int i = 1; i < 3; i++) {
            float[] e = ref[i].toFloatArray(), a = fast[i].toFloatArray();
            assertEquals(e.length, a.length);
            for (int j = 0; j < e.length; j++) {
                assertEquals(e[j], a[j], 1e-6 + 1e-5 * Math.abs(e[j]), (i == 1 ? "weight" : "bias") + " gradient at " + j);
            }
        }
    }

    @Test
    void sameBitsAtOneAndTwoThreads() {
        Tensor x = oneHot(32, 64, 64), w = param(5, 1024, 64), b = param(6, 1024);
        Tensor up = Tensor.normal(Generator.seeded(7), DType.FLOAT32, 0, 1, 32, 64, 1024);
        Parallel.setThreads(1);
        Tensor[] one = run(true, x, w, b, up);
        Parallel.setThreads(2);
        Tensor[] two = run(true, x, w, b, up);
        for (int i = 0; i < 3; i++) assertArrayEquals(one[i].toFloatArray(), two[i].toFloatArray(), "result " + i);
    }

    @Test
    void otherInputsRunTheProduct() {
        Tensor w = param(8, 6, 4), b = param(9, 6);
        Tensor twoOnes = Tensor.of(new float[] {1, 0, 1, 0, 0, 1, 0, 0}, 2, 4);
        Tensor scaled = Tensor.of(new float[] {2, 0, 0, 0, 0, 1, 0, 0}, 2, 4);
        Tensor empty = Tensor.of(new float[] {0, 0, 0, 0, 0, 1, 0, 0}, 2, 4);
        Tensor oneHot = Tensor.of(new float[] {0, 0, 0, 1, 0, 1, 0, 0}, 2, 4);
        for (Tensor x : new Tensor[] {twoOnes, scaled, empty}) assertNull(OneHotLinear.apply(x, w, b), x.toString());
        assertNotNull(OneHotLinear.apply(oneHot, w, b));
        assertNull(OneHotLinear.apply(oneHot.detach().requiresGrad(true), w, b), "the input's gradient needs the product");
        assertNull(OneHotLinear.apply(oneHot.to(DType.FLOAT64), w.to(DType.FLOAT64), b.to(DType.FLOAT64)), "float64");
        Tensor inf = Tensor.concat(0, Tensor.of(new float[] {Float.POSITIVE_INFINITY, 0, 0, 0}, 1, 4), w.detach().narrow(0, 1, 5));
        assertNull(OneHotLinear.apply(oneHot, inf, b), "0·inf is NaN in every row of the product");
        for (Tensor x : new Tensor[] {twoOnes, scaled, empty}) {
            assertArrayEquals(x.linear(w, b).toFloatArray(), FusedRecurrent.inputGates(x, w, b).toFloatArray(), x.toString());
        }
    }

    @Test
    void noBiasGivesTheProduct() {
        Tensor x = oneHot(3, 4, 5), w = param(10, 8, 5);
        Tensor y = FusedRecurrent.inputGates(x, w, null);
        assertTrue(y.requiresGrad);
        assertArrayEquals(x.linear(w, null).toFloatArray(), y.toFloatArray());
    }
}
