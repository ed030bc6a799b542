package ai.deepj.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.autograd.GradCheck;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Batch norm over channels ({@link BatchNorm2d}, {@link BatchNorm3d}, and {@link BatchNorm1d},
 * which shares their code) beyond the PyTorch fixtures: the fused training op against the composed
 * reference kept in {@link BatchNormBase} (outputs, all gradients and the running statistics, in
 * both conventions), Keras' convention against a hand computation, gradient checks, evaluation
 * mode changing no state, and the errors.
 */
class BatchNorm2dTest {
    private static Tensor randn(long seed, int... shape) {
        return Tensor.normal(Generator.seeded(seed), DType.FLOAT64, 0, 1, shape);
    }

    @Test
    void fusedTrainingMatchesTheComposedReference() {
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            List<Supplier<BatchNormBase>> layers = List.of(() -> new BatchNorm2d(3), () -> BatchNorm2d.keras(3),
                    () -> new BatchNorm3d(3), () -> BatchNorm3d.keras(3), () -> new BatchNorm1d(3), () -> BatchNorm1d.keras(3));
            int[][] shapes = {{4, 3, 3, 2}, {4, 3, 3, 2}, {2, 3, 2, 3, 2}, {2, 3, 2, 3, 2}, {5, 3, 4}, {6, 3}};
            for (int i = 0; i < layers.size(); i++) {
                BatchNormBase fused = layers.get(i).get(), composed = layers.get(i).get();
                Tensor gamma = randn(1, 3).add(1), beta = randn(2, 3);
                for (BatchNormBase bn : List.of(fused, composed)) {
                    bn.weight().detach().copyInPlace(gamma);
                    bn.bias().detach().copyInPlace(beta);
                }
                for (int step = 0; step < 3; step++) {
                    Tensor x = randn(10 + step, shapes[i]).mul(step + 1).add(step);
                    Tensor x1 = x.detach().requiresGrad(true), x2 = x.detach().requiresGrad(true);
                    Tensor y1 = fused.forward(x1), y2 = composed.composedTraining(x2);
                    String what = fused + " step " + step;
                    assertArrayEquals(y2.toDoubleArray(), y1.toDoubleArray(), 1e-12, what + " output");
                    Tensor up = randn(20 + step, shapes[i]);
                    y1.backward(up);
                    y2.backward(up);
                    assertArrayEquals(x2.grad().toDoubleArray(), x1.grad().toDoubleArray(), 1e-12, what + " input gradient");
                    assertArrayEquals(composed.weight().grad().toDoubleArray(), fused.weight().grad().toDoubleArray(), 1e-12, what);
                    assertArrayEquals(composed.bias().grad().toDoubleArray(), fused.bias().grad().toDoubleArray(), 1e-12, what);
                    assertArrayEquals(composed.runningMean().toDoubleArray(), fused.runningMean().toDoubleArray(), 1e-14, what);
                    assertArrayEquals(composed.runningVar().toDoubleArray(), fused.runningVar().toDoubleArray(), 1e-14, what);
                }
            }
        }
    }

    @Test
    void kerasConventionMatchesAHandComputation() {
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            BatchNorm2d bn = BatchNorm2d.keras(2);
            // [N=2, C=2, H=1, W=2]: channel 0 holds {1, 3, 5, 11}, channel 1 holds {2, 2, 4, 8}.
            Tensor x = Tensor.of(new double[] {1, 3, 2, 2, 5, 11, 4, 8}, 2, 2, 1, 2);
            Tensor y = bn.forward(x);
            double[][] ch = {{1, 3, 5, 11}, {2, 2, 4, 8}};
            for (int c = 0; c < 2; c++) {
                double mean = 0, var = 0;
                for (double v : ch[c]) mean += v / 4;
                for (double v : ch[c]) var += (v - mean) * (v - mean) / 4;
                assertEquals(0.01 * mean, bn.runningMean().get(c), 1e-15);
                assertEquals(0.99 + 0.01 * var, bn.runningVar().get(c), 1e-15); // biased, as Keras
                assertEquals((ch[c][3] - mean) / Math.sqrt(var + 1e-5), y.get(1, c, 0, 1), 1e-12);
            }
        }
    }

    @Test
    void passesGradCheckInTrainingAndEvaluationMode() {
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            BatchNorm2d bn2 = new BatchNorm2d(3);
            BatchNorm3d bn3 = BatchNorm3d.keras(2);
            assertTrue(GradCheck.check(in -> bn2.forward(in[0]), randn(3, 3, 3, 2, 4)).passed());
            assertTrue(GradCheck.check(in -> bn3.forward(in[0]), randn(4, 2, 2, 2, 3, 2)).passed());
            bn2.eval();
            bn3.eval();
            assertTrue(GradCheck.check(in -> bn2.forward(in[0]), randn(5, 1, 3, 2, 2)).passed());
            assertTrue(GradCheck.check(in -> bn3.forward(in[0]), randn(6, 1, 2, 2, 1, 2)).passed());
        }
        Sequential m = new Sequential(new Linear(4, 12, Linear.Options.defaults().withBias(false), Generator.seeded(2)),
                new Reshape(3, 2, 2), new BatchNorm2d(3), new Tanh(), new Flatten(), new Linear(12, 2, Linear.Options.defaults(),
                Generator.seeded(3)));
        GradCheck.Result r = ModelGradCheck.check(m, Tensor.randn(Generator.seeded(4), 5, 4), out -> out.square().sum());
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void evaluationModeChangesNoState() {
        BatchNorm2d bn = new BatchNorm2d(3);
        bn.forward(Tensor.randn(Generator.seeded(1), 4, 3, 2, 2));
        double[] mean = bn.runningMean().toDoubleArray(), var = bn.runningVar().toDoubleArray();
        bn.eval();
        Tensor y1 = bn.forward(Tensor.randn(Generator.seeded(2), 4, 3, 2, 2));
        bn.forward(Tensor.randn(Generator.seeded(3), 4, 3, 2, 2).mul(100));
        Tensor y2 = bn.forward(Tensor.randn(Generator.seeded(2), 4, 3, 2, 2));
        assertArrayEquals(mean, bn.runningMean().toDoubleArray(), 0);
        assertArrayEquals(var, bn.runningVar().toDoubleArray(), 0);
        assertArrayEquals(y1.toFloatArray(), y2.toFloatArray(), 0f);
        // A single value per channel is fine in evaluation mode.
        assertArrayEquals(new int[] {1, 3, 1, 1}, bn.forward(Tensor.zeros(1, 3, 1, 1)).shape().toArray());
    }

    @Test
    void errorsAndConfig() {
        assertEquals("BatchNorm2d(16): expects [N, 16, H, W], got [2, 3, 4, 4]",
                assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(16).forward(Tensor.zeros(2, 3, 4, 4))).getMessage());
        assertEquals("BatchNorm3d(2): expects [N, 2, D, H, W], got [2, 2, 4, 4]",
                assertThrows(IllegalArgumentException.class, () -> new BatchNorm3d(2).forward(Tensor.zeros(2, 2, 4, 4))).getMessage());
        assertEquals("BatchNorm2d: training needs more than one value per channel to estimate a variance, got input [1, 3, 1, 1];"
                + " use eval() for single examples",
                assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).forward(Tensor.zeros(1, 3, 1, 1))).getMessage());
        assertEquals("BatchNorm2d: numFeatures must be positive, got 0",
                assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(0)).getMessage());
        assertEquals("BatchNorm options: momentum must be in [0, 1], got 1.5",
                assertThrows(IllegalArgumentException.class, () -> BatchNorm1d.Options.pytorch().withMomentum(1.5)).getMessage());
        BatchNorm3d k = new BatchNorm3d(4, BatchNorm1d.Options.keras().withEps(1e-3));
        BatchNorm3d back = (BatchNorm3d) ModuleRegistry.fromConfig(ModuleRegistry.describe(k));
        assertEquals(k.options(), back.options());
        assertEquals("{numFeatures=4, eps=0.001, momentum=0.99, convention=KERAS}", k.config().toString());
        assertEquals(List.of("weight", "bias"), List.copyOf(back.namedParameters().keySet()));
        assertEquals(List.of("runningMean", "runningVar"), List.copyOf(back.namedBuffers().keySet()));
    }
}
