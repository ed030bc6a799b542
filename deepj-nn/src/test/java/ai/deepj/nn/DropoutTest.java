package ai.deepj.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Inverted dropout, tested statistically (its masks cannot match PyTorch's random numbers): the
 * kept fraction, the exact 1/keepProb scaling, a fresh mask per step, and a gradient equal to
 * mask/keepProb. Evaluation mode's identity is also checked against PyTorch in the fixtures.
 */
class DropoutTest {
    private static Tensor positive(int n) {
        return Tensor.uniform(Generator.seeded(1), DType.FLOAT64, 0.5, 2, n); // no zeros: a zero output means dropped
    }

    @Test
    void keepsAboutKeepProbOfTheElementsScaledByExactlyOneOverKeepProb() {
        int n = 100_000;
        Tensor x = positive(n);
        for (double keep : new double[] {0.8, 0.5, 0.1}) {
            Tensor y = Dropout.ofKeepProb(keep, Generator.seeded(7)).forward(x);
            double[] xv = x.toDoubleArray(), yv = y.toDoubleArray();
            int kept = 0;
            for (int i = 0; i < n; i++) {
                if (yv[i] != 0) {
                    kept++;
                    assertEquals(xv[i] / keep, yv[i], 0.0, "kept value " + i);
                }
            }
            // Binomial standard deviation √(n·k·(1−k)) ≤ 158; 5σ bounds a false failure below 1e-6.
            double sd = Math.sqrt(n * keep * (1 - keep));
            assertEquals(n * keep, kept, 5 * sd, "kept count for keepProb " + keep);
            // Expected activation unchanged: mean(y) ≈ mean(x).
            assertEquals(x.mean().item(), y.mean().item(), 0.02 * x.mean().item() / Math.sqrt(keep));
        }
    }

    @Test
    void freshMaskEveryStepAndTheSameMaskInBackward() {
        Dropout d = Dropout.ofKeepProb(0.6, Generator.seeded(3));
        Tensor x = positive(2000).reshape(40, 50).requiresGrad(true);
        Tensor y1 = d.forward(x);
        Tensor y2 = d.forward(x);
        assertFalse(Arrays.equals(y1.ne(0).toDoubleArray(), y2.ne(0).toDoubleArray()), "the mask must change between steps");
        y1.backward(Tensor.ones(DType.FLOAT64, 40, 50));
        double[] expected = y1.ne(0).div(0.6).toDoubleArray();
        assertArrayEquals(expected, x.grad().toDoubleArray(), 0.0);
        // Gradient of a non-uniform upstream: g·mask/keepProb.
        x.setGrad(null);
        Tensor g = Tensor.randn(Generator.seeded(4), 40, 50).to(DType.FLOAT64);
        y2.backward(g);
        assertArrayEquals(g.mul(y2.ne(0)).div(0.6).toDoubleArray(), x.grad().toDoubleArray(), 0.0);
    }

    @Test
    void sameSeedSameMasks() {
        Tensor x = positive(500);
        assertArrayEquals(Dropout.ofKeepProb(0.5, Generator.seeded(9)).forward(x).toDoubleArray(),
                Dropout.ofKeepProb(0.5, Generator.seeded(9)).forward(x).toDoubleArray(), 0.0);
    }

    @Test
    void evaluationModeAndKeepProbOneAreTheIdentity() {
        Tensor x = positive(100);
        Dropout d = Dropout.ofKeepProb(0.3, Generator.seeded(1));
        d.eval();
        assertSame(x, d.forward(x));
        assertSame(x, Dropout.ofKeepProb(1.0).forward(x));
    }

    @Test
    void dropRateIsTheOtherConventionAndBothAreValidated() {
        assertEquals(0.8, Dropout.withDropRate(0.2).keepProb(), 1e-15);
        assertEquals(0.2, Dropout.ofKeepProb(0.8).dropRate(), 1e-15);
        for (double bad : new double[] {0, -0.1, 1.5, Double.NaN}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Dropout.ofKeepProb(bad));
            assertTrue(e.getMessage().contains("keepProb"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Dropout.withDropRate(1.0));
        assertThrows(IllegalArgumentException.class, () -> Dropout.withDropRate(-0.5));
    }

    @Test
    void float32InputsGiveFloat32Outputs() {
        Tensor x = Tensor.ones(10, 10);
        Tensor y = Dropout.ofKeepProb(0.5, Generator.seeded(2)).forward(x);
        assertEquals(DType.FLOAT32, y.dtype());
        for (float v : y.toFloatArray()) assertTrue(v == 0f || v == 2f, "value " + v);
    }

    @Test
    void restoringTheGeneratorsStateRepeatsTheMasks() {
        Generator g = Generator.seeded(5);
        Dropout d = Dropout.ofKeepProb(0.5, g);
        assertSame(g, d.generator());
        Tensor x = Tensor.ones(50);
        long saved = d.generator().state();
        float[] first = d.forward(x).toFloatArray();
        assertFalse(Arrays.equals(first, d.forward(x).toFloatArray()), "a fresh mask per call");
        d.generator().setState(saved);
        assertArrayEquals(first, d.forward(x).toFloatArray());
    }
}
