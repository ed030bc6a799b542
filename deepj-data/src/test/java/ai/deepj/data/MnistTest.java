package ai.deepj.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real MNIST and Fashion-MNIST files; expected numbers from NumPy on the same files and shared/data/README.md. */
class MnistTest {
    private static Path data(String relative) {
        var p = SharedData.find(relative);
        assumeTrue(p.isPresent(), () -> "skipped: " + SharedData.missingReason(relative));
        return p.get();
    }

    private static int[] counts(Tensor labels, int k) {
        int[] c = new int[k];
        for (int v : labels.toIntArray()) c[v]++;
        return c;
    }

    @Test
    void loadsMnistWithTheKnownCountsLabelsAndPixelStatistics() throws IOException {
        Mnist m = Mnist.load(data("mnist"));
        Tensor x = m.train().x();
        assertArrayEquals(new int[] {60000, 28, 28}, x.shape().toArray());
        assertArrayEquals(new int[] {10000, 28, 28}, m.test().x().shape().toArray());
        assertEquals(DType.FLOAT32, x.dtype());
        assertEquals(DType.INT32, m.train().y().dtype());
        assertArrayEquals(new int[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, m.train().y().narrow(0, 0, 10).toIntArray());
        assertArrayEquals(new int[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, m.test().y().narrow(0, 0, 10).toIntArray());
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, counts(m.train().y(), 10));
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, counts(m.test().y(), 10));
        // The normalisation constants everyone uses, 0.1307 and 0.3081; to the digit, NumPy's float64
        // mean and std of the same float32 pixels (np.float32(byte) / np.float32(255)).
        double[] v = x.toDoubleArray();
        double sum = 0, sq = 0;
        for (double p : v) sum += p;
        double mean = sum / v.length;
        for (double p : v) sq += (p - mean) * (p - mean);
        assertEquals(0.1307, mean, 5e-5);
        assertEquals(0.3081, Math.sqrt(sq / v.length), 5e-5);
        assertEquals(0.13066047740241013, mean, 1e-12);
        assertEquals(0.3081078055271016, Math.sqrt(sq / v.length), 1e-9, "NumPy sums pairwise, this loop in order");
        assertEquals(0.13066047740241013, x.mean().item(), 1e-6, "the library's own float32 mean");
        assertEquals(0.0, x.min().item());
        assertEquals(1.0, x.max().item());
        // Row 14 of the first image (a 5), in bytes: 81 240 253 253 119 25 from column 13 on.
        float[] row = x.select(0, 0).select(0, 14).toFloatArray();
        assertEquals(81 / 255f, row[13]);
        assertEquals(240 / 255f, row[14]);
        assertEquals(25 / 255f, row[18]);
        assertEquals(0f, row[19]);
        assertEquals(60000, m.train().dataset().size());
    }

    @Test
    void readsFashionMnistLabels() throws IOException {
        Tensor train = Idx.labels(data("fashion_mnist/train-labels-idx1-ubyte.gz"));
        Tensor test = Idx.labels(data("fashion_mnist/t10k-labels-idx1-ubyte.gz"));
        assertArrayEquals(new int[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, train.narrow(0, 0, 10).toIntArray());
        assertArrayEquals(new int[] {9, 2, 1, 1, 6, 1, 4, 6, 5, 7}, test.narrow(0, 0, 10).toIntArray());
        int[] six = new int[10], one = new int[10];
        java.util.Arrays.fill(six, 6000);
        java.util.Arrays.fill(one, 1000);
        assertArrayEquals(six, counts(train, 10));
        assertArrayEquals(one, counts(test, 10));
    }

    @Test
    void fashionMnistWithoutItsImagesNamesTheMissingFile() {
        Path dir = data("fashion_mnist");
        var e = assertThrows(NoSuchFileException.class, () -> Mnist.load(dir));
        assertTrue(e.getMessage().contains("missing train-images-idx3-ubyte[.gz]")
                && e.getMessage().contains("train-labels-idx1-ubyte.gz"), e.getMessage());
    }

    @Test
    void loadsAGeneratedDirectoryAndChecksCountsAgree(@TempDir Path dir) throws IOException {
        Tensor img = Tensor.of(new int[] {0, 255, 128, 64, 1, 2, 3, 4}, 2, 2, 2);
        Idx.write(dir.resolve("train-images-idx3-ubyte"), img, Idx.Type.UBYTE);
        Idx.write(dir.resolve("train-labels-idx1-ubyte.gz"), Tensor.of(new int[] {3, 7}, 2), Idx.Type.UBYTE);
        Idx.write(dir.resolve("t10k-images.idx3-ubyte"), img.narrow(0, 0, 1), Idx.Type.UBYTE);
        Idx.write(dir.resolve("t10k-labels.idx1-ubyte"), Tensor.of(new int[] {1, 2}, 2), Idx.Type.UBYTE);
        var e = assertThrows(DataFileException.class, () -> Mnist.load(dir));
        assertTrue(e.getMessage().contains("holds 1 images but t10k-labels.idx1-ubyte holds 2 labels"), e.getMessage());
        Idx.write(dir.resolve("t10k-labels.idx1-ubyte"), Tensor.of(new int[] {9}, 1), Idx.Type.UBYTE);
        Mnist m = Mnist.load(dir);
        assertArrayEquals(new float[] {0f, 1f, 128 / 255f, 64 / 255f}, m.test().x().toFloatArray());
        assertArrayEquals(new int[] {3, 7}, m.train().y().toIntArray());
        assertTrue(Files.isRegularFile(dir.resolve("train-labels-idx1-ubyte.gz")));
    }
}
