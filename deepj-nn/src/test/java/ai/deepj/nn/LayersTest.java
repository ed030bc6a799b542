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
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every layer: float64 gradient checks (parameters through {@link ModelGradCheck}, inputs through
 * {@link GradCheck}), config round trips, and the errors callers see. Gradient checks pass at the
 * course's "great" threshold, relative difference ≤ 1e-7 (ε = 1e-6).
 */
class LayersTest {
    private static final Generator G = Generator.seeded(11);

    /** A layer sandwiched between two Linear layers, so that ModelGradCheck sees parameters on both sides of it. */
    private static Sequential sandwich(Module layer, int width) {
        return new Sequential(new Linear(3, width, Linear.Options.defaults(), G), layer, new Linear(width, 2, Linear.Options.defaults(), G));
    }

    private static Tensor x(int... shape) {
        return Tensor.randn(Generator.seeded(5), shape).mul(1.5);
    }

    private static GradCheck.Result check(Module m, Tensor input) {
        return ModelGradCheck.check(m, input, out -> out.square().sum().mul(0.5));
    }

    private static void assertGreat(GradCheck.Result r) {
        assertTrue(r.passed(), r.toString());
        assertTrue(r.coordinates() > 0, r.toString());
    }

    @Test
    void everyElementwiseActivationPassesModelGradCheck() {
        for (Module act : List.of(new Sigmoid(), new Tanh(), new ReLU(), new LeakyReLU(), new LeakyReLU(0.2), new ELU(), new ELU(0.5),
                new GELU(), new Softplus(), new Softplus(2, 3), new Softmax(), new LogSoftmax(), new Identity())) {
            var r = check(sandwich(act, 6), x(5, 3));
            assertTrue(r.passed(), act + ": " + r);
        }
    }

    @Test
    void activationsPassGradCheckOnTheirInputs() {
        // Inputs spread over both sides of every kink and threshold (softplus: βx > 3 is linear).
        Tensor in = Tensor.linspace(DType.FLOAT64, -4.05, 4.1, 24).reshape(4, 6);
        for (Module act : List.of(new Sigmoid(), new Tanh(), new LeakyReLU(0.1), new ELU(0.7), new GELU(), new Softplus(1.5, 3),
                new Softmax(0), new LogSoftmax(1), new Flatten(0, 1), new Reshape(3, 2))) {
            var r = GradCheck.check(a -> act.forward(a[0]), in);
            assertTrue(r.passed(), act + ": " + r);
        }
    }

    @Test
    void defaultsFollowPyTorch() {
        assertEquals(0.01, new LeakyReLU().slope());
        assertEquals(Map.of("alpha", 1.0), new ELU().config());
        assertEquals(Map.of("beta", 1.0, "threshold", 20.0), new Softplus().config());
        assertEquals(Map.of("dim", -1), new Softmax().config());
        assertEquals(Map.of("startDim", 1, "endDim", -1), new Flatten().config());
        assertArrayEquals(new int[] {2, 60}, new Flatten().forward(Tensor.zeros(2, 3, 4, 5)).shape().toArray());
    }

    @Test
    void erfMatchesTheCLibraryToAFewUlps() {
        // Python's math.erf (the platform libm) at points in the series range, at its boundary and in the continued-fraction range.
        double[][] ref = {{0.1, 0.1124629160182849}, {0.5, 0.5204998778130465}, {1.0, 0.8427007929497149}, {2.0, 0.9953222650189527},
            {2.4999, 0.9995928300996666}, {2.5, 0.999593047982555}, {3.0, 0.9999779095030014}, {4.5, 0.9999999998033839},
            {5.9, 0.9999999999999999}, {-1.7, -0.9837904585907745}};
        for (double[] p : ref) assertEquals(p[1], Functional.erf(p[0]), 4 * Math.ulp(p[1]), "erf(" + p[0] + ")");
        assertEquals(0.0, Functional.erf(0.0));
        assertEquals(1.0, Functional.erf(30));
        assertEquals(-1.0, Functional.erf(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(Functional.erf(Double.NaN)));
        Tensor inf = Tensor.of(new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}, 2).requiresGrad(true);
        Tensor y = Functional.erf(inf);
        assertArrayEquals(new double[] {-1, 1}, y.toDoubleArray());
        y.sum().backward();
        assertArrayEquals(new double[] {0, 0}, inf.grad().toDoubleArray());
    }

    @Test
    void erfGradientIsTheGaussianDensity() {
        Tensor in = Tensor.linspace(DType.FLOAT64, -3.5, 3.5, 15);
        assertTrue(GradCheck.check(a -> Functional.erf(a[0]), in).passed());
        Tensor x = in.clone().requiresGrad(true);
        Functional.erf(x).sum().backward();
        for (int i = 0; i < 15; i++) {
            double v = in.get(i);
            assertEquals(2 / Math.sqrt(Math.PI) * Math.exp(-v * v), x.grad().get(i), 1e-16);
        }
    }

    @Test
    void eluAndSoftplusStayFiniteForLargeInputs() {
        Tensor big = Tensor.of(new double[] {-1000, 1000, 800}, 3).requiresGrad(true);
        Tensor y = new ELU().forward(big).add(new Softplus().forward(big)).sum();
        y.backward();
        for (double g : big.grad().toDoubleArray()) assertTrue(Double.isFinite(g), big.grad().toString());
        assertArrayEquals(new double[] {-1, 2000, 1600}, new ELU().forward(big).add(new Softplus().forward(big)).toDoubleArray(), 1e-12);
    }

    @Test
    void flattenReshapeAndEmbeddingPassModelGradCheck() {
        assertGreat(check(new Sequential(new Reshape(2, 2), new Flatten(), new Linear(4, 3, Linear.Options.defaults(), G)), x(3, 4)));
        assertGreat(check(new Sequential(new Embedding(7, 4, G), new Flatten(), new Linear(8, 2, Linear.Options.defaults(), G)),
                Tensor.of(new int[] {0, 6, 3, 3, 1, 0}, 3, 2)));
    }

    @Test
    void embeddingLooksUpRowsForIndicesOfAnyShape() {
        Embedding e = new Embedding(5, 3, Generator.seeded(2));
        Tensor idx = Tensor.of(new int[] {4, 0, 4, 2}, 2, 1, 2);
        Tensor y = e.forward(idx);
        assertArrayEquals(new int[] {2, 1, 2, 3}, y.shape().toArray());
        for (int k = 0; k < 3; k++) assertEquals(e.weight().get(4, k), y.get(1, 0, 0, k));
        assertArrayEquals(new int[] {3}, e.forward(Tensor.of(new int[] {1})).reshape(3).shape().toArray());
        var bad = assertThrows(IllegalArgumentException.class, () -> e.forward(Tensor.zeros(2)));
        assertTrue(bad.getMessage().contains("int32"), bad.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> e.forward(Tensor.of(new int[] {5}, 1)));
        // N(0, 1) initialization, like PyTorch.
        Tensor w = new Embedding(1000, 50, Generator.seeded(3)).weight();
        assertEquals(0, w.mean().item(), 0.02);
        assertEquals(1, w.var(new int[] {0, 1}, false, 1).item(), 0.03);
    }

    @Test
    void addAndConcatenateMergeSeveralInputsAndRefuseOne() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2), b = Tensor.of(new double[] {10, 20}, 2);
        assertArrayEquals(new double[] {11, 22, 13, 24}, new Add().forward(List.of(a, b)).toDoubleArray());
        assertArrayEquals(new double[] {12, 24, 16, 28}, new Add().forward(List.of(a, a, b)).toDoubleArray());
        assertArrayEquals(new double[] {1, 2, 1, 2, 3, 4, 3, 4}, new Concatenate().forward(List.of(a, a)).toDoubleArray());
        assertArrayEquals(new int[] {4, 2}, new Concatenate(0).forward(List.of(a, a)).shape().toArray());
        var e = assertThrows(IllegalArgumentException.class, () -> new Add().forward(a));
        assertTrue(e.getMessage().contains("list") && e.getMessage().contains("[2, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Concatenate().forward(a));
        assertTrue(e.getMessage().contains("list"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Add().forward(List.of(a, Tensor.zeros(DType.FLOAT64, 3))));
        assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[2, 2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Add().forward(List.of(a)));
        // Gradients reach every operand (and are un-broadcast).
        assertTrue(GradCheck.check(in -> new Add().forward(List.of(in[0], in[1], in[2])), x(2, 3), x(3), x(2, 1)).passed());
        assertTrue(GradCheck.check(in -> new Concatenate(1).forward(List.of(in[0], in[1])), x(2, 3), x(2, 1)).passed());
    }

    @Test
    void reshapeKeepsTheBatchDimensionAndNamesShapesInErrors() {
        assertArrayEquals(new int[] {4, 1, 2, 3}, new Reshape(1, 2, 3).forward(Tensor.zeros(4, 6)).shape().toArray());
        assertArrayEquals(new int[] {4, 3, 2}, new Reshape(-1, 2).forward(Tensor.zeros(4, 6)).shape().toArray());
        var e = assertThrows(IllegalArgumentException.class, () -> new Reshape(5).forward(Tensor.zeros(4, 6)));
        assertTrue(e.getMessage().contains("[4, 6]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Reshape(-1, -1));
    }

    /** fromConfig(describe(m)) + loadState(m.state()) gives the same outputs, for every layer type. */
    @Test
    void everyLayerSurvivesAConfigRoundTrip() {
        Tensor in = x(4, 3);
        List<Supplier<Module>> models = List.of(
                () -> sandwich(new Sigmoid(), 5), () -> sandwich(new Tanh(), 5), () -> sandwich(new LeakyReLU(0.3), 5),
                () -> sandwich(new Softmax(0), 5), () -> sandwich(new LogSoftmax(), 5), () -> sandwich(new ELU(0.4), 5),
                () -> sandwich(new GELU(), 5), () -> sandwich(new Softplus(2, 7), 5), () -> sandwich(new Identity(), 5),
                () -> sandwich(Dropout.ofKeepProb(0.6), 5), () -> sandwich(BatchNorm1d.keras(5), 5),
                () -> sandwich(new BatchNorm1d(5, BatchNorm1d.Options.pytorch().withMomentum(0.3).withEps(1e-3)), 5),
                () -> new Sequential(new Reshape(3, 1), new Flatten(), new Linear(3, 2, Linear.Options.defaults().withBias(false), G)));
        for (Supplier<Module> s : models) {
            Module m = s.get();
            m.train().forward(in); // moves batch-norm statistics away from their initial values
            m.eval();
            Module back = ModuleRegistry.fromConfig(ModuleRegistry.describe(m));
            back.loadState(m.state());
            back.eval();
            assertEquals(ModuleRegistry.describe(m), ModuleRegistry.describe(back));
            assertArrayEquals(m.forward(in).toDoubleArray(), back.forward(in).toDoubleArray(), 0, m.toString());
        }
        Embedding e = new Embedding(4, 2, G);
        Module back = ModuleRegistry.fromConfig(ModuleRegistry.describe(e));
        back.loadState(e.state());
        Tensor idx = Tensor.of(new int[] {3, 1}, 2);
        assertArrayEquals(e.forward(idx).toDoubleArray(), back.forward(idx).toDoubleArray(), 0);
        for (Module merge : List.of(new Add(), new Concatenate(0))) {
            Module m2 = ModuleRegistry.fromConfig(ModuleRegistry.describe(merge));
            assertArrayEquals(merge.forward(List.of(in, in)).toDoubleArray(), m2.forward(List.of(in, in)).toDoubleArray(), 0);
        }
    }

    @Test
    void modelGradCheckLeavesTheModelUntouchedAndFindsBrokenGradients() {
        Sequential m = sandwich(new Tanh(), 4);
        Map<String, Tensor> before = m.state();
        double[] w = m.parameters().get(0).toDoubleArray();
        assertGreat(check(m, x(3, 3)));
        assertArrayEquals(w, m.parameters().get(0).toDoubleArray(), 0);
        assertEquals(DType.FLOAT32, m.parameters().get(0).dtype());
        assertEquals(before.keySet(), m.state().keySet());
        // A layer whose gradient is wrong (forward y = x³ through an op whose backward is that of x²... here: a
        // detached factor, so autograd misses part of the derivative) must fail the check.
        ModuleRegistry.register("BrokenCube", cfg -> new BrokenCube());
        var r = check(sandwich(new BrokenCube(), 4), x(3, 3));
        assertTrue(!r.passed() && r.relativeDifference() > 1e-3, r.toString());
    }

    /** {@code x³} computed as {@code x²·x̄} with {@code x̄} detached: autograd sees only 2x², not 3x². */
    static final class BrokenCube extends Module {
        @Override
        public Tensor forward(Tensor x) {
            return x.square().mul(x.detach());
        }

        @Override
        public Map<String, Object> config() {
            return Map.of();
        }
    }

    @Test
    void modelGradCheckSkipsFrozenParametersAndTakesIntegerInputs() {
        Sequential m = new Sequential(new Embedding(5, 3, G), new Linear(3, 2, Linear.Options.defaults(), G));
        m.get(0).freeze();
        var r = ModelGradCheck.check(m, Tensor.of(new int[] {1, 4, 4}, 3), out -> out.sum());
        assertTrue(r.passed(), r.toString());
        assertEquals(3 * 2 + 2, r.coordinates());
    }
}
