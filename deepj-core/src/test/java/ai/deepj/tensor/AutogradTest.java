package ai.deepj.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AutogradTest {
    @Test
    void gradientOfSumOfSquaresIsTwiceInput() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
        x.mul(x).sum().backward();
        assertArrayEquals(new double[] {2, 4, 6}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilZeroed() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        x.mul(3).sum().backward();
        x.mul(3).sum().backward();
        assertArrayEquals(new double[] {6, 6}, x.grad().toDoubleArray(), 0);
        x.zeroGrad();
        assertArrayEquals(new double[] {0, 0}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void engineUnbroadcastsGradientsToInputShapes() {
        Tensor a = Tensor.ones(DType.FLOAT64, 2, 3).requiresGrad(true);
        Tensor b = Tensor.ones(DType.FLOAT64, 3).requiresGrad(true);
        Tensor c = Tensor.ones(DType.FLOAT64, 2, 1).requiresGrad(true);
        a.add(b).mul(c).sum().backward();
        assertArrayEquals(new int[] {3}, b.grad().shape().toArray());
        assertArrayEquals(new double[] {2, 2, 2}, b.grad().toDoubleArray(), 0);
        assertArrayEquals(new double[] {6, 6}, c.grad().toDoubleArray(), 0);
    }

    @Test
    void gradientFlowsToInputsNotOnlyParameters() {
        Tensor pixels = Tensor.of(new double[] {0.5, -1}, 2).requiresGrad(true);
        pixels.tanh().sum().backward();
        double t = Math.tanh(0.5);
        assertEquals(1 - t * t, pixels.grad().get(0), 1e-15);
    }

    @Test
    void noGradScopeRecordsNothing() {
        Tensor x = Tensor.ones(DType.FLOAT64, 2).requiresGrad(true);
        Tensor y;
        try (var s = Autograd.noGrad()) {
            y = x.mul(2);
        }
        assertNull(y.gradFnName());
        assertTrue(Autograd.isGradEnabled());
    }

    @Test
    void graphIsReleasedAfterBackwardUnlessRetained() {
        Tensor x = Tensor.ones(DType.FLOAT64, 2).requiresGrad(true);
        Tensor y = x.exp().sum();
        y.backward(null, true);
        y.backward();
        assertEquals(2 * Math.E, x.grad().get(0), 1e-12);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("already freed"), e.getMessage());
    }

    @Test
    void inPlaceChangeOfASavedTensorIsRefusedInBackward() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor y = x.exp();
        Tensor z = y.sum();
        try (var s = Autograd.noGrad()) {
            y.mulInPlace(2);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, z::backward);
        assertTrue(e.getMessage().contains("modified in place"), e.getMessage());
    }

    @Test
    void anomalyModeNamesTheOpThatMadeNaNInForward() {
        Tensor x = Tensor.of(new double[] {-1}, 1).requiresGrad(true);
        try (var a = Autograd.detectAnomaly()) {
            NonFiniteException e = assertThrows(NonFiniteException.class, () -> x.log());
            assertTrue(e.getMessage().contains("'log'"), e.getMessage());
            assertTrue(e.getMessage().contains("forward"), e.getMessage());
        }
    }

    @Test
    void anomalyModeNamesTheOpThatMadeInfinityInBackward() {
        Tensor x = Tensor.of(new double[] {0}, 1).requiresGrad(true);
        try (var a = Autograd.detectAnomaly()) {
            Tensor y = x.sqrt().sum(); // forward is finite (0); the gradient 1/(2·0) is not
            NonFiniteException e = assertThrows(NonFiniteException.class, y::backward);
            assertTrue(e.getMessage().contains("'sqrt'"), e.getMessage());
            assertTrue(e.getMessage().contains("backward"), e.getMessage());
            assertTrue(e.getCause().getMessage().contains("created here"));
        }
    }

    @Test
    void backwardOfNonScalarNeedsAnOutputGradient() {
        Tensor x = Tensor.ones(DType.FLOAT64, 3).requiresGrad(true);
        Tensor y = x.mul(2);
        assertThrows(IllegalArgumentException.class, y::backward);
        y.backward(Tensor.of(new double[] {1, 2, 3}, 3));
        assertArrayEquals(new double[] {2, 4, 6}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void detachCutsTheGraph() {
        Tensor x = Tensor.ones(DType.FLOAT64, 2).requiresGrad(true);
        Tensor d = x.mul(2).detach();
        assertTrue(d.isLeaf());
        assertTrue(!d.requiresGrad());
    }

    @Test
    void retainGradKeepsNonLeafGradient() {
        Tensor x = Tensor.ones(DType.FLOAT64, 2).requiresGrad(true);
        Tensor h = x.mul(3).retainGrad();
        h.square().sum().backward();
        assertArrayEquals(new double[] {6, 6}, h.grad().toDoubleArray(), 0);
    }
}
