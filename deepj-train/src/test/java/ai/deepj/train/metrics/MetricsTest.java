package ai.deepj.train.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.nn.loss.MeanSquaredError;
import ai.deepj.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Exact values on hand-made predictions, worked out as fractions. */
class MetricsTest {
    // Three classes. True:      0  0  1  1  2  2  2  0
    //                Predicted: 0  1  1  1  2  0  2  2
    // Confusion (rows true): [1 1 1], [0 2 0], [1 0 2]
    private static final int[] TRUE = {0, 0, 1, 1, 2, 2, 2, 0};
    private static final int[] PRED = {0, 1, 1, 1, 2, 0, 2, 2};

    /** Logits whose argmax is {@code PRED}, with unequal losing scores so that nothing ties. */
    private static Tensor logits() {
        float[] v = new float[PRED.length * 3];
        for (int i = 0; i < PRED.length; i++) {
            for (int c = 0; c < 3; c++) v[3 * i + c] = c == PRED[i] ? 2.5f : -0.5f * (c + 1) + 0.1f * i;
        }
        return Tensor.of(v, PRED.length, 3);
    }

    private static Tensor labels() {
        return Tensor.of(TRUE.clone(), TRUE.length);
    }

    @Test
    void multiClassConfusionMatrixAndEveryRatioExactly() {
        ConfusionMatrix cm = ConfusionMatrix.of(logits(), labels());
        assertArrayEquals(new int[][] {{1, 1, 1}, {0, 2, 0}, {1, 0, 2}}, cm.counts());
        assertEquals(8, cm.total());
        assertEquals(5.0 / 8, cm.accuracy(), 0);
        assertEquals(1.0 / 2, cm.precision(0), 0);
        assertEquals(2.0 / 3, cm.precision(1), 0);
        assertEquals(2.0 / 3, cm.precision(2), 0);
        assertEquals(1.0 / 3, cm.recall(0), 0);
        assertEquals(1.0, cm.recall(1), 0);
        assertEquals(2.0 / 3, cm.recall(2), 0);
        assertEquals(2.0 / 5, cm.f1(0), 0);   // 2·1/(2·1 + 1 + 2)
        assertEquals(4.0 / 5, cm.f1(1), 0);   // 2·2/(2·2 + 1 + 0)
        assertEquals(2.0 / 3, cm.f1(2), 0);   // 2·2/(2·2 + 1 + 1)
        assertEquals((1.0 / 2 + 2.0 / 3 + 2.0 / 3) / 3, cm.macroPrecision(), 0);   // 11/18
        assertEquals((1.0 / 3 + 1.0 + 2.0 / 3) / 3, cm.macroRecall(), 0);           // 2/3
        assertEquals((2.0 / 5 + 4.0 / 5 + 2.0 / 3) / 3, cm.macroF1(), 0);          // 28/45
        assertEquals(28.0 / 45, cm.macroF1(), 1e-15);
        assertEquals("""
                true\\pred   0   1   2
                0          1   1   1
                1          0   2   0
                2          1   0   2
                """, cm.toString());
    }

    @Test
    void oneHotTargetsProbabilitiesAndLabelsAllGiveTheSameMatrix() {
        Tensor oneHot = Tensor.oneHot(labels(), 3, ai.deepj.tensor.DType.FLOAT32);
        Tensor probabilities = logits().softmax(1);
        int[][] expected = ConfusionMatrix.ofLabels(TRUE, PRED, 3).counts();
        assertArrayEquals(expected, ConfusionMatrix.of(logits(), oneHot).counts());
        assertArrayEquals(expected, ConfusionMatrix.of(probabilities, labels()).counts());
    }

    @Test
    void binaryFromLogitsAndFromProbabilitiesDecideAlikeIncludingTheBoundary() {
        // z:      2.0 -1.0  0.0  0.3 -0.2  5.0     (z = 0 is p = 0.5: negative in both readings)
        // y:      1    0    1    0    1    1
        // pred:   1    0    0    1    0    1     -> TP 2, FP 1, FN 2, TN 1
        Tensor z = Tensor.of(new float[] {2f, -1f, 0f, 0.3f, -0.2f, 5f}, 6, 1);
        Tensor y = Tensor.of(new float[] {1, 0, 1, 0, 1, 1}, 6, 1);
        for (var cm : new ConfusionMatrix[] {ConfusionMatrix.of(z, y, BinaryOutput.LOGITS),
                ConfusionMatrix.of(z.sigmoid(), y, BinaryOutput.PROBABILITIES),
                ConfusionMatrix.of(z.reshape(6), Tensor.of(new int[] {1, 0, 1, 0, 1, 1}, 6), BinaryOutput.LOGITS)}) {
            assertArrayEquals(new int[][] {{1, 1}, {2, 2}}, cm.counts());
        }
        assertEquals(3.0 / 6, value(Metrics.accuracy(BinaryOutput.LOGITS), z, y), 0);
        assertEquals(2.0 / 3, value(Metrics.precision(BinaryOutput.LOGITS), z, y), 0);
        assertEquals(2.0 / 4, value(Metrics.recall(BinaryOutput.LOGITS), z, y), 0);
        assertEquals(4.0 / 7, value(Metrics.f1(BinaryOutput.LOGITS), z, y), 0);
        assertEquals(4.0 / 7, value(Metrics.f1(BinaryOutput.PROBABILITIES), z.sigmoid(), y), 0);
        // Read as probabilities, the logits 2.0, 0.3 and 5.0 exceed 0.5 but so does nothing else: the same here,
        // yet a logit of 0.4 would be positive as a logit and negative as a probability: the choice matters.
        Tensor z2 = Tensor.of(new float[] {0.4f}, 1, 1), one = Tensor.of(new float[] {1}, 1, 1);
        assertEquals(1.0, value(Metrics.accuracy(BinaryOutput.LOGITS), z2, one), 0);
        assertEquals(0.0, value(Metrics.accuracy(BinaryOutput.PROBABILITIES), z2, one), 0);
    }

    @Test
    void metricsMatchTheMatrixAndAccumulateOverBatches() {
        Tensor x = logits(), y = labels();
        assertEquals(5.0 / 8, value(Metrics.accuracy(), x, y), 0);
        assertEquals(11.0 / 18, value(Metrics.macroPrecision(), x, y), 1e-15);
        assertEquals(2.0 / 3, value(Metrics.macroRecall(), x, y), 1e-15);
        assertEquals(ConfusionMatrix.of(x, y).macroF1(), value(Metrics.macroF1(), x, y), 0);
        assertEquals(2.0 / 3, value(Metrics.precision(1), x, y), 0);
        assertEquals(1.0 / 3, value(Metrics.recall(0), x, y), 0);
        assertEquals(4.0 / 5, value(Metrics.f1(1), x, y), 0);
        assertEquals("precision_1", Metrics.precision(1).name());

        Metric.Accumulator acc = Metrics.macroF1().newAccumulator();
        acc.add(x.narrow(0, 0, 3), y.narrow(0, 0, 3));
        // a checkpoint in the middle: the state restores the counts exactly
        Metric.Accumulator resumed = Metrics.macroF1().newAccumulator();
        resumed.restore(acc.state());
        for (var a : new Metric.Accumulator[] {acc, resumed}) a.add(x.narrow(0, 3, 5), y.narrow(0, 3, 5));
        assertEquals(28.0 / 45, acc.value(), 1e-15);
        assertEquals(acc.value(), resumed.value(), 0);
        assertTrue(Double.isNaN(Metrics.accuracy().newAccumulator().value()), "NaN before any batch");
    }

    @Test
    void undefinedRatiosAreZero() {
        // class 2 never predicted and never true
        ConfusionMatrix cm = ConfusionMatrix.ofLabels(new int[] {0, 1, 1}, new int[] {0, 1, 0}, 3);
        assertEquals(0, cm.precision(2), 0);
        assertEquals(0, cm.recall(2), 0);
        assertEquals(0, cm.f1(2), 0);
        assertEquals((0.5 + 1 + 0) / 3, cm.macroPrecision(), 1e-15);
    }

    @Test
    void lossMetricIsTheExampleWeightedMeanOfBatchMeans() {
        Metric.Accumulator acc = Metrics.loss("mse", new MeanSquaredError()).newAccumulator();
        acc.add(Tensor.of(new float[] {1, 2, 3}, 3, 1), Tensor.of(new float[] {0, 0, 0}, 3, 1));   // mean 14/3
        acc.add(Tensor.of(new float[] {2}, 1, 1), Tensor.of(new float[] {0}, 1, 1));            // 4
        assertEquals((14.0 / 3 * 3 + 4) / 4, acc.value(), 1e-6);                                  // (1+4+9+4)/4
        assertArrayEquals(new double[] {acc.state()[0], 4}, acc.state());
    }

    @Test
    void misreadOutputsAreRefusedWithAHint() {
        Tensor column = Tensor.of(new float[] {0.2f, 0.9f}, 2, 1), y = Tensor.of(new float[] {0, 1}, 2, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> value(Metrics.accuracy(), column, y));
        assertEquals("metric accuracy: predictions [2, 1] have one column (binary); say how to read it: BinaryOutput.LOGITS"
                + " (positive when > 0) or BinaryOutput.PROBABILITIES (positive when > 0.5)", e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(logits(), Tensor.of(new int[] {0, 1, 2, 3, 0, 0, 0, 0}, 8)));
        assertEquals("ConfusionMatrix: label 3 is 3, outside [0, 3) (3 classes in the predictions)", e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(logits(), Tensor.of(new int[] {0, 1}, 2)));
        assertEquals("ConfusionMatrix: 8 predictions but targets of shape [2]", e3.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(logits(), labels(), BinaryOutput.LOGITS));
    }

    private static double value(Metric m, Tensor predictions, Tensor targets) {
        Metric.Accumulator acc = m.newAccumulator();
        acc.add(predictions, targets);
        return acc.value();
    }
}
