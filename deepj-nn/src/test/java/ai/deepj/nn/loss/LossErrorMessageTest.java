package ai.deepj.nn.loss;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.nn.Module;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Caller mistakes are refused with a message naming the loss, the shapes and, where there is one, the fix. */
class LossErrorMessageTest {
    private static void assertMessage(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "'" + f + "' missing from: " + e.getMessage());
    }

    @Test
    void crossEntropyNamesLabelAndShapeProblems() {
        Tensor logits = Tensor.zeros(DType.FLOAT64, 4, 3);
        CrossEntropy ce = new CrossEntropy();
        assertMessage(() -> ce.compute(logits, Tensor.of(new int[] {0, 1, 3, 2}, 4)), "CrossEntropy", "label 3", "example 2",
                "[0, 3)", "[4, 3]");
        assertMessage(() -> ce.compute(logits, Tensor.of(new int[] {0, -1, 2, 2}, 4)), "CrossEntropy", "label -1");
        assertMessage(() -> ce.compute(logits, Tensor.of(new int[] {0, 1, 2}, 3)), "CrossEntropy", "[4]", "[3]", "[4, 3]");
        assertMessage(() -> ce.compute(logits, Tensor.of(new int[] {0, 1, 2, 1}, 4, 1)), "CrossEntropy", "[4, 1]", "reshape(-1)");
        assertMessage(() -> ce.compute(logits, Tensor.zeros(DType.FLOAT64, 4, 2)), "CrossEntropy", "[4, 2]", "[4, 3]");
        assertMessage(() -> ce.compute(Tensor.zeros(DType.FLOAT64, 3), Tensor.of(new int[] {0}, 1)), "CrossEntropy", "[3]",
                "reshape(1, C)");
        CrossEntropy weighted = new CrossEntropy(CrossEntropy.Options.defaults().withClassWeights(Tensor.ones(DType.FLOAT64, 5)));
        assertMessage(() -> weighted.compute(logits, Tensor.of(new int[] {0, 1, 2, 1}, 4)), "classWeights", "[5]", "[4, 3]");
        assertMessage(() -> new CrossEntropy(CrossEntropy.Options.defaults().withLabelSmoothing(1.5)), "labelSmoothing", "1.5");
    }

    @Test
    void elementwiseLossesRefuseMismatchedShapes() {
        Tensor a = Tensor.zeros(DType.FLOAT64, 8, 1), b = Tensor.zeros(DType.FLOAT64, 8);
        assertMessage(() -> new MeanSquaredError().compute(a, b), "MeanSquaredError", "[8, 1]", "[8]", "same shape");
        assertMessage(() -> new MeanAbsoluteError().compute(a, b), "MeanAbsoluteError", "[8, 1]", "[8]");
        assertMessage(() -> new HuberLoss().compute(a, b), "HuberLoss", "[8, 1]", "[8]");
        assertMessage(() -> new BinaryCrossEntropy().compute(a, b), "BinaryCrossEntropy", "[8, 1]", "[8]");
        assertMessage(() -> new BinaryCrossEntropyWithLogits().compute(a, b), "BinaryCrossEntropyWithLogits", "[8, 1]", "[8]");
        assertMessage(() -> new MeanSquaredError().compute(b, Tensor.zeros(DType.INT32, 8)), "MeanSquaredError", "int32");
        assertMessage(() -> new HuberLoss(HuberLoss.Options.defaults().withDelta(0)), "HuberLoss", "delta");
    }

    @Test
    void binaryCrossEntropyRefusesLogitsAndBadWeights() {
        Tensor logits = Tensor.of(new double[] {-2, 0.5, 3}, 3);
        Tensor y = Tensor.of(new double[] {0, 1, 1}, 3);
        assertMessage(() -> new BinaryCrossEntropy().compute(logits, y), "BinaryCrossEntropy", "[0, 1]", "-2.0", "3.0",
                "BinaryCrossEntropyWithLogits");
        Tensor p = Tensor.of(new double[] {0.2, 0.5, 0.7, 0.1, 0.4, 0.9}, 2, 3);
        Tensor t = Tensor.zeros(DType.FLOAT64, 2, 3);
        assertMessage(() -> new BinaryCrossEntropy(BinaryCrossEntropy.Options.defaults().withWeight(Tensor.ones(DType.FLOAT64, 2)))
                .compute(p, t), "BinaryCrossEntropy", "weight", "[2]", "[2, 3]");
        assertMessage(() -> new BinaryCrossEntropyWithLogits(BinaryCrossEntropyWithLogits.Options.defaults()
                .withPosWeight(Tensor.ones(DType.FLOAT64, 2))).compute(p, t), "posWeight", "[2]", "[3]", "[2, 3]");
    }

    @Test
    void regularizationRefusesBadArguments() {
        Tensor w = Tensor.ones(DType.FLOAT64, 2, 2);
        assertMessage(() -> Regularization.l2(List.of(w), 0.1, 0), "Regularization.l2", "m", "0");
        assertMessage(() -> Regularization.l1(List.of(w), -1, 5), "Regularization.l1", "lambda", "-1");
        Module noWeights = new Module() {
            @Override
            public Tensor forward(Tensor x) {
                return x;
            }

            @Override
            public Map<String, Object> config() {
                return Map.of();
            }
        };
        assertMessage(() -> Regularization.l2(noWeights, 0.1, 5), "Regularization.l2", "no parameters");
    }
}
