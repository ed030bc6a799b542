package ai.deepj.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.autograd.GradCheck;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Batch norm beyond the PyTorch fixtures: Keras' running-average convention against a hand
 * computation, gradient checks in both layouts, evaluation mode changing no state, and errors.
 */
class BatchNorm1dTest {
    @Test
    void kerasConventionMatchesAHandComputation() {
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            BatchNorm1d bn = BatchNorm1d.keras(2);
            assertEquals(0.99, bn.options().momentum());
            double[][] batches = {{1, 10, 3, 20, 8, 60}, {-2, 0, 4, 1}};
            double[] rm = {0, 0}, rv = {1, 1};
            for (double[] b : batches) {
                int n = b.length / 2;
                Tensor y = bn.forward(Tensor.of(b, n, 2));
                for (int f = 0; f < 2; f++) {
                    double mean = 0, var = 0;
                    for (int i = 0; i < n; i++) mean += b[2 * i + f] / n;
                    for (int i = 0; i < n; i++) var += (b[2 * i + f] - mean) * (b[2 * i + f] - mean) / n; // biased
                    rm[f] = 0.99 * rm[f] + 0.01 * mean;
                    rv[f] = 0.99 * rv[f] + 0.01 * var; // Keras: biased variance in the running average too
                    for (int i = 0; i < n; i++) {
                        assertEquals((b[2 * i + f] - mean) / Math.sqrt(var + 1e-5), y.get(i, f), 1e-12);
                    }
                }
            }
            // A few ulps of the values (≤ 6): the hand loop and the tensor reductions sum in different orders.
            assertArrayEquals(rm, bn.runningMean().toDoubleArray(), 1e-14);
            assertArrayEquals(rv, bn.runningVar().toDoubleArray(), 1e-14);
            bn.eval();
            Tensor y = bn.forward(Tensor.of(new double[] {5, 5}, 1, 2));
            for (int f = 0; f < 2; f++) assertEquals((5 - rm[f]) / Math.sqrt(rv[f] + 1e-5), y.get(0, f), 1e-12);
        }
    }

    @Test
    void pytorchConventionUsesTheUnbiasedVarianceForTheRunningAverage() {
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            BatchNorm1d bn = new BatchNorm1d(1);
            bn.forward(Tensor.of(new double[] {1, 2, 6}, 3, 1));   // mean 3, biased var 14/3, unbiased 7
            assertEquals(0.1 * 3, bn.runningMean().get(0), 1e-15);
            assertEquals(0.9 + 0.1 * 7, bn.runningVar().get(0), 1e-15);
        }
    }

    @Test
    void passesModelGradCheckInTrainingModeIn2dAnd3d() {
        Generator g = Generator.seeded(4);
        Module m2 = new Sequential(new Linear(3, 4, Linear.Options.defaults().withBias(false), g), new BatchNorm1d(4), new Tanh(),
                new Linear(4, 2, Linear.Options.defaults(), g));
        var r = ModelGradCheck.check(m2, Tensor.randn(Generator.seeded(1), 6, 3), out -> out.square().sum());
        assertTrue(r.passed(), r.toString());
        Module m3 = new Sequential(new Reshape(3, 2), BatchNorm1d.keras(3), new Flatten(), new Linear(6, 2, Linear.Options.defaults(), g));
        r = ModelGradCheck.check(m3, Tensor.randn(Generator.seeded(2), 4, 6), out -> out.square().sum());
        assertTrue(r.passed(), r.toString());
        // And with respect to the input, where the batch statistics couple the examples.
        BatchNorm1d bn = new BatchNorm1d(3);
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            BatchNorm1d bn64 = new BatchNorm1d(3);
            assertTrue(GradCheck.check(in -> bn64.forward(in[0]), Tensor.randn(Generator.seeded(3), 5, 3, 2)).passed());
            bn64.eval();
            assertTrue(GradCheck.check(in -> bn64.forward(in[0]), Tensor.randn(Generator.seeded(3), 5, 3)).passed());
        }
        assertEquals(3, bn.weight().numel());
    }

    @Test
    void evaluationModeChangesNoState() {
        BatchNorm1d bn = new BatchNorm1d(3);
        bn.forward(Tensor.randn(Generator.seeded(1), 8, 3));
        Map<String, Tensor> before = bn.state();
        double[] mean = bn.runningMean().toDoubleArray(), var = bn.runningVar().toDoubleArray();
        bn.eval();
        Tensor y1 = bn.forward(Tensor.randn(Generator.seeded(2), 8, 3));
        bn.forward(Tensor.randn(Generator.seeded(3), 8, 3).mul(100));
        Tensor y2 = bn.forward(Tensor.randn(Generator.seeded(2), 8, 3));
        assertArrayEquals(mean, bn.runningMean().toDoubleArray(), 0);
        assertArrayEquals(var, bn.runningVar().toDoubleArray(), 0);
        assertArrayEquals(y1.toFloatArray(), y2.toFloatArray(), 0f);
        assertEquals(before.keySet(), bn.state().keySet());
        bn.forward(Tensor.zeros(1, 3)); // a single example is fine in evaluation mode
    }

    @Test
    void namesParametersAndBuffersAndRejectsBadInputs() {
        BatchNorm1d bn = new BatchNorm1d(4);
        assertEquals(java.util.List.of("weight", "bias"), java.util.List.copyOf(bn.namedParameters().keySet()));
        assertEquals(java.util.List.of("runningMean", "runningVar"), java.util.List.copyOf(bn.namedBuffers().keySet()));
        var e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(5, 3)));
        assertTrue(e.getMessage().contains("[5, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(1, 4)));
        assertTrue(e.getMessage().contains("more than one value"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(4, BatchNorm1d.Options.pytorch().withMomentum(1.5)));
        assertEquals(BatchNorm1d.Convention.KERAS, ((BatchNorm1d) ModuleRegistry.fromConfig(ModuleRegistry.describe(BatchNorm1d.keras(2))))
                .options().convention());
    }
}
