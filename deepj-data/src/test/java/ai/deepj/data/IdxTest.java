package ai.deepj.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    @Test
    void everyTypeRoundTripsPlainAndGzipped() throws IOException {
        int[] ints = {0, 1, 127, -128, 255, -7, 3000, -32768, 32767, 100000};
        Object[][] cases = {
            {Idx.Type.UBYTE, Tensor.of(new int[] {0, 1, 2, 127, 128, 200, 254, 255, 9, 10, 11, 12}, 2, 3, 2)},
            {Idx.Type.SBYTE, Tensor.of(new int[] {-128, -1, 0, 1, 127, 5}, 6)},
            {Idx.Type.SHORT, Tensor.of(new int[] {-32768, -1, 0, 1, 32767, 300}, 3, 2)},
            {Idx.Type.INT, Tensor.of(ints, 5, 2)},
            {Idx.Type.FLOAT, Tensor.of(new float[] {0f, -1.5f, 3.25f, Float.MAX_VALUE, Float.MIN_VALUE, -0f}, 2, 3)},
            {Idx.Type.DOUBLE, Tensor.of(new double[] {Math.PI, -Math.E, 1e300, 0.1}, 2, 1, 2)},
        };
        for (Object[] c : cases) {
            Idx.Type type = (Idx.Type) c[0];
            Tensor t = (Tensor) c[1];
            for (String name : new String[] {"a.idx", "a.idx.gz"}) {
                Path f = dir.resolve(type + "-" + name);
                Idx.write(f, t, type);
                Tensor back = Idx.read(f);
                assertArrayEquals(t.shape().toArray(), back.shape().toArray(), f.toString());
                DType expected = type == Idx.Type.FLOAT ? DType.FLOAT32 : type == Idx.Type.DOUBLE ? DType.FLOAT64 : DType.INT32;
                assertEquals(expected, back.dtype(), f.toString());
                assertArrayEquals(t.toDoubleArray(), back.toDoubleArray(), 0, f.toString());
            }
        }
    }

    @Test
    void writesTheBytesTheSpecDescribes() throws IOException {
        Path f = dir.resolve("x.idx");
        Idx.write(f, Tensor.of(new int[] {1, 2, 258, -1}, 2, 2), Idx.Type.INT);
        byte[] b = Files.readAllBytes(f);
        byte[] expected = {0, 0, 0x0C, 2, 0, 0, 0, 2, 0, 0, 0, 2,
            0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 1, 2, -1, -1, -1, -1};
        assertArrayEquals(expected, b);
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void defaultWriteKeepsTheTensorType() throws IOException {
        Path f = dir.resolve("f.idx");
        Tensor t = Tensor.of(new float[] {0.25f, 1e-8f, -3f}, 3);
        Idx.write(f, t);
        byte[] b = Files.readAllBytes(f);
        assertEquals(0x0D, b[2]);
        assertArrayEquals(new byte[] {0x3e, (byte) 0x80, 0, 0}, Arrays.copyOfRange(b, 8, 12), "0.25f big-endian");
        assertArrayEquals(t.toFloatArray(), Idx.read(f).toFloatArray());
    }

    @Test
    void imagesAreScaledToTheUnitIntervalAndLabelsAreInt() throws IOException {
        Path img = dir.resolve("img.idx");
        Idx.write(img, Tensor.of(new int[] {0, 51, 255, 128, 1, 254, 7, 8}, 2, 2, 2), Idx.Type.UBYTE);
        Tensor x = Idx.images(img);
        assertEquals(DType.FLOAT32, x.dtype());
        assertArrayEquals(new float[] {0f, 51 / 255f, 1f, 128 / 255f, 1 / 255f, 254 / 255f, 7 / 255f, 8 / 255f}, x.toFloatArray());
        Path lab = dir.resolve("lab.idx");
        Idx.write(lab, Tensor.of(new int[] {5, 0, 4}, 3), Idx.Type.UBYTE);
        Tensor y = Idx.labels(lab);
        assertEquals(DType.INT32, y.dtype());
        assertArrayEquals(new int[] {5, 0, 4}, y.toIntArray());
    }

    @Test
    void gzipIsRecognisedByItsMagicBytesNotItsName() throws IOException {
        Tensor t = Tensor.of(new int[] {3, 1, 4, 1, 5}, 5);
        Path gz = dir.resolve("labels.gz");
        Idx.write(gz, t, Idx.Type.UBYTE);
        Path disguised = dir.resolve("labels.idx");              // gzip bytes, plain name
        Files.copy(gz, disguised);
        assertEquals(0x1f, Files.readAllBytes(disguised)[0] & 0xFF);
        assertArrayEquals(t.toIntArray(), Idx.labels(disguised).toIntArray());
        Path plain = dir.resolve("plain.idx");
        Idx.write(plain, t, Idx.Type.UBYTE);
        Path misnamedGz = dir.resolve("really-plain.gz");
        Files.write(misnamedGz, Files.readAllBytes(plain));       // plain bytes, gzip name
        assertArrayEquals(t.toIntArray(), Idx.labels(misnamedGz).toIntArray());
    }

    @Test
    void writeRefusesValuesTheTypeCannotHold() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Idx.write(dir.resolve("x.idx"), Tensor.of(new int[] {0, 256}, 2), Idx.Type.UBYTE));
        assertTrue(e.getMessage().contains("256") && e.getMessage().contains("ubyte"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Idx.write(dir.resolve("x.idx"), Tensor.of(new float[] {0.5f}, 1), Idx.Type.UBYTE));
        assertTrue(e.getMessage().contains("0.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Idx.write(dir.resolve("x.idx"), Tensor.scalar(1), Idx.Type.FLOAT));
        assertTrue(Files.notExists(dir.resolve("x.idx")));
    }

    // ------------------------------------------------------------------ malformed files

    private static byte[] header(int type, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        return b.array();
    }

    private Path file(String name, byte[]... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.write(p);
        return Files.write(dir.resolve(name), out.toByteArray());
    }

    private static String message(Executable e) {
        DataFileException ex = assertThrows(DataFileException.class, e::run);
        return ex.getMessage();
    }

    interface Executable {
        void run() throws Throwable;
    }

    @Test
    void badMagicNumberIsNamed() throws IOException {
        Path f = file("bad.idx", "PK\u0003\u0004 not idx".getBytes());
        String m = message(() -> Idx.read(f));
        assertTrue(m.startsWith("Idx.read: ") && m.contains("bad.idx") && m.contains("magic number 50 4b 03 04"), m);
        Path g = file("code.idx", header(0x0A, 3), new byte[3]);
        m = message(() -> Idx.read(g));
        assertTrue(m.contains("00 00 0a 01") && m.contains("0e (double)"), m);
        Path h = file("short.idx", new byte[] {0, 0});
        m = message(() -> Idx.read(h));
        assertTrue(m.contains("2 bytes"), m);
    }

    @Test
    void wrongDimensionCountIsNamed() throws IOException {
        Path f = file("three.idx", header(0x08, 1, 2, 2), new byte[4]);
        String m = message(() -> Idx.labels(f));
        assertTrue(m.contains("has 3 dimensions but labels [n] needs 1"), m);
        Path g = file("one.idx", header(0x08, 4), new byte[4]);
        m = message(() -> Idx.images(g));
        assertTrue(m.contains("has 1 dimension but images [n, rows, cols] needs 3"), m);
        Path h = file("floats.idx", header(0x0D, 1), new byte[4]);
        m = message(() -> Idx.labels(h));
        assertTrue(m.contains("holds float elements") && m.contains("integer"), m);
    }

    @Test
    void truncatedBodySaysHowManyBytesWereExpectedAndPresent() throws IOException {
        Path f = file("cut.idx", header(0x08, 60000, 28, 28), new byte[1234]);
        String m = message(() -> Idx.images(f));
        assertTrue(m.contains("cut.idx is truncated: header says 60000 images of 28x28 ubyte (47040000 bytes) but only 1234 bytes follow"), m);
        Path g = file("cut-int.idx", header(0x0C, 3), new byte[10]);
        m = message(() -> Idx.read(g));
        assertTrue(m.contains("int [3] (12 bytes) but only 10 bytes follow"), m);
        Path h = file("cut-header.idx", Arrays.copyOf(header(0x08, 10, 28, 28), 9));
        m = message(() -> Idx.read(h));
        assertTrue(m.contains("3 sizes need 12 bytes but only 5 follow"), m);
    }

    @Test
    void trailingGarbageIsCounted() throws IOException {
        Path f = file("long.idx", header(0x08, 3), new byte[] {1, 2, 3}, "junk".getBytes());
        String m = message(() -> Idx.labels(f));
        assertTrue(m.contains("4 bytes of trailing data after the 3 bytes"), m);
    }

    @Test
    void corruptGzipIsAClearError() throws IOException {
        Path good = dir.resolve("good.idx.gz");
        Idx.write(good, Tensor.arange(DType.INT32, 0, 4000, 1).reshape(4000), Idx.Type.SHORT);
        byte[] bytes = Files.readAllBytes(good);
        Path cut = file("cut.idx.gz", Arrays.copyOf(bytes, bytes.length / 2));
        String m = message(() -> Idx.read(cut));
        assertTrue(m.contains("cut.idx.gz is a corrupt gzip file"), m);
        byte[] flipped = bytes.clone();
        for (int i = 20; i < 60; i++) flipped[i] ^= 0x5A;
        Path bad = file("flipped.idx.gz", flipped);
        m = message(() -> Idx.read(bad));
        assertTrue(m.contains("flipped.idx.gz") && (m.contains("corrupt gzip") || m.contains("magic")), m);
        Path header = file("header.gz", new byte[] {0x1f, (byte) 0x8b, 1, 2, 3});
        m = message(() -> Idx.read(header));
        assertTrue(m.contains("gzip header is corrupt"), m);
        // a well-formed gzip stream around a truncated IDX body: the IDX error, not a gzip one
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(raw)) {
            gz.write(header(0x08, 10));
            gz.write(new byte[4]);
        }
        Path inner = file("inner.gz", raw.toByteArray());
        m = message(() -> Idx.read(inner));
        assertTrue(m.contains("(10 bytes) but only 4 bytes follow"), m);
    }

    @Test
    void missingFileIsNoSuchFile() {
        assertThrows(java.nio.file.NoSuchFileException.class, () -> Idx.read(dir.resolve("absent.idx")));
    }
}
