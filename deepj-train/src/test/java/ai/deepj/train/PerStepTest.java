package ai.deepj.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.deepj.nn.loss.CrossEntropy;
import ai.deepj.nn.loss.Loss;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import ai.deepj.train.metrics.Metric;
import ai.deepj.train.metrics.Metrics;
import org.junit.jupiter.api.Test;

/** {@link PerStep}: every step scored as a row, steps labelled {@link PerStep#IGNORE} left out of the value and the gradient. */
class PerStepTest {
    @Test
    void theLossIsTheMeanOverTheRealStepsAndIgnoredStepsGetNoGradient() {
        Tensor logits = Tensor.normal(Generator.seeded(1), DType.FLOAT64, 0, 1, 2, 3, 4).requiresGrad(true);
        Tensor labels = Tensor.of(new int[] {1, 3, PerStep.IGNORE, 0, PerStep.IGNORE, 2}, 2, 3);
        Tensor loss = PerStep.loss(new CrossEntropy()).compute(logits, labels);

        // by hand: the four real steps as rows
        Tensor rows = Tensor.stack(0, logits.select(0, 0).select(0, 0), logits.select(0, 0).select(0, 1), logits.select(0, 1).select(0, 0),
                logits.select(0, 1).select(0, 2));
        double expected = new CrossEntropy().compute(rows, Tensor.of(new int[] {1, 3, 0, 2}, 4)).item();
        assertEquals(expected, loss.item(), 1e-12);

        loss.backward();
        double[] g = logits.grad().toDoubleArray();
        for (int step : new int[] {2, 4}) assertArrayEquals(new double[4], java.util.Arrays.copyOfRange(g, step * 4, step * 4 + 4), 0);
    }

    @Test
    void metricsCountTheRealSteps() {
        Tensor logits = Tensor.of(new double[] {5, 0, 0, 5, 5, 0, 0, 5}, 2, 2, 2);   // guesses 0, 1 / 0, 1
        Tensor labels = Tensor.of(new int[] {0, 0, PerStep.IGNORE, 1}, 2, 2);
        Metric accuracy = PerStep.metric(Metrics.accuracy());
        assertEquals("accuracy", accuracy.name());
        Metric.Accumulator a = accuracy.newAccumulator();
        a.add(logits, labels);
        assertEquals(2.0 / 3, a.value(), 1e-12);
    }

    @Test
    void shapesThatDoNotFitAreNamed() {
        Loss loss = PerStep.loss(new CrossEntropy());
        assertEquals("PerStep.loss: labels must be int32 [batch, time], got int32 [6]",
                assertThrows(IllegalArgumentException.class, () -> loss.compute(Tensor.zeros(2, 3, 4), Tensor.of(new int[6], 6))).getMessage());
        assertEquals("PerStep.loss: predictions must be [batch, time, ...] = [2, 3, ...] for labels [2, 3], got [3, 2, 4]",
                assertThrows(IllegalArgumentException.class, () -> loss.compute(Tensor.zeros(3, 2, 4), Tensor.of(new int[6], 2, 3))).getMessage());
        assertEquals("PerStep.loss: every step of the [1, 2] labels is IGNORE: nothing to score",
                assertThrows(IllegalArgumentException.class, () -> loss.compute(Tensor.zeros(1, 2, 4), Tensor.of(new int[] {-1, -1}, 1, 2)))
                        .getMessage());
    }
}
