package ai.deepj.train.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** {@link Metrics#perplexity()} on distributions whose perplexity is known in closed form. */
class PerplexityTest {
    /** Rows of log-probabilities {@code log p} for every example. */
    private static Tensor logits(double[] p, int rows) {
        double[] z = new double[rows * p.length];
        for (int r = 0; r < rows; r++) for (int j = 0; j < p.length; j++) z[r * p.length + j] = Math.log(p[j]);
        return Tensor.of(z, rows, p.length);
    }

    @Test
    void aUniformGuessOverKClassesHasPerplexityK() {
        Metric.Accumulator a = Metrics.perplexity().newAccumulator();
        a.add(logits(new double[] {1, 1, 1, 1, 1, 1, 1}, 5), Tensor.of(new int[] {0, 3, 6, 2, 2}, 5));
        assertEquals(7, a.value(), 1e-12);
    }

    @Test
    void theModelsOwnDistributionGivesTwoToItsEntropyInBits() {
        // p = (1/2, 1/4, 1/8, 1/8); labels drawn exactly in those proportions: perplexity = 2^H(p) = 2^1.75.
        double[] p = {0.5, 0.25, 0.125, 0.125};
        Metric.Accumulator a = Metrics.perplexity().newAccumulator();
        // labels 0,1,3 | 0,0,0,1,2 (4 × 0, 2 × 1, 1 × 2, 1 × 3) in batches of different sizes: the mean is over predictions
        a.add(logits(p, 3), Tensor.of(new int[] {0, 1, 3}, 3));
        a.add(logits(p, 5), Tensor.of(new int[] {0, 0, 0, 1, 2}, 5));
        assertEquals(Math.pow(2, 1.75), a.value(), 1e-12);

        Metric.Accumulator again = Metrics.perplexity().newAccumulator();
        again.restore(a.state());
        assertEquals(a.value(), again.value(), 0);
        assertArrayEquals(a.state(), again.state(), 0);
    }

    @Test
    void aSureAndRightModelHasPerplexityOneAndNothingAddedIsNaN() {
        Metric.Accumulator a = Metrics.perplexity().newAccumulator();
        assertEquals(Double.NaN, a.value());
        a.add(Tensor.of(new double[] {0, -1000, -1000, 0}, 2, 2), Tensor.of(new int[] {0, 1}, 2));
        assertEquals(1, a.value(), 1e-12);
    }

    @Test
    void targetsMustBeLabels() {
        Metric.Accumulator a = Metrics.perplexity().newAccumulator();
        assertEquals("metric perplexity: targets must be int32 labels, got float32 [2, 2]", assertThrows(IllegalArgumentException.class,
                () -> a.add(Tensor.zeros(2, 2), Tensor.zeros(DType.FLOAT32, 2, 2))).getMessage());
    }
}
