package ai.deepj.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Files written by Python's reference {@code safetensors} (0.8.0, via {@code safetensors.torch.save_file};
 * committed fixtures from {@code tools/fixtures/generate_safetensors.py}) read back with every value
 * exact (tolerance 0: the bytes are the same IEEE values), and deepj's writer produces exactly the bytes
 * Python writes for the same tensors.
 */
class PythonInteropTest {
    private static Path resource(String name) throws URISyntaxException {
        return Path.of(PythonInteropTest.class.getResource("/io/" + name).toURI());
    }

    @Test
    void readsEveryValueOfAFileWrittenByPython() throws Exception {
        Safetensors.Contents c = Safetensors.read(resource("python.safetensors"));
        JsonObject expected;
        try (InputStream in = PythonInteropTest.class.getResourceAsStream("/io/python.json")) {
            expected = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        }
        assertEquals(expected.getAsJsonObject("metadata").get("source").getAsString(), c.metadata().get("source"));
        JsonObject tensors = expected.getAsJsonObject("tensors");
        assertEquals(tensors.keySet(), c.tensors().keySet());
        for (String name : tensors.keySet()) {
            JsonObject e = tensors.getAsJsonObject(name);
            Tensor t = c.tensors().get(name);
            int[] shape = e.getAsJsonArray("shape").asList().stream().mapToInt(JsonElement::getAsInt).toArray();
            assertArrayEquals(shape, t.shape().toArray(), name);
            var data = e.getAsJsonArray("data").asList();
            switch (e.get("dtype").getAsString()) {
                case "F32" -> {
                    assertEquals(DType.FLOAT32, t.dtype(), name);
                    float[] want = new float[data.size()];
                    for (int i = 0; i < want.length; i++) want[i] = (float) data.get(i).getAsDouble(); // exact: a widened float32
                    assertArrayEquals(want, t.toFloatArray(), 0f, name);
                }
                case "F64" -> {
                    assertEquals(DType.FLOAT64, t.dtype(), name);
                    assertArrayEquals(data.stream().mapToDouble(JsonElement::getAsDouble).toArray(), t.toDoubleArray(), 0.0, name);
                }
                case "I32", "I64" -> { // I64 values that fit are read as int32
                    assertEquals(DType.INT32, t.dtype(), name);
                    assertArrayEquals(data.stream().mapToInt(JsonElement::getAsInt).toArray(), t.toIntArray(), name);
                }
                default -> throw new AssertionError("fixture has unexpected dtype " + e.get("dtype"));
            }
        }
        assertTrue(c.tensors().get("double").numel() > 1 && c.tensors().get("empty").numel() == 0);
    }

    @Test
    void refusesPythonsHalfPrecisionByName() throws Exception {
        Path f = resource("python_f16.safetensors");
        var e = assertThrows(FileFormatException.class, () -> Safetensors.read(f));
        assertTrue(e.getMessage().contains("tensor 'half' has dtype F16, which deepj does not read"), e.getMessage());
    }

    /** Keep in step with layout_tensors() in tools/fixtures/generate_safetensors.py. */
    static Map<String, Tensor> layoutTensors() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("weight", Tensor.of(new float[] {-1f, -0.5f, 0f, 0.5f, 1f, 1.5f}, 2, 3));
        m.put("bias", Tensor.of(new double[] {-1.5, 2.25}, 2));
        m.put("idx", Tensor.of(new int[] {3, -7, 0}, 3));
        m.put("Zeta", Tensor.scalar(3.0, DType.FLOAT32));
        m.put("émbed", Tensor.of(new float[] {1e-30f, -0f}, 1, 2));
        m.put("empty", Tensor.zeros(DType.FLOAT64, 2, 0));
        return m;
    }

    @Test
    void writesTheSameBytesAsPython() throws Exception {
        var out = new ByteArrayOutputStream();
        Safetensors.write(out, layoutTensors(), Map.of("format", "pt"));
        byte[] python = Files.readAllBytes(resource("layout.safetensors"));
        assertEquals(new String(python, StandardCharsets.UTF_8), new String(out.toByteArray(), StandardCharsets.UTF_8));
        assertArrayEquals(python, out.toByteArray());
    }

    /**
     * Writes a file for checking by hand that Python reads what deepj writes (see the {@link Safetensors}
     * Javadoc for the command): {@code java -cp ... ai.deepj.nn.io.PythonInteropTest out.safetensors}.
     */
    public static void main(String[] args) throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>(layoutTensors());
        m.put("big", Tensor.arange(DType.FLOAT32, 0, 100_000, 1).mul(0.25));
        m.put("ints", Tensor.of(new int[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE}, 2, 2));
        Safetensors.write(Path.of(args[0]), m, Map.of("format", "pt", "written_by", "deepj", "note", "ünïcode"));
    }
}
