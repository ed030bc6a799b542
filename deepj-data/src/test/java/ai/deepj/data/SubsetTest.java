package ai.deepj.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.Tensor;
import org.junit.jupiter.api.Test;

class SubsetTest {
    /** Example i has x = [10·i, 10·i + 1] and label i. */
    private static TensorDataset numbered(int m) {
        float[] x = new float[2 * m];
        int[] y = new int[m];
        for (int i = 0; i < m; i++) {
            x[2 * i] = 10 * i;
            x[2 * i + 1] = 10 * i + 1;
            y[i] = i;
        }
        return new TensorDataset(Tensor.of(x, m, 2), Tensor.of(y, m));
    }

    @Test
    void translatesIndicesIntoTheBase() {
        Subset s = new Subset(numbered(6), new int[] {5, 1, 3});
        assertEquals(3, s.size());
        Batch b = s.get(new int[] {2, 0});
        assertArrayEquals(new int[] {3, 5}, b.y().toIntArray());
        assertArrayEquals(new float[] {30, 31, 50, 51}, b.x().toFloatArray());
        assertArrayEquals(new int[] {5, 1, 3}, s.all().y().toIntArray());
        assertEquals(1, s.baseIndex(1));
    }

    @Test
    void nestsAndAllowsRepeatedExamples() {
        Subset outer = new Subset(numbered(10), new int[] {9, 8, 7, 6});
        Subset inner = new Subset(outer, new int[] {3, 3, 0});
        assertArrayEquals(new int[] {6, 6, 9}, inner.all().y().toIntArray());
    }

    @Test
    void copiesItsIndices() {
        int[] idx = {0, 1};
        Subset s = new Subset(numbered(3), idx);
        idx[0] = 2;
        s.indices()[1] = 2;
        assertArrayEquals(new int[] {0, 1}, s.indices());
    }

    @Test
    void badIndicesNameTheIndexAndTheRange() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Subset(numbered(4), new int[] {0, 4}));
        assertTrue(e.getMessage().contains("index 4 at position 1") && e.getMessage().contains("[0, 4)"), e.getMessage());
        Subset s = new Subset(numbered(4), new int[] {1, 2});
        var e2 = assertThrows(IndexOutOfBoundsException.class, () -> s.get(new int[] {2}));
        assertTrue(e2.getMessage().contains("Subset.get: index 2 outside [0, 2)"), e2.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> s.get(new int[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> new Subset(null, new int[0]));
    }
}
