package ai.deepj.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.deepj.tensor.Tensor;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Reads {@code fixtures/optim.json} (written by {@code tools/fixtures/generate_optim.py}). */
final class Fixtures {
    /** float64 on both sides; what remains is a few ulps from a different order of operations. */
    static final double RTOL = 1e-12, ATOL = 1e-12;

    private static JsonObject doc;

    private Fixtures() {}

    static synchronized JsonObject doc() {
        if (doc == null) {
            try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/optim.json")) {
                assertNotNull(in, "/fixtures/optim.json");
                doc = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return doc;
    }

    static double[] doubles(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) d[i] = a.get(i).getAsDouble();
        return d;
    }

    static int[] ints(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        int[] d = new int[a.size()];
        for (int i = 0; i < d.length; i++) d[i] = a.get(i).getAsInt();
        return d;
    }

    /** A float64 tensor from {@code {shape, data}}. */
    static Tensor tensor(JsonObject o) {
        return Tensor.of(doubles(o.get("data")), ints(o.get("shape")));
    }

    /** Element-wise {@code |actual − expected| ≤ ATOL + RTOL·|expected|}. */
    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double tol = ATOL + RTOL * Math.abs(expected[i]);
            if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]
                        + " (difference " + Math.abs(actual[i] - expected[i]) + " > tolerance " + tol + ")");
            }
        }
    }

    /** The largest element-wise difference. */
    static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }
}
