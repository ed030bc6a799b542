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
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the PyTorch fixtures of {@code fixtures/conv.json} (written by
 * {@code tools/fixtures/generate_conv.py}): each Conv1d/Conv2d/Conv3d is built from its config,
 * given PyTorch's weight and bias, run forward on the same input and back-propagated from the same
 * random upstream gradient; output and the gradients of input, weight and bias must agree.
 *
 * <p>float64: {@code |actual − expected| ≤ 1e-12·|expected| + 1e-12·max(1, max|expected|)}, the
 * second term because a convolution output is a sum of up to a few hundred products, whose rounding
 * (a few ulps of the largest terms) does not shrink with an output that happens to be near zero.
 *
 * <p>float32: the same layer built in float32, on the inputs rounded to float32, against PyTorch's
 * float64 values. Each result is a sum of at most {@code K} products, so the float32 error is at
 * most about {@code (K + 3)·u·Σ|terms|} (u = 2⁻²⁴; the 3 covers rounding x, w and the upstream
 * gradient to float32), where {@code Σ|terms|} comes from running the float64 layer on the
 * absolute values of everything.
 */
class ConvTorchFixtureTest {
    static final double RTOL = 1e-12;

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> cases() {
        try (InputStream in = ConvTorchFixtureTest.class.getResourceAsStream("/fixtures/conv.json")) {
            assertNotNull(in, "fixtures/conv.json");
            Map<String, Object> doc = new Gson().fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), Map.class);
            return (List<Map<String, Object>>) doc.get("cases");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void fixturesCoverEveryLayerAndPaddingMode() {
        List<Map<String, Object>> cases = cases();
        var types = cases.stream().map(c -> (String) module(c).get("type")).distinct().toList();
        assertTrue(types.containsAll(List.of("Conv1d", "Conv2d", "Conv3d")), types.toString());
        var paddings = cases.stream().map(c -> String.valueOf(config(c).get("padding"))).toList();
        assertTrue(paddings.contains("same") && paddings.contains("valid") && paddings.stream().anyMatch(p -> p.startsWith("[")), paddings.toString());
        assertTrue(cases.stream().anyMatch(c -> ((Number) config(c).get("groups")).intValue() > 1));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> module(Map<String, Object> c) {
        return (Map<String, Object>) c.get("module");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> config(Map<String, Object> c) {
        return (Map<String, Object>) module(c).get("config");
    }

    @TestFactory
    Stream<DynamicTest> convolutionsMatchPyTorchInFloat64() {
        return cases().stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> {
            Map<String, Tensor> got = replay(c, DType.FLOAT64, false);
            for (var e : got.entrySet()) {
                Tensor expected = LayersTorchFixtureTest.tensor(expected(c, e.getKey()));
                assertArrayEquals(expected.shape().toArray(), e.getValue().shape().toArray(), c.get("name") + " " + e.getKey() + ": shape");
                assertEquals(DType.FLOAT64, e.getValue().dtype());
                double[] ev = expected.toDoubleArray(), av = e.getValue().toDoubleArray();
                double scale = 1;
                for (double v : ev) scale = Math.max(scale, Math.abs(v));
                for (int i = 0; i < ev.length; i++) {
                    double tol = RTOL * Math.abs(ev[i]) + RTOL * scale;
                    if (!(Math.abs(av[i] - ev[i]) <= tol)) {
                        throw new AssertionError(c.get("name") + " " + e.getKey() + ": element " + i + " is " + av[i] + ", PyTorch "
                                + ev[i] + " (tolerance " + tol + ")");
                    }
                }
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> float32IsWithinItsRoundingBoundOfPyTorchsFloat64() {
        return cases().stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> {
            Map<String, Tensor> got = replay(c, DType.FLOAT32, false), bound = replay(c, DType.FLOAT64, true);
            Map<String, Object> cfg = config(c);
            int[] kernel = ((List<?>) cfg.get("kernel")).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
            long taps = 1;
            for (int k : kernel) taps *= k;
            int in = ((Number) cfg.get("in")).intValue(), out = ((Number) cfg.get("out")).intValue();
            int groups = ((Number) cfg.get("groups")).intValue();
            Tensor y = LayersTorchFixtureTest.tensor(expected(c, "output"));
            long positions = y.numel() / out; // batch × output positions
            long terms = in / groups * taps + (long) out * taps + positions + 1;
            double u = Math.ulp(1f) / 2;
            for (var e : got.entrySet()) {
                assertEquals(DType.FLOAT32, e.getValue().dtype(), c.get("name") + " " + e.getKey());
                double[] ev = LayersTorchFixtureTest.tensor(expected(c, e.getKey())).toDoubleArray(), av = e.getValue().toDoubleArray();
                double[] sv = bound.get(e.getKey()).toDoubleArray();
                for (int i = 0; i < ev.length; i++) {
                    double tol = (terms + 3) * u * sv[i] + Double.MIN_NORMAL;
                    if (!(Math.abs(av[i] - ev[i]) <= tol)) {
                        throw new AssertionError(c.get("name") + " " + e.getKey() + ": element " + i + " float32 " + av[i] + ", PyTorch "
                                + ev[i] + " (bound " + tol + ")");
                    }
                }
            }
        }));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> expected(Map<String, Object> c, String what) {
        if (what.equals("output")) return (Map<String, Object>) c.get("output");
        return (Map<String, Object>) ((Map<String, Object>) c.get("grads")).get(what);
    }

    /**
     * Output and gradients ("output", "input", "weight", "bias") of the case's layer built in
     * {@code dtype}; with {@code absolute}, of everything's absolute values (Σ|terms| for the bound).
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Tensor> replay(Map<String, Object> c, DType dtype, boolean absolute) {
        Module m;
        try (var s = DType.useDefaultFloat(dtype)) {
            m = ModuleRegistry.fromConfig(module(c));
        }
        Map<String, Tensor> state = m.state();
        for (var e : ((Map<String, Object>) c.get("params")).entrySet()) {
            Tensor p = LayersTorchFixtureTest.tensor((Map<String, Object>) e.getValue());
            state.put(e.getKey(), absolute ? p.abs() : p);
        }
        m.loadState(state);
        Tensor x = LayersTorchFixtureTest.tensor((Map<String, Object>) c.get("input"));
        x = (absolute ? x.abs() : x).to(dtype).requiresGrad(true);
        Tensor y = m.forward(x);
        double[] up = ((List<Double>) c.get("upstream")).stream().mapToDouble(Double::doubleValue).toArray();
        Tensor g = Tensor.of(up, y.shape().toArray());
        y.backward((absolute ? g.abs() : g).to(dtype));
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        out.put("output", y.detach());
        out.put("input", x.grad());
        for (var e : m.namedParameters().entrySet()) out.put(e.getKey(), e.getValue().grad());
        assertEquals(((Map<String, Object>) c.get("grads")).keySet(), Set.copyOf(out.keySet().stream().filter(k -> !k.equals("output")).toList()),
                "gradients recorded");
        return out;
    }
}
