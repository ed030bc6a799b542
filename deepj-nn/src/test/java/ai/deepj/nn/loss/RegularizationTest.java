package ai.deepj.nn.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.deepj.nn.Linear;
import ai.deepj.nn.ReLU;
import ai.deepj.nn.Sequential;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The course's regularization terms: their values, that biases are left out, and the weight-decay form of the update. */
class RegularizationTest {
    @Test
    void l2AndL1HaveTheCoursesValuesOverWeightsOnly() {
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            Generator g = Generator.seeded(1);
            Sequential model = new Sequential(new Linear(3, 4, Linear.Options.defaults(), g), new ReLU(),
                    new Linear(4, 2, Linear.Options.defaults(), g));
            List<Tensor> weights = Regularization.weights(model);
            assertEquals(2, weights.size(), "the two weight matrices, no biases");
            double sq = 0, abs = 0;
            for (Tensor w : weights) {
                for (double v : w.toDoubleArray()) {
                    sq += v * v;
                    abs += Math.abs(v);
                }
            }
            double lambda = 0.7;
            int m = 10;
            assertEquals(lambda / (2 * m) * sq, Regularization.l2(model, lambda, m).item(), 1e-15);
            assertEquals(lambda / (2 * m) * abs, Regularization.l1(model, lambda, m).item(), 1e-15);
            assertEquals(DType.FLOAT64, Regularization.l2(model, lambda, m).dtype());
        }
    }

    @Test
    void gradientDescentWithL2IsWeightDecayByLambdaOverM() {
        Tensor w = Tensor.of(new double[] {1, -2, 3, 0.5}, 2, 2).requiresGrad(true);
        Tensor x = Tensor.of(new double[] {1, 2, -1, 0.5, 0.3, -0.7}, 3, 2);
        double lambda = 0.6, alpha = 0.1;
        int m = 3;
        Tensor dataCost = x.matmul(w.t()).square().mean();
        dataCost.add(Regularization.l2(List.of(w), lambda, m)).backward();
        Tensor dwRegularized = w.grad().clone();
        w.setGrad(null);
        x.matmul(w.t()).square().mean().backward();
        Tensor dw = w.grad();
        // W − α(dW + (λ/m)W) = (1 − αλ/m)W − α·dW, and PyTorch's weight_decay = λ/m adds the same term.
        Tensor viaCost = w.detach().sub(dwRegularized.mul(alpha));
        Tensor viaDecay = w.detach().mul(1 - alpha * Regularization.weightDecay(lambda, m)).sub(dw.mul(alpha));
        assertArrayEquals(viaDecay.toDoubleArray(), viaCost.toDoubleArray(), 1e-15);
        try (var s = Autograd.noGrad()) {
            assertArrayEquals(dw.add(w.mul(lambda / m)).toDoubleArray(), dwRegularized.toDoubleArray(), 1e-15);
        }
    }
}
