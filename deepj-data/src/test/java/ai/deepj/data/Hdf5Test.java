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
import java.nio.file.Path;
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
        IOException e = assertThrows(IOException.class, () -> Hdf5.read(bad, "x"));
        assertTrue(e.getMessage().contains("bad.h5"), e.getMessage());
        assertThrows(IOException.class, () -> Hdf5.read(dir.resolve("missing.h5"), "x"));
    }
}
