package ai.deepj.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OptimizerTest {
    /** A float64 linear least-squares problem: parameters W [3, 4] and b [3]. */
    private static final class Problem {
        final Tensor x, y;

        Problem(long seed) {
            Generator g = Generator.seeded(seed);
            x = Tensor.normal(g, DType.FLOAT64, 0, 1, 8, 4);
            y = Tensor.normal(g, DType.FLOAT64, 0, 1, 8, 3);
        }

        List<Tensor> freshParams() {
            Generator g = Generator.seeded(99);
            return List.of(Tensor.normal(g, DType.FLOAT64, 0, 1, 3, 4).requiresGrad(true),
                    Tensor.normal(g, DType.FLOAT64, 0, 1, 3).requiresGrad(true));
        }

        void backward(List<Tensor> p) {
            Tensor r = x.matmul(p.get(0).t()).add(p.get(1)).sub(y);
            r.square().mean().backward();
        }

        void train(Optimizer opt, List<Tensor> p, int steps) {
            for (int i = 0; i < steps; i++) {
                opt.zeroGrad();
                backward(p);
                opt.step();
            }
        }
    }

    static Stream<Function<List<Tensor>, Optimizer>> everyOptimizer() {
        return Stream.of(
                p -> GradientDescent.of(p, 0.1),
                p -> Momentum.course(p, 0.1, 0.9),
                p -> Momentum.pytorch(p, 0.01, 0.9, 0.01),
                p -> Nesterov.of(p, 0.01, 0.9),
                p -> AdaGrad.of(p),
                p -> RMSprop.of(p),
                p -> Adam.of(p, Adam.Options.defaults().withLr(0.01).withWeightDecay(0.01)),
                p -> Adam.of(p, Adam.Options.keras()),
                p -> AdamW.of(p));
    }

    @ParameterizedTest
    @MethodSource("everyOptimizer")
    void savedStateResumesBitIdentically(Function<List<Tensor>, Optimizer> factory) {
        Problem problem = new Problem(1);
        List<Tensor> p = problem.freshParams();
        Optimizer opt = factory.apply(List.of(p.get(0)));
        opt.addParamGroup(List.of(p.get(1)), Map.of("lr", 0.003));
        problem.train(opt, p, 3);

        OptimizerState saved = opt.state();
        List<Tensor> savedParams = p.stream().map(t -> t.detach().clone()).toList();
        problem.train(opt, p, 3);

        List<Tensor> q = savedParams.stream().map(t -> t.clone().requiresGrad(true)).toList();
        Optimizer restored = factory.apply(List.of(q.get(0)));
        restored.addParamGroup(List.of(q.get(1)), Map.of());
        restored.loadState(saved);
        assertEquals(3, restored.stepCount());
        assertEquals(0.003, restored.groups().get(1).get("lr"));
        problem.train(restored, q, 3);

        for (int i = 0; i < p.size(); i++) assertArrayEquals(p.get(i).toDoubleArray(), q.get(i).toDoubleArray(), 0.0, opt.typeName());
        assertEquals(opt.stepCount(), restored.stepCount());
    }

    @Test
    void stateIsACopy() {
        Problem problem = new Problem(2);
        List<Tensor> p = problem.freshParams();
        Adam opt = Adam.of(p);
        problem.train(opt, p, 1);
        OptimizerState s = opt.state();
        double before = s.tensors().get("0.m").get(0, 0);
        problem.train(opt, p, 1);
        assertEquals(before, s.tensors().get("0.m").get(0, 0));
        assertEquals(List.of("0.m", "0.v", "1.m", "1.v"), List.copyOf(s.tensors().keySet()));
        assertEquals(List.of("lr", "beta1", "beta2", "eps", "weightDecay"), List.copyOf(s.groups().get(0).keySet()));
    }

    @Test
    void aStateOfAnotherVariantIsRefused() {
        Tensor w = Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true);
        var course = Momentum.course(List.of(w), 0.1, 0.9).state();
        var e = assertThrows(IllegalArgumentException.class, () -> Momentum.pytorch(List.of(w), 0.01, 0.9).loadState(course));
        assertTrue(e.getMessage().contains("beta") && e.getMessage().contains("momentum"), e.getMessage());
        var keras = Adam.of(List.of(w), Adam.Options.keras()).state();
        assertThrows(IllegalArgumentException.class, () -> Adam.of(List.of(w)).loadState(keras));
        var adam = Adam.of(List.of(w)).state();
        e = assertThrows(IllegalArgumentException.class, () -> AdamW.of(List.of(w)).loadState(adam));
        assertTrue(e.getMessage().contains("Adam"), e.getMessage());
    }

    /** PyTorch's velocity is the course's divided by (1−β): the same path with lr_pytorch = lr_course·(1−β). */
    @Test
    void courseAndPytorchMomentumWalkTheSamePathWithScaledLearningRate() {
        Problem problem = new Problem(3);
        List<Tensor> a = problem.freshParams(), b = problem.freshParams();
        problem.train(Momentum.course(a, 0.2, 0.9), a, 20);
        problem.train(Momentum.pytorch(b, 0.2 * (1 - 0.9), 0.9), b, 20);
        for (int i = 0; i < a.size(); i++) Fixtures.assertClose(a.get(i).toDoubleArray(), b.get(i).toDoubleArray(), "parameter " + i);
        List<Tensor> c = problem.freshParams();
        problem.train(Momentum.pytorch(c, 0.2, 0.9), c, 20);
        assertTrue(Fixtures.maxDiff(a.get(0).toDoubleArray(), c.get(0).toDoubleArray()) > 1e-3, "same lr must give a different path");
    }

    @Test
    void parametersWithoutGradientOrFrozenAreSkipped() {
        Tensor withGrad = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor noGrad = Tensor.of(new double[] {3, 4}, 2).requiresGrad(true);
        Tensor frozen = Tensor.of(new double[] {5, 6}, 2);
        frozen.setGrad(Tensor.of(new double[] {1, 1}, 2));
        withGrad.setGrad(Tensor.of(new double[] {1, -1}, 2));
        Adam opt = Adam.of(List.of(withGrad, noGrad, frozen), Adam.Options.defaults().withLr(0.1));
        opt.step();
        // First Adam step: m̂ = g, √v̂ = |g|, so W −= lr·g/(|g| + ε).
        double step = 0.1 / (1 + 1e-8);
        assertArrayEquals(new double[] {1 - step, 2 + step}, withGrad.toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {3, 4}, noGrad.toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {5, 6}, frozen.toDoubleArray(), 0.0);
        assertEquals(List.of("0.m", "0.v"), List.copyOf(opt.state().tensors().keySet()), "no state for skipped parameters");
    }

    @Test
    void zeroGradClearsOrZeroesEveryGroup() {
        Tensor a = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {3}, 1).requiresGrad(true);
        a.setGrad(Tensor.of(new double[] {5, 6}, 2));
        b.setGrad(Tensor.of(new double[] {7}, 1));
        Optimizer opt = GradientDescent.of(List.of(a), 0.1).addParamGroup(List.of(b), Map.of("lr", 1.0));
        Tensor kept = a.grad();
        opt.zeroGrad(false); // PyTorch's set_to_none=False: zeros, same buffer
        assertSame(kept, a.grad());
        assertArrayEquals(new double[] {0, 0}, a.grad().toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {0}, b.grad().toDoubleArray(), 0.0);
        opt.zeroGrad(); // the default, as PyTorch's: cleared
        assertNull(a.grad());
        assertNull(b.grad());
        // the next backward's gradient is then the parameter's gradient, with nothing added to it
        a.mul(3).sum().backward();
        assertArrayEquals(new double[] {3, 3}, a.grad().toDoubleArray(), 0.0);
        a.mul(3).sum().backward();
        assertArrayEquals(new double[] {6, 6}, a.grad().toDoubleArray(), 0.0, "accumulates until cleared");
    }

    @Test
    void groupsHaveTheirOwnLearningRateAndSetLearningRateChangesAll() {
        Tensor a = Tensor.of(new double[] {1}, 1).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {1}, 1).requiresGrad(true);
        Optimizer opt = GradientDescent.of(List.of(a), 0.1).addParamGroup(List.of(b), Map.of("lr", 0.5));
        a.setGrad(Tensor.of(new double[] {1}, 1));
        b.setGrad(Tensor.of(new double[] {1}, 1));
        opt.step();
        assertEquals(0.9, a.item(), 1e-15);
        assertEquals(0.5, b.item(), 1e-15);
        opt.setLearningRate(0.25);
        opt.step();
        assertEquals(0.65, a.item(), 1e-15);
        assertEquals(0.25, b.item(), 1e-15);
        var e = assertThrows(IllegalArgumentException.class, () -> opt.addParamGroup(List.of(Tensor.zeros(1)), Map.of("beta", 0.9)));
        assertTrue(e.getMessage().contains("beta"), e.getMessage());
    }

    @Test
    void float32ParametersStayFloat32() {
        Tensor w = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        w.setGrad(Tensor.of(new float[] {0.5f, -0.5f}, 2));
        Adam opt = Adam.of(List.of(w));
        opt.step();
        assertEquals(DType.FLOAT32, w.dtype());
        assertEquals(DType.FLOAT32, opt.state().tensors().get("0.m").dtype());
        assertArrayEquals(new float[] {0.999f, 2.001f}, w.toFloatArray(), 1e-6f);
    }

    @Test
    void badHyperparametersAreRefusedWithTheirName() {
        var e = assertThrows(IllegalArgumentException.class, () -> Adam.Options.defaults().withBeta1(1.0));
        assertTrue(e.getMessage().contains("beta1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradientDescent.of(List.of(), -0.1));
        assertTrue(e.getMessage().contains("lr"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Momentum.course(List.of(), 0.1, 1.5));
        assertThrows(IllegalArgumentException.class, () -> RMSprop.Options.defaults().withEps(Double.NaN));
    }

    @Test
    void optimizersKeepParametersOutOfTheGraph() {
        Problem problem = new Problem(4);
        List<Tensor> p = problem.freshParams();
        problem.train(AdamW.of(p), p, 2);
        for (Tensor t : p) {
            assertTrue(t.isLeaf());
            assertTrue(t.requiresGrad());
        }
        assertFalse(p.get(0).grad().requiresGrad());
        assertNull(Tensor.zeros(1).grad());
    }
}
