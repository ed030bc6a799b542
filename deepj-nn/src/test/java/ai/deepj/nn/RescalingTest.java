package ai.deepj.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import org.junit.jupiter.api.Test;

class RescalingTest {
    @Test
    void scalesIntegerPixelsAsFloat32Arithmetic() {
        int[] px = {0, 1, 127, 128, 254, 255};
        Tensor y = new Rescaling(1.0 / 255).forward(Tensor.of(px, 2, 3));
        assertEquals(DType.FLOAT32, y.dtype());
        float scale = (float) (1.0 / 255);
        for (int i = 0; i < px.length; i++) assertEquals(px[i] * scale, y.toFloatArray()[i]);
        Tensor centred = new Rescaling(1.0 / 127.5, -1).forward(Tensor.of(new int[] {0, 255}, 2));
        assertArrayEquals(new float[] {-1, 1}, centred.toFloatArray(), 1e-7f);
    }

    @Test
    void followsTheFloatTypeOfItsInputOrItsScope() {
        Tensor x = Tensor.of(new double[] {2, 4}, 2);
        Tensor y = new Rescaling(0.5, 3).forward(x);
        assertEquals(DType.FLOAT64, y.dtype());
        assertArrayEquals(new double[] {4, 5}, y.toDoubleArray(), 0);
        Rescaling r64;
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            r64 = new Rescaling(1.0 / 255);
        }
        Tensor p = r64.forward(Tensor.of(new int[] {51}, 1));
        assertEquals(DType.FLOAT64, p.dtype());
        assertEquals(51.0 / 255, p.item(), 1e-16);
    }

    @Test
    void configRoundTripAndBadArguments() {
        Rescaling r = new Rescaling(1.0 / 255, 0.25);
        Module back = ModuleRegistry.fromConfig(ModuleRegistry.describe(r));
        assertEquals(ModuleRegistry.describe(r), ModuleRegistry.describe(back));
        Tensor x = Tensor.of(new float[] {3, 200}, 2);
        assertArrayEquals(r.forward(x).toFloatArray(), back.forward(x).toFloatArray(), 0);
        assertThrows(IllegalArgumentException.class, () -> new Rescaling(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Rescaling(1, Double.POSITIVE_INFINITY));
    }
}
