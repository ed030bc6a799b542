package ai.deepj.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Files written by NumPy (tools/fixtures/generate_npy.py), read back value for value. */
class NpyNumpyFixturesTest {
    private static Path dir() {
        try {
            return Path.of(NpyNumpyFixturesTest.class.getResource("/npy/expected.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject expected() throws IOException {
        return JsonParser.parseString(Files.readString(dir().resolve("expected.json"))).getAsJsonObject();
    }

    private static DType tensorType(String descr) {
        return switch (descr.substring(1)) {
            case "f2", "f4" -> DType.FLOAT32;
            case "f8" -> DType.FLOAT64;
            default -> DType.INT32;
        };
    }

    private static void check(String what, JsonObject e, Tensor t) {
        int[] shape = ints(e.getAsJsonArray("shape"));
        assertArrayEquals(shape, t.shape().toArray(), what);
        assertEquals(tensorType(e.get("descr").getAsString()), t.dtype(), what);
        JsonArray values = e.getAsJsonArray("values");
        double[] want = new double[values.size()];
        for (int i = 0; i < want.length; i++) want[i] = values.get(i).getAsDouble();
        assertArrayEquals(want, t.toDoubleArray(), 0, what + ": every value, exactly");
    }

    private static int[] ints(JsonArray a) {
        int[] r = new int[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsInt();
        return r;
    }

    @Test
    void readsEveryNumpyCaseExactly() throws IOException {
        JsonObject all = expected();
        List<String> seen = new ArrayList<>();
        for (String name : all.keySet()) {
            if (name.startsWith("_") || name.endsWith(".npz")) continue;
            JsonObject e = all.getAsJsonObject(name);
            Tensor t = Npy.read(dir().resolve(name + ".npy"));
            check(name + " (" + e.get("descr").getAsString() + ", version " + e.get("version").getAsString()
                    + (e.get("fortran_order").getAsBoolean() ? ", Fortran order" : "") + ")", e, t);
            seen.add(name);
        }
        // the cases the brief names are all there
        assertTrue(seen.containsAll(List.of("f4", "f8", "i4", "i8", "u1", "i1", "b1", "i2", "f4_be", "f8_be", "i2_be", "i4_be",
                "i8_be", "fortran_f4", "fortran_i4", "fortran_f8_be", "v2", "v3", "scalar", "empty")), seen.toString());
        assertTrue(all.getAsJsonObject("fortran_f4").get("fortran_order").getAsBoolean());
        assertEquals("3.0", all.getAsJsonObject("v3").get("version").getAsString());
    }

    @Test
    void fortranOrderIsTransposedIntoRowMajor() throws IOException {
        // np.asfortranarray(np.arange(6).reshape(3, 2)): the file holds 0 2 4 1 3 5, the array is [[0,1],[2,3],[4,5]]
        Tensor t = Npy.read(dir().resolve("fortran_i4.npy"));
        assertArrayEquals(new int[] {3, 2}, t.shape().toArray());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, t.toIntArray());
        assertTrue(t.isContiguous());
    }

    @Test
    void readsStoredAndCompressedArchivesInTheirOrder() throws IOException {
        JsonObject all = expected();
        for (String file : new String[] {"stored.npz", "compressed.npz"}) {
            JsonObject e = all.getAsJsonObject(file);
            Map<String, Tensor> arrays = Npz.read(dir().resolve(file));
            List<String> order = new ArrayList<>();
            e.getAsJsonArray("_order").forEach(k -> order.add(k.getAsString()));
            assertEquals(order, new ArrayList<>(arrays.keySet()), file);
            for (String k : order) check(file + "[" + k + "]", e.getAsJsonObject(k), arrays.get(k));
        }
    }

    @Test
    void int64BeyondInt32IsRefusedNamingTheValue() {
        var ex = assertThrows(DataFileException.class, () -> Npy.read(dir().resolve("int64_big.npy")));
        assertTrue(ex.getMessage().contains("3000000000 at flat index 2") && ex.getMessage().contains("int64"), ex.getMessage());
    }

    @Test
    void complexDtypeIsRefusedByName() {
        var ex = assertThrows(DataFileException.class, () -> Npy.read(dir().resolve("complex.npy")));
        assertTrue(ex.getMessage().contains("unsupported dtype '<c8' (complex)"), ex.getMessage());
    }
}
