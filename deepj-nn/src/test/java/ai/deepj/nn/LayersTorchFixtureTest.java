package ai.deepj.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import com.google.gson.Gson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the PyTorch fixtures of {@code fixtures/layers.json} (written by
 * {@code tools/fixtures/generate_layers.py}): each layer is built from its config in float64,
 * given PyTorch's parameters, run forward on the same input, and back-propagated from the same
 * random upstream gradient; the output and the gradients of the input and of every parameter
 * must agree with PyTorch's. Batch norm's running statistics after four training steps and its
 * evaluation output are compared too.
 *
 * <p>Tolerance, element by element: {@code |actual − expected| ≤ 1e-12 + 1e-10·|expected|}. Both
 * sides compute in float64; the rest is a different summation order or libm (erf, exp): a few
 * ulps, well inside 1e-10 relative.
 */
class LayersTorchFixtureTest {
    static final double RTOL = 1e-10, ATOL = 1e-12;

    static List<Map<String, Object>> cases() {
        return cases("/fixtures/layers.json");
    }

    /** The cases of a fixture file on the test class path. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> cases(String resource) {
        try (InputStream in = LayersTorchFixtureTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            Map<String, Object> doc = new Gson().fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), Map.class);
            return (List<Map<String, Object>>) doc.get("cases");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> layersMatchPyTorch() {
        return cases().stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> replay(c)));
    }

    @Test
    void fixturesCoverEveryLayer() {
        var types = cases().stream().map(c -> (String) ((Map<?, ?>) c.get("module")).get("type")).distinct().toList();
        for (String t : List.of("Linear", "Sigmoid", "Tanh", "LeakyReLU", "ELU", "GELU", "Softplus", "Softmax", "LogSoftmax", "Flatten",
                "Embedding", "BatchNorm1d", "Dropout")) {
            assertTrue(types.contains(t), "no fixture for " + t);
        }
    }

    /** Builds the case's module, runs it and compares everything the case recorded (shared with {@link PoolTorchFixtureTest}). */
    @SuppressWarnings("unchecked")
    static void replay(Map<String, Object> c) {
        Module m;
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            m = ModuleRegistry.fromConfig((Map<String, Object>) c.get("module"));
        }
        String mode = (String) c.get("mode");
        if (mode.equals("steps")) {
            for (Object b : (List<Object>) c.get("steps")) m.forward(tensor((Map<String, Object>) b));
            Map<String, Object> after = (Map<String, Object>) c.get("after");
            for (var e : after.entrySet()) {
                assertClose(c.get("name") + " " + e.getKey(), (Map<String, Object>) e.getValue(), m.namedBuffers().get(e.getKey()));
            }
            m.eval();
            assertClose(c.get("name") + " eval output", (Map<String, Object>) c.get("output"),
                    m.forward(tensor((Map<String, Object>) c.get("input"))));
            return;
        }
        Map<String, Tensor> state = m.state();
        for (var e : ((Map<String, Object>) c.get("params")).entrySet()) state.put(e.getKey(), tensor((Map<String, Object>) e.getValue()));
        m.loadState(state);
        m.train(mode.equals("train"));
        Map<String, Object> in = (Map<String, Object>) c.get("input");
        Tensor x = tensor(in);
        if (x.dtype().isFloating()) x.requiresGrad(true);
        Tensor y = m.forward(x);
        assertClose(c.get("name") + " output", (Map<String, Object>) c.get("output"), y);
        double[] up = ((List<Double>) c.get("upstream")).stream().mapToDouble(Double::doubleValue).toArray();
        y.backward(Tensor.of(up, y.shape().toArray()));
        Map<String, Object> grads = (Map<String, Object>) c.get("grads");
        assertEquals(grads.size(), m.namedParameters().size() + (x.requiresGrad() ? 1 : 0), "gradients recorded for " + grads.keySet());
        for (var e : grads.entrySet()) {
            Tensor actual = e.getKey().equals("input") ? x.grad() : m.namedParameters().get(e.getKey()).grad();
            assertNotNull(actual, c.get("name") + ": no gradient for " + e.getKey());
            assertClose(c.get("name") + " grad " + e.getKey(), (Map<String, Object>) e.getValue(), actual);
        }
    }

    @SuppressWarnings("unchecked")
    static Tensor tensor(Map<String, Object> t) {
        int[] shape = ((List<Double>) t.get("shape")).stream().mapToInt(Double::intValue).toArray();
        List<Double> data = (List<Double>) t.get("data");
        if ("int32".equals(t.get("dtype"))) return Tensor.of(data.stream().mapToInt(Double::intValue).toArray(), shape);
        return Tensor.of(data.stream().mapToDouble(Double::doubleValue).toArray(), shape);
    }

    static void assertClose(String what, Map<String, Object> expected, Tensor actual) {
        Tensor e = tensor(expected);
        assertArrayEquals(e.shape().toArray(), actual.shape().toArray(), what + ": shape");
        assertEquals(DType.FLOAT64, actual.dtype(), what + ": dtype");
        double[] ev = e.toDoubleArray(), av = actual.toDoubleArray();
        for (int i = 0; i < ev.length; i++) {
            double tol = ATOL + RTOL * Math.abs(ev[i]);
            if (!(Math.abs(av[i] - ev[i]) <= tol)) {
                throw new AssertionError(what + ": element " + i + " is " + av[i] + ", PyTorch " + ev[i] + " (tolerance " + tol + ")");
            }
        }
    }
}
