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
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Hdf5Test {
    private static Path catTrain() {
        var p = SharedData.find("catvnoncat/train_catvnoncat.h5");
        assumeTrue(p.isPresent(), () -> "skipped: " + SharedData.missingReason("catvnoncat/train_catvnoncat.h5"));
        return p.get();
    }

    @Test
    void readsTheCatDataSetAsTheCourseDescribesIt() throws IOException {
        Path f = catTrain();
        Tensor x = Hdf5.read(f, "train_set_x");
        Tensor y = Hdf5.read(f, "train_set_y");
        assertArrayEquals(new int[] {209, 64, 64, 3}, x.shape().toArray());
        assertEquals(DType.INT32, x.dtype());
        assertEquals(72, y.sum().item(), 0, "72 cats among 209 (README)");
        assertTrue(x.max().item() <= 255 && x.min().item() >= 0);
        assertTrue(Hdf5.list(f).contains("list_classes"));
    }

    @Test
    void missingDataSetNamesWhatTheFileHas() {
        Path f = catTrain();
        IOException e = assertThrows(IOException.class, () -> Hdf5.read(f, "nope"));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("train_set_x"), e.getMessage());
    }

    @Test
    void corruptFileIsAClearError(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.h5");
        Files.write(bad, "not an hdf5 file at all".getBytes());
        IOException e = assertThrows(DataFileException.class, () -> Hdf5.read(bad, "x"));
        assertTrue(e.getMessage().contains("Hdf5.read: " + bad + " is not an HDF5 file (no HDF5 signature"), e.getMessage());
        e = assertThrows(DataFileException.class, () -> Hdf5.list(bad));
        assertTrue(e.getMessage().startsWith("Hdf5.list: ") && e.getMessage().contains("is not an HDF5 file"), e.getMessage());
        Path empty = Files.write(dir.resolve("empty.h5"), new byte[0]);
        assertThrows(DataFileException.class, () -> Hdf5.read(empty, "x"));
        assertThrows(NoSuchFileException.class, () -> Hdf5.read(dir.resolve("missing.h5"), "x"));
    }

    /** A small file written by jHDF itself, so these tests need no shared data. */
    private static Path generated(Path dir) {
        Path f = dir.resolve("gen.h5");
        try (WritableHdfFile w = HdfFile.write(f)) {
            w.putDataset("x", new float[][] {{1, 2, 3}, {4, 5, 6}});
            w.putDataset("y", new int[] {7, 8});
        }
        return f;
    }

    @Test
    void readsAGeneratedFile(@TempDir Path dir) throws IOException {
        Path f = generated(dir);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Hdf5.read(f, "x").toFloatArray());
        assertArrayEquals(new int[] {2, 3}, Hdf5.read(f, "x").shape().toArray());
        assertArrayEquals(new int[] {7, 8}, Hdf5.read(f, "y").toIntArray());
        assertEquals(List.of("x", "y"), Hdf5.list(f));
    }

    @Test
    void truncatedCopiesAreRefusedNotReadAsZeros(@TempDir Path dir) throws IOException {
        // jHDF by itself reads a data set cut off by truncation as zeros; the superblock's end-of-file
        // address says how long the file must be.
        Path f = generated(dir);
        byte[] whole = Files.readAllBytes(f);
        for (int keep : new int[] {whole.length - 1, whole.length - 20, whole.length / 2, 30, 6}) {
            Path cut = Files.write(dir.resolve("cut" + keep + ".h5"), Arrays.copyOf(whole, keep));
            DataFileException e = assertThrows(DataFileException.class, () -> Hdf5.read(cut, "x"), "kept " + keep);
            assertTrue(e.getMessage().startsWith("Hdf5.read: " + cut), e.getMessage());
            assertEquals(cut, e.file());
            if (keep > whole.length / 2 - 1) {
                assertTrue(e.getMessage().contains("is truncated: its superblock says the file ends at byte " + whole.length
                        + " but only " + keep + " bytes are present"), e.getMessage());
            }
        }
    }

    @Test
    void truncatedCopyOfTheCatFileIsRefused(@TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(catTrain());
        Path cut = Files.write(dir.resolve("cut.h5"), Arrays.copyOf(whole, whole.length / 10));
        DataFileException e = assertThrows(DataFileException.class, () -> Hdf5.read(cut, "train_set_x"));
        assertTrue(e.getMessage().contains("is truncated: its superblock says the file ends at byte 2572022 but only 257202 bytes are present"),
                e.getMessage());
    }
}
