package ai.deepj.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import org.junit.jupiter.api.Test;

class OneHotTest {
    @Test
    void encodesRowsWithAOneAtTheLabel() {
        Tensor rows = OneHot.encode(Tensor.of(new int[] {2, 0, 1}, 3), 4);
        assertEquals(DType.FLOAT32, rows.dtype());
        assertArrayEquals(new int[] {3, 4}, rows.shape().toArray());
        assertArrayEquals(new float[] {0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0}, rows.toFloatArray());
        Tensor grid = OneHot.encode(Tensor.of(new int[] {1, 0, 0, 1}, 2, 2), 2, DType.FLOAT64);
        assertEquals(DType.FLOAT64, grid.dtype());
        assertArrayEquals(new int[] {2, 2, 2}, grid.shape().toArray());
        assertArrayEquals(new double[] {0, 1, 1, 0, 1, 0, 0, 1}, grid.toDoubleArray());
    }

    @Test
    void decodeIsTheArgmaxOfEachRowAndInvertsEncode() {
        Tensor labels = Tensor.of(new int[] {3, 0, 2, 2, 1}, 5);
        assertArrayEquals(labels.toIntArray(), OneHot.decode(OneHot.encode(labels, 4)).toIntArray());
        Tensor scores = Tensor.of(new float[] {0.1f, 0.7f, 0.2f, 0.5f, 0.5f, 0f, -3f, -2f, -1f}, 3, 3);
        Tensor d = OneHot.decode(scores);
        assertEquals(DType.INT32, d.dtype());
        assertArrayEquals(new int[] {1, 0, 2}, d.toIntArray(), "ties go to the first");
    }

    @Test
    void outOfRangeLabelIsNamedWithItsPosition() {
        var e = assertThrows(IllegalArgumentException.class, () -> OneHot.encode(Tensor.of(new int[] {0, 1, 10, 2}, 4), 10));
        assertTrue(e.getMessage().contains("OneHot.encode: label 10 at position 2") && e.getMessage().contains("[0, 10)"),
                e.getMessage());
        var neg = assertThrows(IllegalArgumentException.class, () -> OneHot.encode(Tensor.of(new int[] {-1}, 1), 3));
        assertTrue(neg.getMessage().contains("label -1 at position 0"), neg.getMessage());
        var f = assertThrows(IllegalArgumentException.class, () -> OneHot.encode(Tensor.of(new float[] {1}, 1), 3));
        assertTrue(f.getMessage().contains("int32") && f.getMessage().contains("float32"), f.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OneHot.encode(Tensor.of(new int[] {0}, 1), 0));
        var s = assertThrows(IllegalArgumentException.class, () -> OneHot.decode(Tensor.scalar(1)));
        assertTrue(s.getMessage().contains("OneHot.decode"), s.getMessage());
    }
}
