package ai.deepj.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every case of the PyTorch fixtures in {@code src/test/resources/fixtures/} (written by
 * {@code tools/fixtures/generate_ops.py}) through deepj's public API: same inputs, same upstream
 * gradient, and compares the outputs and the gradient of every input with PyTorch's.
 *
 * <p>Tolerances, element by element, {@code |actual − expected| ≤ atol + rtol·|expected|}:
 * <ul>
 *   <li>float64 cases: {@code rtol = 1e-12}, {@code atol = 1e-12}. Both libraries compute in float64;
 *       what remains is rounding from a different order of summation or a different libm, a few ulps.</li>
 *   <li>float32 cases (names ending in {@code [float32]}, PyTorch computing in float32 too):
 *       {@code rtol = 1e-5}, {@code atol = 1e-5}. float32 has about 7 significant digits and the two
 *       libraries accumulate sums and products in different orders (and deepj sometimes in float64).</li>
 * </ul>
 * NaN must match NaN and infinities must match exactly. Integer outputs must match exactly.
 *
 * <p>Conventions where deepj differs from PyTorch on purpose (the fixtures are written in deepj's
 * convention): comparisons return 0/1 in the promoted input type rather than bool; argmax, argmin
 * and oneHot return int32 rather than int64; where/maskedFill take a numeric condition.
 */
class TorchFixtureTest {
    static final double RTOL64 = 1e-12, ATOL64 = 1e-12;
    static final double RTOL32 = 1e-5, ATOL32 = 1e-5;
    static final String[] FAMILIES = {"elementwise", "reductions", "matmul", "views", "join", "indexing"};

    @TestFactory
    Stream<DynamicNode> pytorchFixtures() {
        return Stream.of(FAMILIES).map(family -> DynamicContainer.dynamicContainer(family,
                cases(family).stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> replay(c)))));
    }

    /** Guards against a fixture file silently losing cases or a family silently losing its float32 subset. */
    @Test
    void fixturesCoverEveryFamilyInBothPrecisions() {
        int total = 0;
        for (String family : FAMILIES) {
            List<Map<String, Object>> cs = cases(family);
            assertFalse(cs.isEmpty(), family);
            assertTrue(cs.stream().anyMatch(c -> ((String) c.get("name")).endsWith("[float32]")), family + " has no float32 cases");
            total += cs.size();
        }
        assertTrue(total >= 250, "only " + total + " fixture cases");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> cases(String family) {
        String path = "/fixtures/" + family + ".json";
        try (InputStream in = TorchFixtureTest.class.getResourceAsStream(path)) {
            assertNotNull(in, path);
            Map<String, Object> doc = (Map<String, Object>) MiniJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return (List<Map<String, Object>>) doc.get("cases");
        } catch (IOException e) {
            throw new AssertionError(path, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void replay(Map<String, Object> c) {
        String name = (String) c.get("name");
        String op = (String) c.get("op");
        Map<String, Object> p = (Map<String, Object>) c.get("params");
        List<Map<String, Object>> ins = (List<Map<String, Object>>) c.get("inputs");
        List<Tensor> inputs = new ArrayList<>();
        for (Map<String, Object> in : ins) {
            Tensor t = tensor((String) in.get("dtype"), ints(in.get("shape")), doubles(in.get("data")));
            if ((Boolean) in.get("grad")) t.requiresGrad(true);
            inputs.add(t);
        }
        List<Tensor> outs = apply(op, inputs, p);

        List<Map<String, Object>> expectedOuts = (List<Map<String, Object>>) c.get("outputs");
        assertEquals(expectedOuts.size(), outs.size(), name + ": number of outputs");
        boolean float32 = name.endsWith("[float32]");
        for (int k = 0; k < outs.size(); k++) {
            Map<String, Object> e = expectedOuts.get(k);
            Tensor o = outs.get(k);
            assertEquals(e.get("dtype"), o.dtype().toString(), name + ": dtype of output " + k);
            assertArrayEquals(ints(e.get("shape")), o.shape().toArray(), name + ": shape of output " + k);
            assertClose(name + ": output " + k, doubles(e.get("data")), o.toDoubleArray(), float32);
        }

        List<Object> upstream = (List<Object>) c.get("upstream");
        Tensor loss = null;
        for (int k = 0; k < outs.size(); k++) {
            if (upstream.get(k) == null) continue;
            Tensor o = outs.get(k);
            assertTrue(o.requiresGrad(), name + ": output " + k + " should require grad");
            Tensor up = tensor(o.dtype().toString(), o.shape().toArray(), doubles(upstream.get(k)));
            if (outs.size() == 1) {
                o.backward(up);
            } else {
                Tensor term = o.mul(up).sum();
                loss = loss == null ? term : loss.add(term);
            }
        }
        if (loss != null) loss.backward();

        List<Object> grads = (List<Object>) c.get("grads");
        for (int i = 0; i < inputs.size(); i++) {
            Map<String, Object> g = (Map<String, Object>) grads.get(i);
            if (g == null) continue;
            Tensor in = inputs.get(i);
            double[] expected = doubles(g.get("data"));
            // deepj leaves grad() null for an input the outputs do not depend on; PyTorch's is zeros.
            double[] actual = in.grad() == null ? new double[expected.length] : in.grad().toDoubleArray();
            if (in.grad() != null) {
                assertArrayEquals(ints(g.get("shape")), in.grad().shape().toArray(), name + ": shape of grad " + i);
                assertEquals(in.dtype(), in.grad().dtype(), name + ": dtype of grad " + i);
            }
            assertClose(name + ": grad of input " + i, expected, actual, float32);
        }
    }

    /** The deepj call for each fixture op; mirrors {@code torch_apply} in the generator. */
    @SuppressWarnings("unchecked")
    private static List<Tensor> apply(String op, List<Tensor> xs, Map<String, Object> p) {
        if (p.containsKey("pre_transpose")) {
            int[] d = ints(p.get("pre_transpose"));
            xs = new ArrayList<>(xs);
            xs.set(0, xs.get(0).transpose(d[0], d[1]));
        }
        Tensor a = xs.get(0);
        Tensor b = xs.size() > 1 ? xs.get(1) : null;
        boolean kd = p.containsKey("keepdims") && (Boolean) p.get("keepdims");
        int[] axes = p.containsKey("axes") ? ints(p.get("axes")) : null;
        return switch (op) {
            case "split" -> a.split(integer(p, "size"), integer(p, "dim"));
            case "split_sizes" -> a.split(ints(p.get("sizes")), integer(p, "dim"));
            default -> List.of(switch (op) {
                case "add" -> a.add(b);
                case "sub" -> a.sub(b);
                case "mul" -> a.mul(b);
                case "div" -> a.div(b);
                case "pow" -> a.pow(b);
                case "maximum" -> a.maximum(b);
                case "minimum" -> a.minimum(b);
                case "eq" -> a.eq(b);
                case "ne" -> a.ne(b);
                case "lt" -> a.lt(b);
                case "le" -> a.le(b);
                case "gt" -> a.gt(b);
                case "ge" -> a.ge(b);
                case "add_scalar" -> a.add(number(p, "value"));
                case "sub_scalar" -> a.sub(number(p, "value"));
                case "rsub_scalar" -> a.rsub(number(p, "value"));
                case "mul_scalar" -> a.mul(number(p, "value"));
                case "div_scalar" -> a.div(number(p, "value"));
                case "pow_scalar" -> a.pow(number(p, "value"));
                case "eq_scalar" -> a.eq(number(p, "value"));
                case "lt_scalar" -> a.lt(number(p, "value"));
                case "gt_scalar" -> a.gt(number(p, "value"));
                case "where" -> Tensor.where(a, b, xs.get(2));
                case "masked_fill" -> a.maskedFill(b, number(p, "value"));
                case "clamp" -> a.clamp(number(p, "min"), number(p, "max"));
                case "neg" -> a.neg();
                case "abs" -> a.abs();
                case "sign" -> a.sign();
                case "exp" -> a.exp();
                case "log" -> a.log();
                case "log1p" -> a.log1p();
                case "sqrt" -> a.sqrt();
                case "square" -> a.square();
                case "reciprocal" -> a.reciprocal();
                case "tanh" -> a.tanh();
                case "sigmoid" -> a.sigmoid();
                case "relu" -> a.relu();
                case "leaky_relu" -> a.leakyRelu(number(p, "slope"));
                case "sum" -> axes == null ? a.sum() : a.sum(axes, kd);
                case "mean" -> axes == null ? a.mean() : a.mean(axes, kd);
                case "max" -> axes == null ? a.max() : a.max(axes, kd);
                case "min" -> axes == null ? a.min() : a.min(axes, kd);
                case "argmax" -> a.argmax(integer(p, "axis"), kd);
                case "argmin" -> a.argmin(integer(p, "axis"), kd);
                case "var" -> a.var(axes, kd, integer(p, "correction"));
                case "norm" -> axes == null ? a.norm() : a.norm(number(p, "p"), axes, kd);
                case "logsumexp" -> a.logsumexp(axes, kd);
                case "matmul" -> {
                    Tensor l = flag(p, "transA") ? a.transpose(-1, -2) : a;
                    Tensor r = flag(p, "transB") ? b.transpose(-1, -2) : b;
                    yield l.matmul(r);
                }
                case "reshape" -> a.reshape(ints(p.get("shape")));
                case "flatten" -> p.containsKey("start") ? a.flatten(integer(p, "start"), integer(p, "end")) : a.flatten();
                case "transpose" -> a.transpose(integer(p, "d0"), integer(p, "d1"));
                case "permute" -> a.permute(ints(p.get("order")));
                case "narrow" -> a.narrow(integer(p, "dim"), integer(p, "start"), integer(p, "length"));
                case "slice" -> a.slice(integer(p, "dim"), integer(p, "start"), integer(p, "end"), integer(p, "step"));
                case "select" -> a.select(integer(p, "dim"), integer(p, "index"));
                case "expand" -> a.expand(ints(p.get("shape")));
                case "squeeze" -> p.containsKey("dim") ? a.squeeze(integer(p, "dim")) : a.squeeze();
                case "unsqueeze" -> a.unsqueeze(integer(p, "dim"));
                case "contiguous" -> a.contiguous();
                case "clone" -> a.clone();
                case "concat" -> Tensor.concat(integer(p, "dim"), xs.toArray(Tensor[]::new));
                case "stack" -> Tensor.stack(integer(p, "dim"), xs.toArray(Tensor[]::new));
                case "gather" -> a.gather(integer(p, "dim"), b);
                case "index_select" -> a.indexSelect(integer(p, "dim"), b);
                case "scatter_add" -> a.scatterAdd(integer(p, "dim"), b, xs.get(2));
                case "one_hot" -> Tensor.oneHot(a, integer(p, "classes"), dtype((String) p.get("dtype")));
                case "to" -> a.to(dtype((String) p.get("dtype")));
                default -> throw new AssertionError("fixture op '" + op + "' has no deepj mapping");
            });
        };
    }

    static void assertClose(String what, double[] expected, double[] actual, boolean float32) {
        assertEquals(expected.length, actual.length, what + ": length");
        double rtol = float32 ? RTOL32 : RTOL64, atol = float32 ? ATOL32 : ATOL64;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            boolean ok = Double.isNaN(e) ? Double.isNaN(a)
                    : Double.isInfinite(e) ? e == a
                    : Math.abs(a - e) <= atol + rtol * Math.abs(e);
            if (!ok) fail(what + ": element " + i + " is " + a + ", PyTorch says " + e + " (difference " + (a - e) + ")");
        }
    }

    static Tensor tensor(String dtype, int[] shape, double[] data) {
        return switch (dtype(dtype)) {
            case FLOAT64 -> Tensor.of(data, shape);
            case FLOAT32 -> {
                float[] f = new float[data.length];
                for (int i = 0; i < f.length; i++) f[i] = (float) data[i];
                yield Tensor.of(f, shape);
            }
            case INT32 -> {
                int[] n = new int[data.length];
                for (int i = 0; i < n.length; i++) n[i] = (int) data[i];
                yield Tensor.of(n, shape);
            }
        };
    }

    static DType dtype(String name) {
        return DType.valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    private static boolean flag(Map<String, Object> p, String key) {
        return p.containsKey(key) && (Boolean) p.get(key);
    }

    private static double number(Map<String, Object> p, String key) {
        return (Double) p.get(key);
    }

    private static int integer(Map<String, Object> p, String key) {
        return (int) (double) (Double) p.get(key);
    }

    @SuppressWarnings("unchecked")
    static int[] ints(Object list) {
        return ((List<Object>) list).stream().mapToInt(v -> (int) (double) (Double) v).toArray();
    }

    @SuppressWarnings("unchecked")
    static double[] doubles(Object list) {
        return ((List<Object>) list).stream().mapToDouble(v -> (Double) v).toArray();
    }
}
