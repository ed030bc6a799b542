package ai.deepj.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips through the safetensors format and every way a file can be broken. Values must come back bit for bit. */
class SafetensorsTest {
    @TempDir
    Path dir;

    private static Map<String, Tensor> sample() {
        Generator g = Generator.seeded(11);
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("w32", Tensor.randn(g, 3, 4));
        m.put("w64", Tensor.normal(g, DType.FLOAT64, 0, 1, 2, 5));
        m.put("ints", Tensor.of(new int[] {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE}, 2, 2));
        m.put("scalar", Tensor.scalar(-2.5, DType.FLOAT64));
        m.put("empty", Tensor.zeros(DType.FLOAT32, 0, 3));
        m.put("special", Tensor.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY, -0f, Float.MIN_VALUE}, 4));
        return m;
    }

    private static void assertSameTensor(String name, Tensor expected, Tensor actual) {
        assertEquals(expected.dtype(), actual.dtype(), name);
        assertEquals(expected.shape(), actual.shape(), name);
        switch (expected.dtype()) {
            case FLOAT32 -> {
                float[] e = expected.toFloatArray(), a = actual.toFloatArray();
                for (int i = 0; i < e.length; i++) assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), name + "[" + i + "]");
            }
            case FLOAT64 -> {
                double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
                for (int i = 0; i < e.length; i++) assertEquals(Double.doubleToRawLongBits(e[i]), Double.doubleToRawLongBits(a[i]), name + "[" + i + "]");
            }
            case INT32 -> assertArrayEquals(expected.toIntArray(), actual.toIntArray(), name);
        }
    }

    @Test
    void roundTripKeepsTypesShapesBitsAndMetadata() throws IOException {
        Path f = dir.resolve("a.safetensors");
        Map<String, Tensor> in = sample();
        Safetensors.write(f, in, Map.of("format", "pt", "note", "ünïcode \"quoted\"\n"));
        Safetensors.Contents c = Safetensors.read(f);
        assertEquals(in.keySet(), c.tensors().keySet());
        for (var e : in.entrySet()) assertSameTensor(e.getKey(), e.getValue(), c.tensors().get(e.getKey()));
        assertEquals(Map.of("format", "pt", "note", "ünïcode \"quoted\"\n"), c.metadata());
    }

    @Test
    void writesNonContiguousViewsInRowMajorOrder() throws IOException {
        Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Path f = dir.resolve("t.safetensors");
        Safetensors.write(f, Map.of("t", m.t(), "row", m.select(1, 1)));
        Safetensors.Contents c = Safetensors.read(f);
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, c.tensors().get("t").toDoubleArray());
        assertEquals(m.t().shape(), c.tensors().get("t").shape());
        assertArrayEquals(new double[] {2, 5}, c.tensors().get("row").toDoubleArray());
    }

    @Test
    void tensorsLargerThanOneCopyChunkRoundTrip() throws IOException {
        // 3 * 70_001 elements crosses the 64 KiB conversion chunk several times, at odd boundaries.
        Map<String, Tensor> in = Map.of(
                "f", Tensor.randn(Generator.seeded(1), 70_001),
                "d", Tensor.normal(Generator.seeded(2), DType.FLOAT64, 0, 1, 70_001),
                "i", Tensor.arange(DType.INT32, 0, 70_001, 1));
        Path f = dir.resolve("big.safetensors");
        Safetensors.write(f, in);
        Safetensors.Contents c = Safetensors.read(f);
        for (var e : in.entrySet()) assertSameTensor(e.getKey(), e.getValue(), c.tensors().get(e.getKey()));
    }

    @Test
    void layoutFollowsTheReferenceWriter() throws IOException {
        var out = new ByteArrayOutputStream();
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("b", Tensor.zeros(DType.INT32, 1));
        in.put("a", Tensor.zeros(DType.FLOAT32, 2));
        in.put("c", Tensor.zeros(DType.FLOAT64, 1));
        Safetensors.write(out, in, Map.of());
        byte[] bytes = out.toByteArray();
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header padded to a multiple of 8");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals("{\"c\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]},"
                + "\"b\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[16,20]}}", header.stripTrailing());
        assertTrue(header.substring(header.stripTrailing().length()).chars().allMatch(ch -> ch == ' '));
        assertEquals(8 + n + 20, bytes.length);
    }

    @Test
    void emptyFileHoldsNoTensors() throws IOException {
        Path f = dir.resolve("e.safetensors");
        Safetensors.write(f, Map.of());
        assertEquals(16, Files.size(f)); // "{}" padded to 8 bytes
        assertTrue(Safetensors.read(f).tensors().isEmpty());
    }

    @Test
    void refusesToWriteTheMetadataKeyAsATensorName() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.write(dir.resolve("x.safetensors"), Map.of("__metadata__", Tensor.zeros(1))));
        assertTrue(e.getMessage().contains("__metadata__"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("x.safetensors")));
    }

    // ------------------------------------------------------------------ corrupt files

    /** A file with the given header text and data bytes, built by hand. */
    private Path raw(String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        return write(b.array());
    }

    private Path write(byte[] bytes) throws IOException {
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, bytes);
        return f;
    }

    /** Reading fails with a FileFormatException naming the file and containing every fragment. */
    private static void assertRefused(Path f, String... fragments) {
        var e = assertThrows(FileFormatException.class, () -> Safetensors.read(f));
        assertEquals(f, e.file());
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        for (String s : fragments) assertTrue(e.getMessage().contains(s), "expected '" + s + "' in: " + e.getMessage());
    }

    private static String f32(String name, int[] shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"F32\",\"shape\":" + Arrays.toString(shape) + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    @Test
    void truncatedFilesAreRefusedAtEveryCut() throws IOException {
        var out = new ByteArrayOutputStream();
        Safetensors.write(out, sample(), Map.of("k", "v"));
        byte[] full = out.toByteArray();
        long n = ByteBuffer.wrap(full, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int[] cuts = {0, 3, 7, 8, 20, (int) (8 + n - 1), (int) (8 + n), (int) (8 + n + 5), full.length - 1};
        for (int cut : cuts) {
            Path f = write(Arrays.copyOf(full, cut));
            var e = assertThrows(FileFormatException.class, () -> Safetensors.read(f), "cut at " + cut);
            assertTrue(e.getMessage().contains("truncated"), "cut at " + cut + ": " + e.getMessage());
        }
    }

    @Test
    void headerLengthBeyondTheFileOrTheLimitIsRefused() throws IOException {
        byte[] b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).put("{}      ".getBytes(StandardCharsets.US_ASCII)).array();
        assertRefused(write(b), "header length 1000 exceeds the 8 bytes");
        b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).array();
        assertRefused(write(b), "header length 18446744073709551615", "limit");
        b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(200_000_000).array();
        assertRefused(write(b), "header length 200000000", "limit");
    }

    @Test
    void headerThatIsNotJsonIsRefused() throws IOException {
        assertRefused(raw("PK\u0003\u0004 this is a zip", new byte[0]), "not valid JSON");
        assertRefused(raw("{\"a\":{\"dtype\":\"F32\",", new byte[0]), "not valid JSON");
        assertRefused(raw("[1, 2]", new byte[0]), "not a JSON object");
        assertRefused(raw("{} {}", new byte[0]), "content after");
        assertRefused(raw("{\"a\": NaN}", new byte[0]), "not valid JSON");
        byte[] latin1 = "{\"\u00e9\":1}".getBytes(StandardCharsets.ISO_8859_1);
        byte[] bytes = ByteBuffer.allocate(8 + latin1.length).order(ByteOrder.LITTLE_ENDIAN).putLong(latin1.length).put(latin1).array();
        assertRefused(write(bytes), "not valid UTF-8");
    }

    @Test
    void offsetsOutOfRangeOverlappingOrWithGapsAreRefused() throws IOException {
        assertRefused(raw("{" + f32("a", new int[] {2}, 0, 8) + "}", new byte[4]), "'a'", "runs past the end of the 4-byte data section");
        assertRefused(raw("{" + f32("a", new int[] {2}, 0, 8) + "," + f32("b", new int[] {2}, 4, 12) + "}", new byte[12]),
                "'b'", "overlaps tensor 'a'");
        assertRefused(raw("{" + f32("a", new int[] {2}, 0, 8) + "," + f32("b", new int[] {2}, 12, 20) + "}", new byte[20]),
                "bytes 8 to 12", "belong to no tensor", "'b'");
        assertRefused(raw("{" + f32("a", new int[] {2}, 0, 8) + "}", new byte[12]), "data section has 12 bytes", "cover only 8");
        assertRefused(raw("{" + f32("a", new int[] {0}, 8, 0) + "}", new byte[8]), "'a'", "ends before it begins");
    }

    @Test
    void byteCountThatDoesNotMatchShapeAndTypeIsRefused() throws IOException {
        assertRefused(raw("{" + f32("w", new int[] {3}, 0, 8) + "}", new byte[8]), "'w'", "spans 8 bytes", "3 elements of F32 need 12");
        assertRefused(raw("{\"w\":{\"dtype\":\"F64\",\"shape\":[2,2],\"data_offsets\":[0,16]}}", new byte[16]),
                "'w'", "4 elements of F64 need 32");
    }

    @Test
    void unknownAndUnsupportedTypesAreRefusedByName() throws IOException {
        assertRefused(raw("{\"w\":{\"dtype\":\"F128\",\"shape\":[1],\"data_offsets\":[0,16]}}", new byte[16]),
                "tensor 'w'", "unknown dtype F128");
        assertRefused(raw("{\"h\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4]),
                "tensor 'h'", "dtype BF16, which deepj does not read");
        assertRefused(raw("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]), "tensor 'w'", "no string 'dtype'");
    }

    @Test
    void malformedShapesAndOffsetsAreRefused() throws IOException {
        for (String shape : List.of("[-1]", "[1.5]", "[1e1]", "\"3\"", "[\"3\"]")) {
            assertRefused(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":[0,4]}}", new byte[4]),
                    "tensor 'w'", "'shape' must be a list of non-negative integers");
        }
        assertRefused(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", new byte[4]),
                "'data_offsets' must be a list of 2 non-negative integers");
        assertRefused(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,4]}}", new byte[4]),
                "more elements than fit in one Java array");
        assertRefused(raw("{\"w\":[1]}", new byte[0]), "tensor 'w' is not a JSON object");
    }

    @Test
    void duplicateNamesAndBadMetadataAreRefused() throws IOException {
        assertRefused(raw("{" + f32("a", new int[] {1}, 0, 4) + "," + f32("a", new int[] {1}, 0, 4) + "}", new byte[4]), "names 'a' twice");
        assertRefused(raw("{\"__metadata__\":{\"n\":3}}", new byte[0]), "__metadata__ entry 'n' is not a string");
        assertRefused(raw("{\"__metadata__\":[]}", new byte[0]), "__metadata__ is not a JSON object");
    }

    @Test
    void int64IsReadAsInt32WhenItFitsAndRefusedOtherwise() throws IOException {
        String h = "{\"n\":{\"dtype\":\"I64\",\"shape\":[3],\"data_offsets\":[0,24]}}";
        byte[] fits = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putLong(5).putLong(-(1L << 31)).putLong((1L << 31) - 1).array();
        Tensor t = Safetensors.read(raw(h, fits)).tensors().get("n");
        assertEquals(DType.INT32, t.dtype());
        assertArrayEquals(new int[] {5, Integer.MIN_VALUE, Integer.MAX_VALUE}, t.toIntArray());
        byte[] big = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putLong(1).putLong(1L << 31).putLong(0).array();
        assertRefused(raw(h, big), "'n'", "holds 2147483648 at flat index 1", "int32");
    }

    @Test
    void readsUnpaddedHeadersAsTheReferenceReaderDoes() throws IOException {
        byte[] one = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).array();
        Tensor t = Safetensors.read(raw(" {" + f32("x", new int[] {1}, 0, 4) + "}", one)).tensors().get("x");
        assertArrayEquals(new float[] {1.5f}, t.toFloatArray());
    }
}
