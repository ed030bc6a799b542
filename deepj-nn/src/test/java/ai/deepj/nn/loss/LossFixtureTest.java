package ai.deepj.nn.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.Tensor;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the PyTorch fixtures in {@code fixtures/losses.json} (written by
 * {@code tools/fixtures/generate_losses.py}): for every loss, reduction and option (weights,
 * positive weights, class weights, label smoothing, logits of ±50 and ±1000, probabilities near
 * 0 and 1), the loss value and its gradient with respect to the input for a random upstream
 * gradient must match PyTorch's.
 *
 * <p>Tolerance, element by element: {@code |actual − expected| ≤ 1e-12 + 1e-12·|expected|}. Both
 * sides compute in float64; what remains is rounding from a different order of operations (PyTorch
 * computes BCE's gradient as {@code (p − y)/(p(1 − p))}, deepj as {@code −y/p + (1 − y)/(1 − p)};
 * deepj's fused softmax cross-entropy sums in a different order), a few ulps.
 */
class LossFixtureTest {
    static final double RTOL = 1e-12, ATOL = 1e-12;

    static List<JsonObject> cases() {
        try (InputStream in = LossFixtureTest.class.getResourceAsStream("/fixtures/losses.json")) {
            assertNotNull(in, "fixtures/losses.json");
            JsonObject doc = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
            List<JsonObject> out = new ArrayList<>();
            for (JsonElement e : doc.getAsJsonArray("cases")) out.add(e.getAsJsonObject());
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void fixturesCoverEveryLossAndReduction() {
        List<JsonObject> cs = cases();
        for (String loss : List.of("mse", "mae", "huber", "bce", "bce_logits", "cross_entropy")) {
            for (String red : List.of("mean", "sum", "none")) {
                assertTrue(cs.stream().anyMatch(c -> c.get("loss").getAsString().equals(loss)
                        && c.getAsJsonObject("options").get("reduction").getAsString().equals(red)), loss + " " + red);
            }
        }
        assertTrue(cs.size() >= 45, "only " + cs.size() + " cases");
    }

    @TestFactory
    Stream<DynamicTest> lossesMatchPyTorch() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.get("name").getAsString(), () -> replay(c)));
    }

    private static void replay(JsonObject c) {
        String name = c.get("name").getAsString();
        JsonObject o = c.getAsJsonObject("options");
        Reduction red = Reduction.valueOf(o.get("reduction").getAsString().toUpperCase(Locale.ROOT));
        Tensor x = tensor(c.getAsJsonObject("input")).requiresGrad(true);
        JsonObject tj = c.getAsJsonObject("target");
        Tensor target = tj.get("dtype").getAsString().equals("int32") ? Tensor.of(ints(tj), shape(tj)) : tensor(tj);
        Loss loss = switch (c.get("loss").getAsString()) {
            case "mse" -> new MeanSquaredError(red);
            case "mae" -> new MeanAbsoluteError(red);
            case "huber" -> new HuberLoss(HuberLoss.Options.defaults().withReduction(red)
                    .withDelta(o.has("delta") ? o.get("delta").getAsDouble() : 1.0));
            case "bce" -> new BinaryCrossEntropy(BinaryCrossEntropy.Options.defaults().withReduction(red).withWeight(opt(o, "weight")));
            case "bce_logits" -> new BinaryCrossEntropyWithLogits(BinaryCrossEntropyWithLogits.Options.defaults()
                    .withReduction(red).withWeight(opt(o, "weight")).withPosWeight(opt(o, "pos_weight")));
            case "cross_entropy" -> new CrossEntropy(CrossEntropy.Options.defaults().withReduction(red)
                    .withClassWeights(opt(o, "class_weights"))
                    .withLabelSmoothing(o.has("label_smoothing") ? o.get("label_smoothing").getAsDouble() : 0));
            default -> throw new AssertionError(name);
        };
        Tensor out = loss.compute(x, target);
        JsonObject eo = c.getAsJsonObject("output");
        assertArrayEquals(shape(eo), out.shape().toArray(), name + ": output shape");
        assertClose(name + ": value", doubles(eo), out.toDoubleArray());
        out.backward(tensor(c.getAsJsonObject("upstream")));
        assertClose(name + ": gradient", doubles(c.getAsJsonObject("grad")), x.grad().toDoubleArray());
    }

    static void assertClose(String what, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double tol = ATOL + RTOL * Math.abs(expected[i]);
            assertTrue(Math.abs(actual[i] - expected[i]) <= tol,
                    what + " at " + i + ": expected " + expected[i] + ", got " + actual[i]);
        }
    }

    private static Tensor opt(JsonObject o, String key) {
        return o.has(key) ? tensor(o.getAsJsonObject(key)) : null;
    }

    static Tensor tensor(JsonObject t) {
        return Tensor.of(doubles(t), shape(t));
    }

    static int[] shape(JsonObject t) {
        JsonArray a = t.getAsJsonArray("shape");
        int[] s = new int[a.size()];
        for (int i = 0; i < s.length; i++) s[i] = a.get(i).getAsInt();
        return s;
    }

    static double[] doubles(JsonObject t) {
        JsonArray a = t.getAsJsonArray("data");
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) d[i] = a.get(i).getAsDouble();
        return d;
    }

    static int[] ints(JsonObject t) {
        double[] d = doubles(t);
        int[] r = new int[d.length];
        for (int i = 0; i < d.length; i++) r[i] = (int) d[i];
        return r;
    }
}
