package ai.deepj.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H5ImagesTest {
    @TempDir Path dir;

    private static Path shared(String relative) {
        var p = SharedData.find(relative);
        assumeTrue(p.isPresent(), () -> "skipped: " + SharedData.missingReason(relative));
        return p.get();
    }

    /** Writes data sets with jHDF, in order: name, Java array, name, Java array, ... */
    private Path write(String name, Object... namesAndArrays) {
        Path f = dir.resolve(name);
        try (WritableHdfFile w = HdfFile.write(f)) {
            for (int i = 0; i < namesAndArrays.length; i += 2) w.putDataset((String) namesAndArrays[i], namesAndArrays[i + 1]);
        }
        return f;
    }

    /** Two 2x3 RGB images: pixel (r, c) of image i, channel k is 100i + 10r + c + k (so 0..126). */
    private static int[][][][] twoImages() {
        int[][][][] x = new int[2][2][3][3];
        for (int i = 0; i < 2; i++) for (int r = 0; r < 2; r++) for (int c = 0; c < 3; c++) for (int k = 0; k < 3; k++) {
            x[i][r][c][k] = 100 * i + 10 * r + c + k;
        }
        return x;
    }

    @Test
    void channelsLastPixelsBecomeChannelsFirstFloatsInZeroOne() throws IOException {
        Path f = write("ok.h5", "train_set_x", twoImages(), "train_set_y", new int[] {1, 0});
        TensorDataset d = H5Images.load(f);
        assertArrayEquals(new int[] {2, 3, 2, 3}, d.x().shape().toArray());
        assertEquals(DType.FLOAT32, d.x().dtype());
        float[] x = d.x().toFloatArray();
        for (int i = 0; i < 2; i++) for (int k = 0; k < 3; k++) for (int r = 0; r < 2; r++) for (int c = 0; c < 3; c++) {
            float expected = (100 * i + 10 * r + c + k) / 255f;
            assertEquals(expected, x[((i * 3 + k) * 2 + r) * 3 + c], 0f, "image " + i + " channel " + k + " (" + r + ", " + c + ")");
        }
        assertArrayEquals(new int[] {1, 0}, d.y().toIntArray());
        assertEquals(DType.INT32, d.y().dtype());
        // Named explicitly, and labels stored as a row [1, m] as in some course files.
        Path row = write("row.h5", "a", twoImages(), "b", new int[][] {{3, 4}});
        assertArrayEquals(new int[] {3, 4}, H5Images.load(row, "a", "b").y().toIntArray());
    }

    @Test
    void malformedFilesAreClearErrors() throws IOException {
        Path noPair = write("nopair.h5", "images", twoImages(), "labels", new int[] {0, 1});
        DataFileException e = assertThrows(DataFileException.class, () -> H5Images.load(noPair));
        assertEquals("H5Images.load: " + noPair + " has no pairs of data sets NAME_x and NAME_y (it has images, labels); name the images"
                + " and labels with load(file, x, y)", e.getMessage());
        assertEquals(noPair, e.file());

        e = assertThrows(DataFileException.class, () -> H5Images.load(noPair, "test_set_x", "labels"));
        assertTrue(e.getMessage().contains("has no data set 'test_set_x' (it has [images, labels])"), e.getMessage());

        Path flat = write("flat.h5", "s_x", new int[][] {{1, 2}, {3, 4}}, "s_y", new int[] {0, 1});
        e = assertThrows(DataFileException.class, () -> H5Images.load(flat));
        assertEquals("H5Images.load: " + flat + ": 's_x' must be images [m, height, width, channels] with 1 or 3 channels (channels"
                + " last), got int32 [2, 2]", e.getMessage());

        Path floats = write("floats.h5", "s_x", new float[2][2][2][3], "s_y", new int[] {0, 1});
        e = assertThrows(DataFileException.class, () -> H5Images.load(floats));
        assertTrue(e.getMessage().endsWith("'s_x' must hold 8-bit integer pixels 0..255, got a float32 data set"), e.getMessage());

        int[][][][] bright = twoImages();
        bright[1][1][2][0] = 300;
        Path tooBright = write("bright.h5", "s_x", bright, "s_y", new int[] {0, 1});
        e = assertThrows(DataFileException.class, () -> H5Images.load(tooBright));
        assertTrue(e.getMessage().endsWith("'s_x' must hold pixels 0..255, got 300 at flat index 33"), e.getMessage());

        Path fewLabels = write("few.h5", "s_x", twoImages(), "s_y", new int[] {0, 1, 1});
        e = assertThrows(DataFileException.class, () -> H5Images.load(fewLabels));
        assertTrue(e.getMessage().endsWith("'s_y' must hold one label per image, [2] or [1, 2], got [3] for 2 images in 's_x'"),
                e.getMessage());

        Path floatLabels = write("fl.h5", "s_x", twoImages(), "s_y", new double[] {0.5, 1});
        e = assertThrows(DataFileException.class, () -> H5Images.load(floatLabels));
        assertTrue(e.getMessage().endsWith("'s_y' must hold integer class labels, got a float64 data set"), e.getMessage());

        Path negative = write("neg.h5", "s_x", twoImages(), "s_y", new int[] {0, -1});
        e = assertThrows(DataFileException.class, () -> H5Images.load(negative));
        assertTrue(e.getMessage().endsWith("'s_y' holds label -1 at index 1; class labels must be >= 0"), e.getMessage());

        Path two = write("two.h5", "a_x", twoImages(), "a_y", new int[] {0, 1}, "b_x", twoImages(), "b_y", new int[] {0, 1});
        e = assertThrows(DataFileException.class, () -> H5Images.load(two));
        assertTrue(e.getMessage().contains(" has 2 pairs of data sets NAME_x and NAME_y (a, b)"), e.getMessage());

        assertThrows(NoSuchFileException.class, () -> H5Images.load(dir.resolve("missing.h5")));
    }

    @Test
    void readsSigns() throws IOException {
        TensorDataset d = H5Images.load(shared("signs/test_signs.h5"));
        assertArrayEquals(new int[] {120, 3, 64, 64}, d.x().shape().toArray());
        int[] counts = new int[6];
        for (int v : d.y().toIntArray()) counts[v]++;
        assertArrayEquals(new int[] {20, 20, 20, 20, 20, 20}, counts, "20 images of each of 0..5 fingers");
        assertTrue(d.x().min().item() >= 0 && d.x().max().item() <= 1);
        assertTrue(d.x().max().item() > 0.9, "bright pixels must reach near 1 after /255");
    }

    @Test
    void readsHappyHouse() throws IOException {
        TensorDataset d = H5Images.load(shared("happy/test_happy.h5"));
        assertArrayEquals(new int[] {150, 3, 64, 64}, d.x().shape().toArray());
        assertEquals(84, d.y().sum().item(), 0, "84 smiling of 150");
        Tensor first = Hdf5.read(shared("happy/test_happy.h5"), "test_set_x");
        // Channel 1 of image 0 at (5, 7) is raw [0, 5, 7, 1] / 255.
        assertEquals(first.toIntArray()[((5 * 64) + 7) * 3 + 1] / 255f, d.x().toFloatArray()[64 * 64 + 5 * 64 + 7], 0f);
    }
}
