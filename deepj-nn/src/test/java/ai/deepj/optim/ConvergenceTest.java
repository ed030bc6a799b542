package ai.deepj.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A sanity check of the course's claim that adaptive methods beat plain gradient descent on badly
 * scaled problems: least squares with one feature 20× smaller than the other, so the loss surface
 * is a long narrow valley (curvatures differ 400×). At the same learning rate, gradient descent
 * crawls along the flat direction while Adam, normalizing each coordinate's step, does not.
 */
class ConvergenceTest {
    static double train(Function<List<Tensor>, Optimizer> factory, int steps) {
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            Generator g = Generator.seeded(7);
            Tensor x = Tensor.randn(g, 64, 2).mul(Tensor.of(new double[] {1, 0.05}, 2));
            Tensor y = x.matmul(Tensor.of(new double[] {2, -3}, 2, 1));
            Tensor w = Tensor.zeros(2, 1).requiresGrad(true);
            Optimizer opt = factory.apply(List.of(w));
            double loss = 0;
            for (int i = 0; i < steps; i++) {
                opt.zeroGrad();
                Tensor l = x.matmul(w).sub(y).square().mean();
                loss = l.item();
                l.backward();
                opt.step();
            }
            return loss;
        }
    }

    @Test
    void adamConvergesMuchFasterThanGradientDescentAtTheSameLearningRate() {
        double lr = 0.05;
        double gd = train(p -> GradientDescent.of(p, lr), 300);
        double adam = train(p -> Adam.of(p, Adam.Options.defaults().withLr(lr)), 300);
        assertTrue(adam < 1e-3, "Adam's loss " + adam);
        assertTrue(adam < gd / 100, "Adam " + adam + " vs gradient descent " + gd);
    }
}
