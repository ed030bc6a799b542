package ai.deepj.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.kernel.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Pooling and padding beyond the gradient checks and the PyTorch fixtures: the course's worked
 * example, PyTorch's rules for ceil mode, ties and NaN (numbers printed by PyTorch 2.13), the
 * documented pad modes, float32 against float64, the parallel split over planes against
 * plane-by-plane results, and every error message, word for word.
 */
class PoolTest {
    private static int[] a(int... v) {
        return v;
    }

    private static Tensor d(double[] v, int... shape) {
        return Tensor.of(v, shape);
    }

    private static String illegal(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    /** The lecture's 4×4 example with f = 2, s = 2. */
    @Test
    void theCoursesMaxAndAveragePoolingExample() {
        Tensor x = d(new double[] {1, 3, 2, 1, 2, 9, 1, 1, 1, 3, 2, 3, 5, 6, 1, 2}, 1, 1, 4, 4);
        assertArrayEquals(new double[] {9, 2, 6, 3}, x.maxPool2d(2, 2).toDoubleArray());
        assertArrayEquals(new double[] {3.75, 1.25, 3.75, 2}, x.avgPool2d(2, 2).toDoubleArray());
        assertArrayEquals(new int[] {1, 1, 2, 2}, x.maxPool2d(2, 2).shape().toArray());
    }

    @Test
    void ceilModeKeepsALastPartialWindowButNoneStartingInThePadding() {
        Tensor x5 = Tensor.zeros(1, 1, 5, 5), x6 = Tensor.zeros(1, 1, 6, 6);
        // PyTorch: [1, 1, 2, 2], [1, 1, 3, 3], [1, 1, 4, 4].
        assertArrayEquals(new int[] {1, 1, 2, 2}, x5.maxPool(a(3, 3), a(2, 2), null, null, true).shape().toArray());
        assertArrayEquals(new int[] {1, 1, 3, 3}, x5.maxPool(a(2, 2), null, null, null, true).shape().toArray());
        assertArrayEquals(new int[] {1, 1, 2, 2}, x5.maxPool(a(2, 2), null, null, null, false).shape().toArray());
        assertArrayEquals(new int[] {1, 1, 4, 4}, x6.maxPool(a(2, 2), a(2, 2), a(1, 1), null, true).shape().toArray());
    }

    @Test
    void averageDivisorCountsPaddingButNotTheCeilModeOverhang() {
        Tensor x = Tensor.arange(DType.FLOAT64, 0, 25, 1).reshape(1, 1, 5, 5);
        // F.avg_pool2d(x, 2, 2, padding=1, ceil_mode=True): the corner window is 1 value over 4, the
        // last row's windows reach past the padding and count only the 2 rows inside it.
        assertArrayEquals(new double[] {0, 0.75, 1.75, 3.75, 9, 11, 8.75, 19, 21},
                x.avgPool(a(2, 2), a(2, 2), a(1, 1), true, true).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {0, 1.5, 3.5, 7.5, 9, 11, 17.5, 19, 21},
                x.avgPool(a(2, 2), a(2, 2), a(1, 1), true, false).toDoubleArray(), 1e-15);
    }

    @Test
    void tiesSendTheGradientToTheFirstMaximumAndNaNIsTheMaximum() {
        Tensor x = d(new double[] {1, 3, 3, 2, 3}, 1, 1, 5).requiresGrad(true);
        Tensor y = x.maxPool(a(3), a(1), null, null, false);
        assertArrayEquals(new double[] {3, 3, 3}, y.toDoubleArray());
        y.sum().backward();
        assertArrayEquals(new double[] {0, 2, 1, 0, 0}, x.grad().toDoubleArray()); // as PyTorch
        Tensor flat = Tensor.ones(DType.FLOAT64, 1, 1, 2, 2).requiresGrad(true);
        flat.globalMaxPool(false).sum().backward();
        assertArrayEquals(new double[] {1, 0, 0, 0}, flat.grad().toDoubleArray());
        Tensor nan = d(new double[] {1, Double.NaN, 3, 2}, 1, 1, 4);
        assertArrayEquals(new double[] {Double.NaN, Double.NaN, 3}, nan.maxPool(a(2), a(1), null, null, false).toDoubleArray());
        Tensor minusInf = Tensor.full(DType.FLOAT32, Double.NEGATIVE_INFINITY, 1, 1, 2, 2).requiresGrad(true);
        Tensor m = minusInf.maxPool2d(2, 2);
        assertEquals(Double.NEGATIVE_INFINITY, m.item());
        m.sum().backward();
        assertArrayEquals(new float[] {1, 0, 0, 0}, minusInf.grad().toFloatArray());
    }

    @Test
    void padModesAsDocumented() {
        Tensor x = d(new double[] {1, 2, 3}, 1, 3);
        assertArrayEquals(new double[] {7, 7, 1, 2, 3, 7, 7}, x.pad(a(2), a(2), PadMode.CONSTANT, 7).toDoubleArray());
        assertArrayEquals(new double[] {0, 0, 1, 2, 3, 0, 0}, x.pad(a(2), a(2)).toDoubleArray());
        assertArrayEquals(new double[] {3, 2, 1, 2, 3, 2, 1}, x.pad(a(2), a(2), PadMode.REFLECT, 0).toDoubleArray());
        assertArrayEquals(new double[] {1, 1, 1, 2, 3, 3, 3}, x.pad(a(2), a(2), PadMode.REPLICATE, 0).toDoubleArray());
        assertArrayEquals(new double[] {2, 3, 1, 2, 3, 1, 2}, x.pad(a(2), a(2), PadMode.CIRCULAR, 0).toDoubleArray());
        // 2-D: zeros around a 2×2 image, top/left before, bottom/right after.
        Tensor img = d(new double[] {1, 2, 3, 4}, 1, 1, 2, 2);
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0}, img.pad(a(1, 1), a(0, 1)).toDoubleArray());
        // The backward of replicate padding collects every copy of an edge element.
        Tensor r = d(new double[] {1, 2, 3}, 1, 3).requiresGrad(true);
        r.pad(a(2), a(1), PadMode.REPLICATE, 0).sum().backward();
        assertArrayEquals(new double[] {3, 1, 2}, r.grad().toDoubleArray());
    }

    @Test
    void float32AgreesWithFloat64() {
        Tensor x64 = Tensor.normal(Generator.seeded(5), DType.FLOAT64, 0, 1, 2, 3, 9, 8);
        Tensor x32 = x64.to(DType.FLOAT32);
        java.util.List<java.util.function.Function<Tensor, Tensor>> ops = java.util.List.of(
                t -> t.maxPool(a(3, 3), a(2, 2), a(1, 1), null, true),
                t -> t.avgPool(a(3, 2), a(2, 1), a(1, 1), true, false),
                t -> t.globalAvgPool(true),
                t -> t.globalMaxPool(false),
                t -> t.pad(a(2, 1), a(0, 3), PadMode.REFLECT, 0),
                t -> t.pad(a(1, 1), a(1, 1), PadMode.CONSTANT, 0.5));
        for (var op : ops) {
            Tensor a64 = x64.detach().requiresGrad(true), a32 = x32.detach().requiresGrad(true);
            Tensor y64 = op.apply(a64), y32 = op.apply(a32);
            assertEquals(DType.FLOAT32, y32.dtype());
            assertArrayEquals(y64.toDoubleArray(), y32.toDoubleArray(), 1e-6);
            Tensor up = Tensor.normal(Generator.seeded(6), DType.FLOAT64, 0, 1, y64.shape().toArray());
            y64.backward(up);
            y32.backward(up.to(DType.FLOAT32));
            assertEquals(DType.FLOAT32, a32.grad().dtype());
            assertArrayEquals(a64.grad().toDoubleArray(), a32.grad().toDoubleArray(), 1e-5);
        }
    }

    /** Large enough to be split over threads: every plane must come out as when pooled on its own. */
    @Test
    void planesSplitOverThreadsGiveThePlaneByPlaneResults() {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(3);
            Tensor x = Tensor.normal(Generator.seeded(7), DType.FLOAT32, 0, 1, 4, 32, 48, 48).requiresGrad(true);
            java.util.List<java.util.function.Function<Tensor, Tensor>> ops = java.util.List.of(
                    t -> t.maxPool(a(3, 3), a(2, 2), a(1, 1), null, false),
                    t -> t.avgPool(a(3, 3), a(1, 1), a(1, 1), false, true),
                    t -> t.pad(a(3, 3), a(3, 3), PadMode.REFLECT, 0),
                    t -> t.globalMaxPool(true));
            for (var op : ops) {
                x.setGrad(null);
                Tensor y = op.apply(x);
                Tensor up = Tensor.normal(Generator.seeded(8), DType.FLOAT32, 0, 1, y.shape().toArray());
                y.backward(up);
                for (int n = 0; n < 4; n += 3) {
                    for (int c = 0; c < 32; c += 7) {
                        Tensor plane = x.detach().narrow(0, n, 1).narrow(1, c, 1).contiguous().requiresGrad(true);
                        Tensor yp = op.apply(plane);
                        assertArrayEquals(y.narrow(0, n, 1).narrow(1, c, 1).toFloatArray(), yp.toFloatArray(), 0f);
                        yp.backward(up.narrow(0, n, 1).narrow(1, c, 1).contiguous());
                        assertArrayEquals(x.grad().narrow(0, n, 1).narrow(1, c, 1).toFloatArray(), plane.grad().toFloatArray(), 0f);
                    }
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void theInputMayBeOverwrittenAfterPooling() {
        // Backward reads only the saved arg-max indices and window plan, not the input values.
        Tensor x = Tensor.normal(Generator.seeded(9), DType.FLOAT64, 0, 1, 1, 2, 4, 4).requiresGrad(true);
        Tensor h = x.mul(2);
        Tensor y = h.maxPool2d(2, 2);
        Tensor z = h.avgPool2d(2, 2);
        try (var s = Autograd.noGrad()) {
            h.fillInPlace(0);
        }
        y.sum().add(z.sum()).backward();
        assertEquals(2 * (8 + 32 * 0.25), x.grad().sum().item(), 1e-12);
    }

    @Test
    void poolingErrorsNameTheOpTheInputAndTheWindow() {
        assertEquals("maxPool2d: input [1, 3, 2, 2] is too small for kernel [3, 3], stride [2, 2], padding [0, 0], dilation [1, 1]:"
                + " the output would be [0, 0]", illegal(() -> Tensor.zeros(1, 3, 2, 2).maxPool2d(3, 2)));
        assertEquals("avgPool1d: input [2, 4, 2] is too small for kernel [5], stride [1], padding [1]: the output would be [0]",
                illegal(() -> Tensor.zeros(2, 4, 2).avgPool(a(5), a(1), a(1), false, true)));
        assertEquals("maxPool2d: expects a [N, C, H, W] input, got [3, 4]", illegal(() -> Tensor.zeros(3, 4).maxPool2d(2, 2)));
        assertEquals("avgPool3d: expects a [N, C, D, H, W] input, got [1, 2, 3, 4]",
                illegal(() -> Tensor.zeros(1, 2, 3, 4).avgPool(a(2, 2, 2), null, null, false, true)));
        assertEquals("maxPool1d: expects float32 or float64, got int32",
                illegal(() -> Tensor.zeros(DType.INT32, 1, 1, 4).maxPool(a(2), null, null, null, false)));
        assertEquals("maxPool: kernel must have 1, 2 or 3 sizes (1-D, 2-D or 3-D pooling), got [2, 2, 2, 2]",
                illegal(() -> Tensor.zeros(1, 1, 4, 4, 4, 4).maxPool(a(2, 2, 2, 2), null, null, null, false)));
        assertEquals("maxPool2d: stride [2] must have 2 sizes, one per spatial dimension",
                illegal(() -> Tensor.zeros(1, 1, 4, 4).maxPool(a(2, 2), a(2), null, null, false)));
        assertEquals("maxPool1d: kernel sizes must be positive, got [0]",
                illegal(() -> Tensor.zeros(1, 1, 4).maxPool(a(0), null, null, null, false)));
        assertEquals("avgPool2d: strides must be positive, got [1, 0]",
                illegal(() -> Tensor.zeros(1, 1, 4, 4).avgPool(a(2, 2), a(1, 0), null, false, true)));
        assertEquals("maxPool2d: padding [2, 2] must be at most half the kernel [3, 3] (dilated: (kernel - 1) * dilation + 1,"
                + " dilation [1, 1]), as in PyTorch",
                illegal(() -> Tensor.zeros(1, 1, 5, 5).maxPool(a(3, 3), a(2, 2), a(2, 2), null, false)));
        assertEquals("avgPool2d: padding [2, 1] must be at most half the kernel [3, 3], as in PyTorch",
                illegal(() -> Tensor.zeros(1, 1, 5, 5).avgPool(a(3, 3), null, a(2, 1), false, true)));
        assertEquals("maxPool1d: the window at output position 0 of dimension 2 covers only padding (input [1, 1, 1], kernel [2],"
                + " stride [1], padding [2], dilation [3])",
                illegal(() -> Tensor.zeros(1, 1, 1).maxPool(a(2), a(1), a(2), a(3), false)));
        assertEquals("globalAvgPool: expects [N, C, ...] with at least one spatial dimension, got [3, 4]",
                illegal(() -> Tensor.zeros(3, 4).globalAvgPool(false)));
        assertEquals("globalMaxPool: input [2, 3, 0] has no spatial elements to pool",
                illegal(() -> Tensor.zeros(2, 3, 0).globalMaxPool(false)));
    }

    @Test
    void paddingErrorsNameTheModeTheDimensionAndTheInput() {
        Tensor x = Tensor.zeros(1, 1, 3);
        assertEquals("pad: REFLECT padding of dimension 2 (before 3, after 0) must be smaller than its size 3 (input [1, 1, 3])",
                illegal(() -> x.pad(a(3), a(0), PadMode.REFLECT, 0)));
        assertEquals("pad: CIRCULAR padding of dimension 2 (before 0, after 4) must be at most its size 3 (input [1, 1, 3])",
                illegal(() -> x.pad(a(0), a(4), PadMode.CIRCULAR, 0)));
        assertEquals("pad: REPLICATE padding of dimension 1 (before 1, after 1) needs at least one element to repeat (input [1, 0])",
                illegal(() -> Tensor.zeros(1, 0).pad(a(1), a(1), PadMode.REPLICATE, 0)));
        assertEquals("pad: amounts must be non-negative, got before [-1] and after [0] (narrow crops)",
                illegal(() -> x.pad(a(-1), a(0))));
        assertEquals("pad: a fill value (1.5) applies only to CONSTANT padding, not REFLECT",
                illegal(() -> x.pad(a(1), a(1), PadMode.REFLECT, 1.5)));
        assertEquals("pad: padding 2 dimensions needs an input of rank 2 or more, got [4]",
                illegal(() -> Tensor.zeros(4).pad(a(1, 1), a(1, 1))));
        assertEquals("pad: pads the last 1, 2 or 3 dimensions, got 4 amounts",
                illegal(() -> Tensor.zeros(1, 1, 1, 1).pad(a(1, 1, 1, 1), a(1, 1, 1, 1))));
        assertEquals("pad: before [1] and after [1, 1] must both be given, with one amount per padded dimension",
                illegal(() -> x.pad(a(1), a(1, 1))));
        assertEquals("pad: expects float32 or float64, got int32", illegal(() -> Tensor.zeros(DType.INT32, 2, 2).pad(a(1), a(1))));
        assertEquals("pad: mode must not be null", illegal(() -> x.pad(a(1), a(1), null, 0)));
        // Constant padding of an empty dimension is fine: all fill.
        assertArrayEquals(new double[] {5, 5}, Tensor.zeros(DType.FLOAT64, 1, 0).pad(a(1), a(1), PadMode.CONSTANT, 5).toDoubleArray());
        assertTrue(Tensor.zeros(0, 3, 4, 4).maxPool2d(2, 2).numel() == 0);
    }
}
