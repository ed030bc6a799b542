package ai.deepj.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deepj's own NPY/NPZ writer and reader, and malformed files. */
class NpyTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsEveryTensorType() throws IOException {
        Generator g = Generator.seeded(3);
        List<Tensor> tensors = List.of(
                Tensor.randn(g, 3, 4),
                Tensor.randn(g, 2, 3, 2).to(DType.FLOAT64),
                Tensor.of(new int[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE}, 2, 2),
                Tensor.scalar(1.25),
                Tensor.zeros(0, 5),
                Tensor.randn(g, 4, 3).t());                       // a non-contiguous view
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            Path f = dir.resolve("t" + i + ".npy");
            Npy.write(f, t);
            Tensor back = Npy.read(f);
            assertEquals(t.dtype(), back.dtype());
            assertArrayEquals(t.shape().toArray(), back.shape().toArray());
            assertArrayEquals(t.toDoubleArray(), back.toDoubleArray(), 0);
        }
    }

    @Test
    void writesTheHeaderNumpyWrites() throws IOException {
        Path f = dir.resolve("h.npy");
        Npy.write(f, Tensor.of(new float[] {1, 2, 3}, 3));
        byte[] b = Files.readAllBytes(f);
        assertEquals(128 + 12, b.length, "header padded to 128 bytes, then 3 floats");
        String header = new String(b, 10, 118, StandardCharsets.ISO_8859_1);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", header.strip());
        assertEquals('\n', header.charAt(117));
        assertEquals(1, b[6]);
        assertEquals(1f, ByteBuffer.wrap(b, 128, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat());
    }

    @Test
    void writesTheSameBytesAsNumpy() throws Exception {
        Path fixtures = Path.of(NpyTest.class.getResource("/npy/expected.json").toURI()).getParent();
        for (String name : new String[] {"f4", "f8", "i4", "scalar", "empty"}) {
            Path numpy = fixtures.resolve(name + ".npy");
            Path ours = dir.resolve(name + ".npy");
            Npy.write(ours, Npy.read(numpy));
            assertArrayEquals(Files.readAllBytes(numpy), Files.readAllBytes(ours), name);
        }
    }

    @Test
    void npzRoundTripsStoredAndCompressedKeepingTheOrder() throws IOException {
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("zeta", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        arrays.put("alpha", Tensor.arange(DType.INT32, 0, 1000, 1));
        arrays.put("nested/name", Tensor.of(new double[] {Math.PI}, 1));
        for (boolean compressed : new boolean[] {false, true}) {
            Path f = dir.resolve(compressed ? "c.npz" : "s.npz");
            if (compressed) Npz.writeCompressed(f, arrays);
            else Npz.write(f, arrays);
            Map<String, Tensor> back = Npz.read(f);
            assertEquals(List.of("zeta", "alpha", "nested/name"), new ArrayList<>(back.keySet()));
            for (String k : arrays.keySet()) {
                assertArrayEquals(arrays.get(k).toDoubleArray(), back.get(k).toDoubleArray(), 0, k);
                assertArrayEquals(arrays.get(k).shape().toArray(), back.get(k).shape().toArray(), k);
            }
        }
        assertTrue(Files.size(dir.resolve("c.npz")) < Files.size(dir.resolve("s.npz")));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }

    // ------------------------------------------------------------------ malformed

    private static byte[] npy(int major, String dict, byte[] body) {
        byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
        int lenBytes = major == 1 ? 2 : 4;
        ByteBuffer b = ByteBuffer.allocate(8 + lenBytes + text.length + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(Npy.MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) b.putShort((short) text.length);
        else b.putInt(text.length);
        return b.put(text).put(body).array();
    }

    private String error(String name, byte[] bytes) throws IOException {
        Path f = Files.write(dir.resolve(name), bytes);
        DataFileException e = assertThrows(DataFileException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().startsWith("Npy.read: ") && e.getMessage().contains(name), e.getMessage());
        assertEquals(f, e.file());
        return e.getMessage();
    }

    @Test
    void badMagicIsNamed() throws IOException {
        String m = error("text.npy", "hello, world".getBytes(StandardCharsets.US_ASCII));
        assertTrue(m.contains("does not start with the magic \\x93NUMPY (first bytes: 68 65 6c 6c 6f 2c 20 77)"), m);
        m = error("empty.npy", new byte[0]);
        assertTrue(m.contains("the file is empty"), m);
        byte[] v9 = npy(1, "{}", new byte[0]);
        v9[6] = 9;
        m = error("v9.npy", v9);
        assertTrue(m.contains("version 9.0"), m);
    }

    @Test
    void headerThatIsNotADictIsNamed() throws IOException {
        String m = error("list.npy", npy(1, "['<f4', False, (2,)]\n", new byte[8]));
        assertTrue(m.contains("header that is not a dictionary"), m);
        m = error("broken.npy", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,\n", new byte[8]));
        assertTrue(m.contains("malformed header"), m);
        m = error("keys.npy", npy(1, "{'descr': '<f4', 'shape': (2,), }\n", new byte[8]));
        assertTrue(m.contains("expected exactly descr, fortran_order and shape"), m);
        m = error("shape.npy", npy(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1), }\n", new byte[8]));
        assertTrue(m.contains("size -1"), m);
        m = error("structured.npy", npy(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }\n", new byte[4]));
        assertTrue(m.contains("structured"), m);
    }

    @Test
    void unsupportedDtypeIsNamed() throws IOException {
        String m = error("str.npy", npy(1, "{'descr': '<U5', 'fortran_order': False, 'shape': (1,), }\n", new byte[20]));
        assertTrue(m.contains("unsupported dtype '<U5' (unicode strings)"), m);
        m = error("obj.npy", npy(1, "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }\n", new byte[8]));
        assertTrue(m.contains("unsupported dtype '|O' (Python objects)"), m);
        m = error("f16.npy", npy(1, "{'descr': '<f16', 'fortran_order': False, 'shape': (1,), }\n", new byte[16]));
        assertTrue(m.contains("'<f16'"), m);
    }

    @Test
    void truncatedDataSaysHowManyBytes() throws IOException {
        String m = error("cut.npy", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }\n", new byte[20]));
        assertTrue(m.contains("cut.npy is truncated: header says dtype '<f4' [3, 4] (48 bytes) but only 20 bytes follow"), m);
        byte[] whole = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }\n", new byte[12]);
        m = error("cut-header.npy", Arrays.copyOf(whole, 30));
        assertTrue(m.contains("truncated in its header"), m);
    }

    @Test
    void shapeAndSizeMismatchIsNamed() throws IOException {
        String m = error("long.npy", npy(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }\n", new byte[12]));
        assertTrue(m.contains("4 bytes of trailing data after the 8 bytes that the header describes"), m);
    }

    @Test
    void malformedArchivesNameTheArchiveAndTheEntry() throws IOException {
        Path notZip = Files.write(dir.resolve("plain.npz"), "not a zip".getBytes());
        var e = assertThrows(DataFileException.class, () -> Npz.read(notZip));
        assertTrue(e.getMessage().contains("plain.npz is not a zip archive"), e.getMessage());

        Path txt = dir.resolve("txt.npz");
        try (var zip = new ZipOutputStream(Files.newOutputStream(txt))) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
            zip.write("hi".getBytes());
        }
        e = assertThrows(DataFileException.class, () -> Npz.read(txt));
        assertTrue(e.getMessage().contains("entry 'readme.txt' is not an array"), e.getMessage());

        Path cut = dir.resolve("cut.npz");
        try (var zip = new ZipOutputStream(Files.newOutputStream(cut))) {
            zip.putNextEntry(new ZipEntry("w.npy"));
            zip.write(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }\n", new byte[16]));
        }
        e = assertThrows(DataFileException.class, () -> Npz.read(cut));
        assertTrue(e.getMessage().contains("cut.npz entry 'w.npy' is truncated") && e.getMessage().contains("(32 bytes) but only 16"),
                e.getMessage());

        // A stored archive with one data byte flipped: the CRC catches it.
        Path good = dir.resolve("good.npz");
        Npz.write(good, Map.of("x", Tensor.of(new float[] {1, 2, 3, 4}, 4)));
        byte[] b = Files.readAllBytes(good);
        int at = indexOf(b, new byte[] {0, 0, (byte) 0x80, 0x3f});   // 1.0f, little-endian
        b[at + 2] ^= 1;
        Path flipped = Files.write(dir.resolve("flipped.npz"), b);
        e = assertThrows(DataFileException.class, () -> Npz.read(flipped));
        assertTrue(e.getMessage().contains("entry 'x.npy' is corrupt: its CRC-32"), e.getMessage());

        // Half an archive: the zip directory at the end is gone.
        Path half = Files.write(dir.resolve("half.npz"), Arrays.copyOf(b, b.length / 2));
        e = assertThrows(DataFileException.class, () -> Npz.read(half));
        assertTrue(e.getMessage().contains("half.npz is not a zip archive"), e.getMessage());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("pattern not found");
    }

    @Test
    void emptyNameIsACallerMistake() {
        var e = assertThrows(IllegalArgumentException.class, () -> Npz.write(dir.resolve("x.npz"), Map.of("", Tensor.zeros(1))));
        assertTrue(e.getMessage().contains("must not be empty"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("x.npz")));
    }
}
