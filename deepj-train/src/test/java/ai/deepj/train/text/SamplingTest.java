package ai.deepj.train.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link Sampling}: draws follow the softmax distribution (frequencies of 40 000 draws within 4.5
 * standard errors of p), the temperature reshapes it as {@code p ∝ exp(z/τ)}, τ → 0 is greedy, seeds
 * fix the draws, and bad input is refused.
 */
class SamplingTest {
    private static final Tensor LOGITS = Tensor.of(new double[] {1.0, 2.0, 0.5, -1.0, 2.0 - 1e-3}, 5);

    private static double[] softmax(double[] z, double tau) {
        double[] p = new double[z.length];
        double sum = 0;
        for (int i = 0; i < z.length; i++) sum += p[i] = Math.exp(z[i] / tau);
        for (int i = 0; i < z.length; i++) p[i] /= sum;
        return p;
    }

    private static void assertFrequencies(double[] p, double tau, long seed) {
        int n = 40_000;
        int[] counts = new int[p.length];
        Generator g = Generator.seeded(seed);
        for (int i = 0; i < n; i++) counts[Sampling.sample(LOGITS, tau, g)]++;
        for (int i = 0; i < p.length; i++) {
            double f = (double) counts[i] / n, se = Math.sqrt(p[i] * (1 - p[i]) / n);
            assertTrue(Math.abs(f - p[i]) <= 4.5 * se + 1e-12, "temperature " + tau + ", token " + i + ": frequency " + f + ", p " + p[i]);
        }
    }

    @Test
    void drawsFollowTheSoftmaxAtEveryTemperature() {
        double[] z = LOGITS.toDoubleArray();
        for (double tau : new double[] {1, 0.5, 2}) {
            assertArrayEquals(softmax(z, tau), Sampling.distribution(LOGITS, tau), 1e-15);
            assertFrequencies(softmax(z, tau), tau, 7);
        }
    }

    @Test
    void lowTemperaturesSharpenAndHighOnesFlatten() {
        double[] cold = Sampling.distribution(LOGITS, 0.5), model = Sampling.distribution(LOGITS, 1), hot = Sampling.distribution(LOGITS, 3);
        assertTrue(cold[1] > model[1] && model[1] > hot[1], "the likeliest token gains as τ falls");
        assertTrue(cold[3] < model[3] && model[3] < hot[3], "the least likely loses");
        double[] flat = Sampling.distribution(LOGITS, 1e9);
        for (double q : flat) assertEquals(0.2, q, 1e-8);
    }

    @Test
    void temperatureZeroIsGreedyAndTheLimitAgrees() {
        assertEquals(1, Sampling.greedy(LOGITS));
        assertArrayEquals(new double[] {0, 1, 0, 0, 0}, Sampling.distribution(LOGITS, 0), 0);
        Generator g = Generator.seeded(3);
        long before = g.state();
        assertEquals(1, Sampling.sample(LOGITS, 0, g));
        assertEquals(before, g.state(), "greedy takes no draw");
        // τ → 0: the mass concentrates on the arg max even against a runner-up only 1e-3 behind
        double[] p = Sampling.distribution(LOGITS, 1e-5);
        assertEquals(1, p[1], 1e-12);
        for (int i = 0; i < 1000; i++) assertEquals(1, Sampling.sample(LOGITS, 1e-5, g));
    }

    @Test
    void aSeedFixesTheDrawsAndRowsAreDrawnInOrder() {
        Tensor rows = Tensor.stack(0, LOGITS, LOGITS.neg(), LOGITS);
        int[] a = Sampling.sampleRows(rows, 1, Generator.seeded(11)), b = Sampling.sampleRows(rows, 1, Generator.seeded(11));
        assertArrayEquals(a, b);
        Generator g = Generator.seeded(11);
        assertArrayEquals(new int[] {Sampling.sample(LOGITS, 1, g), Sampling.sample(LOGITS.neg(), 1, g), Sampling.sample(LOGITS, 1, g)}, a);
    }

    @Test
    void choiceNeverPicksAZeroProbabilityAndRefusesBadInput() {
        Generator g = Generator.seeded(5);
        double[] p = {0, 0.3, 0, 0.7, 0};
        for (int i = 0; i < 2000; i++) {
            int c = Sampling.choice(p, g);
            assertTrue(c == 1 || c == 3, "chose " + c);
        }
        assertEquals("Sampling.choice: probability 1 is -0.1; probabilities must be finite and >= 0",
                assertThrows(IllegalArgumentException.class, () -> Sampling.choice(new double[] {0.5, -0.1}, g)).getMessage());
        assertEquals("Sampling.choice: the probabilities sum to 0.0, nothing to choose",
                assertThrows(IllegalArgumentException.class, () -> Sampling.choice(new double[] {0, 0}, g)).getMessage());
        assertEquals("Sampling: the temperature must be finite and >= 0 (0: greedy), got -1.0",
                assertThrows(IllegalArgumentException.class, () -> Sampling.sample(LOGITS, -1, g)).getMessage());
        assertEquals("Sampling.sample: expects the floating scores of one step, [V] or [1, V], got float32 [2, 3]",
                assertThrows(IllegalArgumentException.class, () -> Sampling.sample(Tensor.zeros(2, 3), 1, g)).getMessage());
        assertEquals("Sampling.greedy: score 1 is NaN",
                assertThrows(IllegalArgumentException.class, () -> Sampling.greedy(Tensor.of(new double[] {0, Double.NaN}, 2))).getMessage());
    }
}
