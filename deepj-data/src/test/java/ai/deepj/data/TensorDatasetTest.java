package ai.deepj.data;

import static org.junit.jupiter.api.Assertions.*;

import ai.deepj.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TensorDatasetTest {
    @Test
    void gathersRowsInTheOrderGiven() {
        Tensor x = Tensor.of(new float[] {0, 1, 10, 11, 20, 21, 30, 31}, 4, 2);
        Tensor y = Tensor.of(new int[] {0, 1, 2, 3}, 4);
        Batch b = new TensorDataset(x, y).get(new int[] {2, 0, 2});
        assertArrayEquals(new int[] {3, 2}, b.x().shape().toArray());
        assertArrayEquals(new float[] {20, 21, 0, 1, 20, 21}, b.x().toFloatArray());
        assertArrayEquals(new int[] {2, 0, 2}, b.y().toIntArray());
    }

    @Test
    void rejectsMismatchedRowsAndBadIndices() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new TensorDataset(Tensor.zeros(4, 2), Tensor.zeros(3)));
        assertTrue(e.getMessage().contains("[4, 2]") && e.getMessage().contains("[3]"), e.getMessage());
        var ds = new TensorDataset(Tensor.zeros(4, 2));
        var e2 = assertThrows(IndexOutOfBoundsException.class, () -> ds.get(new int[] {4}));
        assertTrue(e2.getMessage().contains("index 4 outside [0, 4)"), e2.getMessage());
        assertNull(ds.get(new int[] {1}).y());
    }
}
