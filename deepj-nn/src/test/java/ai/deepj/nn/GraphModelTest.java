package ai.deepj.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import com.google.gson.Gson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The functional graph API: a ResNet-style skip connection and an Inception-style branch-and-
 * concatenate (outputs against a hand composition, gradient checks), shared layers, several
 * inputs and outputs, config round trips through JSON, and concurrent inference in eval mode.
 */
class GraphModelTest {
    private static final Linear.Options LIN = Linear.Options.defaults();

    /** x → Linear → ReLU → Linear, + x, → ReLU. */
    static GraphModel residualBlock(Generator g, int width) {
        GraphModel.Node x = GraphModel.input("x");
        GraphModel.Node h = GraphModel.apply(new Linear(width, width, LIN, g), x);
        h = GraphModel.apply(new ReLU(), h);
        h = GraphModel.apply(new Linear(width, width, LIN, g), h);
        GraphModel.Node y = GraphModel.apply(new ReLU(), GraphModel.apply(new Add(), h, x));
        return GraphModel.of(x, y);
    }

    @Test
    void residualBlockAddsTheSkipConnection() {
        GraphModel m = residualBlock(Generator.seeded(1), 4);
        assertEquals(List.of("linear.weight", "linear.bias", "linear_1.weight", "linear_1.bias"), List.copyOf(m.namedParameters().keySet()));
        assertEquals(List.of("linear", "relu", "linear_1", "add", "relu_1"), List.copyOf(m.children().keySet()));
        Tensor x = Tensor.randn(Generator.seeded(2), 3, 4);
        Linear l1 = (Linear) m.children().get("linear"), l2 = (Linear) m.children().get("linear_1");
        Tensor expected = l2.forward(l1.forward(x).relu()).add(x).relu();
        assertArrayEquals(expected.toFloatArray(), m.forward(x).toFloatArray(), 0f);
        var r = ModelGradCheck.check(m, x, out -> out.square().sum());
        assertTrue(r.passed(), r.toString());
        // The gradient reaches the input through both paths.
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            GraphModel m64 = residualBlock(Generator.seeded(1), 4);
            assertTrue(ai.deepj.autograd.GradCheck.check(in -> m64.forward(in[0]), x).passed());
        }
    }

    /** Three parallel branches of different widths on one input, concatenated, then a head. */
    static GraphModel inception(Generator g) {
        GraphModel.Node x = GraphModel.input("x");
        GraphModel.Node a = GraphModel.apply(new Linear(5, 2, LIN, g), x);
        GraphModel.Node b = GraphModel.apply(new Tanh(), GraphModel.apply(new Linear(5, 3, LIN, g), x));
        GraphModel.Node c = GraphModel.apply(new GELU(), GraphModel.apply(new Linear(5, 4, LIN, g), x));
        GraphModel.Node merged = GraphModel.apply(new Concatenate(), a, b, c);
        return GraphModel.of(x, GraphModel.apply(new Linear(9, 2, LIN, g), merged));
    }

    @Test
    void inceptionBranchesAreConcatenated() {
        GraphModel m = inception(Generator.seeded(3));
        Tensor x = Tensor.randn(Generator.seeded(4), 6, 5);
        Map<String, Module> c = m.children();
        Tensor expected = c.get("linear_3").forward(Tensor.concat(-1, c.get("linear").forward(x), c.get("linear_1").forward(x).tanh(),
                Functional.gelu(c.get("linear_2").forward(x))));
        assertArrayEquals(expected.toFloatArray(), m.forward(x).toFloatArray(), 1e-6f);
        assertEquals(5 * 9 + 9 + 9 * 2 + 2, m.parameterCount());
        var r = ModelGradCheck.check(m, x, out -> out.square().sum());
        assertTrue(r.passed(), r.toString());
        String summary = m.summary(1, 5);
        assertTrue(summary.contains("concatenate (Concatenate)") && summary.contains("[1, 9]"), summary);
    }

    @Test
    void aLayerAppliedTwiceSharesItsWeights() {
        Generator g = Generator.seeded(5);
        Linear shared = new Linear(3, 3, LIN, g);
        GraphModel.Node x = GraphModel.input("x");
        GraphModel.Node y = GraphModel.apply(shared, GraphModel.apply(new Tanh(), GraphModel.apply(shared, x)));
        GraphModel m = GraphModel.of(x, y);
        assertEquals(List.of("linear.weight", "linear.bias"), List.copyOf(m.namedParameters().keySet()));
        Tensor in = Tensor.randn(Generator.seeded(6), 2, 3);
        assertArrayEquals(shared.forward(shared.forward(in).tanh()).toFloatArray(), m.forward(in).toFloatArray(), 0f);
        var r = ModelGradCheck.check(m, in, out -> out.square().sum());
        assertTrue(r.passed(), r.toString());
        GraphModel back = roundTrip(m);
        assertEquals(List.of("linear", "tanh"), List.copyOf(back.children().keySet())); // one layer, used by two nodes
        List<?> nodes = (List<?>) back.config().get("nodes");
        assertEquals(List.of("linear", "tanh", "linear"), nodes.stream().map(n -> ((Map<?, ?>) n).get("layer")).toList());
        assertArrayEquals(m.forward(in).toFloatArray(), back.forward(in).toFloatArray(), 0f);
    }

    @Test
    void severalInputsAndOutputs() {
        Generator g = Generator.seeded(7);
        GraphModel.Node a = GraphModel.input("a"), b = GraphModel.input("b");
        GraphModel.Node ha = GraphModel.apply(new Linear(2, 3, LIN, g), a);
        GraphModel.Node hb = GraphModel.apply(new Linear(4, 3, LIN, g), b);
        GraphModel.Node sum = GraphModel.apply(new Add(), ha, hb);
        GraphModel.Node cat = GraphModel.apply(new Concatenate(), ha, hb);
        GraphModel two = GraphModel.of(List.of(a, b), List.of(sum, cat));
        GraphModel one = GraphModel.of(List.of(a, b), List.of(GraphModel.apply(new Sigmoid(), sum)));
        Tensor ta = Tensor.randn(Generator.seeded(8), 5, 2), tb = Tensor.randn(Generator.seeded(9), 5, 4);
        List<Tensor> outs = two.forwardAll(List.of(ta, tb));
        assertArrayEquals(new int[] {5, 3}, outs.get(0).shape().toArray());
        assertArrayEquals(new int[] {5, 6}, outs.get(1).shape().toArray());
        assertEquals(List.of("a", "b"), two.inputNames());
        var e = assertThrows(IllegalStateException.class, () -> two.forward(List.of(ta, tb)));
        assertTrue(e.getMessage().contains("forwardAll"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> one.forward(ta));
        assertTrue(e2.getMessage().contains("2 inputs"), e2.getMessage());
        var r = ModelGradCheck.check(one, List.of(ta, tb), out -> out.sum(), ai.deepj.autograd.GradCheck.Options.defaults());
        assertTrue(r.passed(), r.toString());
        GraphModel back = roundTrip(two);
        List<Tensor> outsBack = back.forwardAll(List.of(ta, tb));
        for (int i = 0; i < 2; i++) assertArrayEquals(outs.get(i).toFloatArray(), outsBack.get(i).toFloatArray(), 0f);
    }

    @Test
    void configRoundTripThroughJsonRebuildsTheSameGraph() {
        for (GraphModel m : List.of(residualBlock(Generator.seeded(10), 3), inception(Generator.seeded(11)))) {
            GraphModel back = roundTrip(m);
            assertEquals(ModuleRegistry.describe(m), ModuleRegistry.describe(back));
            Tensor x = Tensor.randn(Generator.seeded(12), 2, ((Linear) m.children().get("linear")).weight().size(1));
            assertArrayEquals(m.forward(x).toFloatArray(), back.forward(x).toFloatArray(), 0f);
        }
        // Nested in a Sequential, too.
        Sequential seq = new Sequential(residualBlock(Generator.seeded(13), 3), new Linear(3, 1, LIN, Generator.seeded(14)));
        Module back = ModuleRegistry.fromConfig(json(ModuleRegistry.describe(seq)));
        back.loadState(seq.state());
        Tensor x = Tensor.randn(Generator.seeded(15), 4, 3);
        assertArrayEquals(seq.forward(x).toFloatArray(), back.forward(x).toFloatArray(), 0f);
        assertTrue(seq.namedParameters().containsKey("0.linear_1.weight"));
    }

    @Test
    void rejectsGraphsThatDependOnUndeclaredInputs() {
        GraphModel.Node x = GraphModel.input("x"), z = GraphModel.input("z");
        GraphModel.Node y = GraphModel.apply(new Add(), x, z);
        var e = assertThrows(IllegalArgumentException.class, () -> GraphModel.of(x, y));
        assertTrue(e.getMessage().contains("'z'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GraphModel.of(List.of(x, GraphModel.input("x")), List.of(y)));
        assertThrows(IllegalArgumentException.class, () -> GraphModel.input("a.b"));
    }

    /** A model in eval mode (with Dropout and BatchNorm) gives identical outputs from 4 threads at once and sequentially. */
    @Test
    void evalModeInferenceIsThreadSafe() throws Exception {
        Generator g = Generator.seeded(16);
        GraphModel.Node x = GraphModel.input("x");
        GraphModel.Node h = GraphModel.apply(new Linear(8, 16, LIN.withBias(false), g), x);
        h = GraphModel.apply(new BatchNorm1d(16), h);
        h = GraphModel.apply(new ReLU(), h);
        h = GraphModel.apply(Dropout.ofKeepProb(0.5, Generator.seeded(17)), h);
        GraphModel m = GraphModel.of(x, GraphModel.apply(new Linear(16, 3, LIN, g), h));
        for (int i = 0; i < 3; i++) m.forward(Tensor.randn(Generator.seeded(20 + i), 32, 8)); // training steps move the statistics
        m.eval();
        List<Tensor> inputs = new ArrayList<>();
        for (int i = 0; i < 16; i++) inputs.add(Tensor.randn(Generator.seeded(100 + i), 64, 8));
        List<float[]> sequential = new ArrayList<>();
        for (Tensor in : inputs) sequential.add(m.forward(in).toFloatArray());
        Map<String, Tensor> stateBefore = m.state();
        List<float[]> before = stateBefore.values().stream().map(Tensor::toFloatArray).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 5; round++) {
                List<Future<float[]>> futures = new ArrayList<>();
                for (Tensor in : inputs) futures.add(pool.submit((Callable<float[]>) () -> m.forward(in).toFloatArray()));
                for (int i = 0; i < inputs.size(); i++) assertArrayEquals(sequential.get(i), futures.get(i).get(), 0f, "input " + i);
            }
        } finally {
            pool.shutdown();
        }
        List<float[]> after = m.state().values().stream().map(Tensor::toFloatArray).toList();
        for (int i = 0; i < before.size(); i++) assertArrayEquals(before.get(i), after.get(i), 0f);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Map<String, Object> description) {
        Gson gson = new Gson();
        return gson.fromJson(gson.toJson(description), Map.class);
    }

    private static GraphModel roundTrip(GraphModel m) {
        GraphModel back = (GraphModel) ModuleRegistry.fromConfig(json(ModuleRegistry.describe(m)));
        back.loadState(m.state());
        return back;
    }
}
