package ai.deepj.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.autograd.GradCheck;
import org.junit.jupiter.api.Test;

/**
 * Recorded in-place ops ({@link Tensor#reluInPlace()}) and the engine properties they rest on:
 * graph edges point to the history current at record time, and only the tensors an op's backward
 * reads are version-checked. Gradients are compared with the out-of-place graph exactly (tolerance
 * 0: the same kernels run on the same values), gradient checks at relative difference ≤ 1e-7.
 */
class InPlaceAutogradTest {
    private static final double[] X = {0.5, -1.2, 2.0, 0.3, -0.7, 1.1};
    private static final double[] W = {0.4, -0.9, 1.3, -0.2, 0.6, 0.8, -1.5, 0.1, 0.7, -0.3, 0.2, -1.1};
    private static final double[] B = {0.05, -0.1, 0.2, -0.3};

    /** x (2×3), W (3×4), b (4), all float64 leaves requiring grad; y = x·W + b has both signs. */
    private record Net(Tensor x, Tensor w, Tensor b) {
        static Net create() {
            return new Net(Tensor.of(X, 2, 3).requiresGrad(true), Tensor.of(W, 3, 4).requiresGrad(true),
                    Tensor.of(B, 4).requiresGrad(true));
        }

        Tensor linear() {
            return x.matmul(w).add(b);
        }

        void assertSameGradients(Net other) {
            assertArrayEquals(other.x.grad().toDoubleArray(), x.grad().toDoubleArray(), 0, "dx");
            assertArrayEquals(other.w.grad().toDoubleArray(), w.grad().toDoubleArray(), 0, "dW");
            assertArrayEquals(other.b.grad().toDoubleArray(), b.grad().toDoubleArray(), 0, "db");
        }
    }

    private static final Tensor UPSTREAM = Tensor.of(new double[] {1, -2, 3, 0.5, -1, 2, 0.25, 4}, 2, 4);

    @Test
    void reluInPlaceGivesTheGradientsOfTheOutOfPlaceRelu() {
        Net ref = Net.create();
        Tensor r = ref.linear().relu();
        r.mul(UPSTREAM).sum().backward();

        Net in = Net.create();
        Tensor y = in.linear();
        assertSame(y, y.reluInPlace());
        assertEquals("relu_", y.gradFnName());
        assertArrayEquals(r.toDoubleArray(), y.toDoubleArray(), 0);
        y.mul(UPSTREAM).sum().backward();
        in.assertSameGradients(ref);
        // Both signs occur, so the mask matters: some columns of dW differ from the unmasked gradient.
        assertTrue(java.util.Arrays.stream(ref.linear().toDoubleArray()).anyMatch(v -> v < 0));
    }

    @Test
    void anEarlierConsumerThatSavesNothingKeepsThePreReluPath() {
        // Reference: z = y + 1 and r = relu(y) from one y, out of place (PyTorch gives the same for relu_:
        // z's AddBackward points to the grad_fn y had when z was computed).
        Net ref = Net.create();
        Tensor y0 = ref.linear();
        Tensor z0 = y0.add(1);
        Tensor r0 = y0.relu();
        z0.mul(3).sum().add(r0.mul(UPSTREAM).sum()).backward();

        Net in = Net.create();
        Tensor y = in.linear();
        Tensor z = y.add(1); // recorded before the in-place ReLU; add saves nothing
        y.reluInPlace();
        z.mul(3).sum().add(y.mul(UPSTREAM).sum()).backward();
        in.assertSameGradients(ref);

        // By hand for b: db_j = Σ_i (3 + upstream_ij · [y_ij > 0]).
        double[] yv = ref.linear().toDoubleArray(), up = UPSTREAM.toDoubleArray();
        for (int j = 0; j < 4; j++) {
            double expected = 0;
            for (int i = 0; i < 2; i++) expected += 3 + (yv[i * 4 + j] > 0 ? up[i * 4 + j] : 0);
            assertEquals(expected, in.b().grad().get(j), 1e-12);
        }
    }

    @Test
    void anEarlierConsumerThatSavedTheTensorMakesBackwardFail() {
        Net in = Net.create();
        Tensor y = in.linear();
        Tensor w = y.mul(y); // saves y: its gradient 2y would read the overwritten values
        y.reluInPlace();
        Tensor loss = w.sum().add(y.sum());
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("modified in place") && e.getMessage().contains("'mul'"), e.getMessage());
    }

    @Test
    void gradCheckThroughReluInPlace() {
        // Values away from the kink at 0 (ε = 1e-6 would otherwise straddle it).
        Tensor a = Tensor.of(new double[] {-1.3, 0.4, 2.2, -0.6, 0.9, -2.1}, 2, 3);
        Tensor m = Tensor.of(new double[] {0.7, -1.1, 0.5, 1.6, -0.4, 0.3}, 3, 2);
        var r = GradCheck.check(t -> t[0].matmul(t[1]).add(t[0].sum()).reluInPlace().square().mul(t[0].sum(new int[] {1}, true)), a, m);
        assertTrue(r.passed() && r.coordinates() == 12, r.toString());
    }

    @Test
    void withoutRecordingReluInPlaceIsAPlainInPlaceOp() {
        Tensor leaf = Tensor.of(new double[] {-1, 2, -3, 4}, 4).requiresGrad(true);
        try (var s = Autograd.noGrad()) {
            int before = leaf.storage.version;
            leaf.reluInPlace();
            assertEquals(before + 1, leaf.storage.version);
        }
        assertArrayEquals(new double[] {0, 2, 0, 4}, leaf.toDoubleArray(), 0);
        assertNull(leaf.gradFnName());
        assertTrue(leaf.isLeaf());

        Tensor data = Tensor.of(new float[] {-1.5f, 0.5f}, 2); // requires no grad: nothing to record even while recording
        data.reluInPlace();
        assertArrayEquals(new float[] {0, 0.5f}, data.toFloatArray(), 0);
        assertNull(data.gradFnName());
    }

    @Test
    void aLeafThatRequiresGradIsRefusedWhileRecording() {
        Tensor leaf = Tensor.of(new double[] {-1, 2}, 2).requiresGrad(true);
        assertFalse(leaf.inPlaceAllowed());
        IllegalStateException e = assertThrows(IllegalStateException.class, leaf::reluInPlace);
        assertTrue(e.getMessage().contains("reluInPlace") && e.getMessage().contains("leaf tensor that requires grad")
                && e.getMessage().contains("[2]"), e.getMessage());
        assertArrayEquals(new double[] {-1, 2}, leaf.toDoubleArray(), 0, "refused before writing");
    }

    @Test
    void viewsAndTensorsWithViewsAreRefusedWhileRecording() {
        Tensor y = Tensor.of(new double[] {-1, 2, 3, -4}, 4).requiresGrad(true).mul(2);
        assertTrue(y.inPlaceAllowed());
        Tensor v = y.reshape(2, 2); // a later y.sum() would read relu'd values through y's old history
        assertFalse(y.inPlaceAllowed());
        assertFalse(v.inPlaceAllowed());
        IllegalStateException e = assertThrows(IllegalStateException.class, v::reluInPlace);
        assertTrue(e.getMessage().contains("view"), e.getMessage());
        assertThrows(IllegalStateException.class, y::reluInPlace);
    }

    @Test
    void aRetainedGradientMovesToTheNewHistory() {
        // As PyTorch: after y.relu_(), y.grad is the gradient with respect to the new (post-ReLU) values.
        Net in = Net.create();
        Tensor y = in.linear().retainGrad();
        y.reluInPlace();
        y.mul(UPSTREAM).sum().backward();
        assertArrayEquals(UPSTREAM.toDoubleArray(), y.grad().toDoubleArray(), 0);
    }

    @Test
    void backwardReadingOnlyTheOutputIgnoresInPlaceChangesOfItsInput() {
        // add, sum and relu do not read their inputs in backward, so overwriting those is harmless.
        Tensor x = Tensor.of(new double[] {-1, 2, 3}, 3).requiresGrad(true);
        Tensor h = x.mul(1.0);
        Tensor loss = h.add(1).sum().add(h.relu().sum());
        try (var s = Autograd.noGrad()) {
            h.fillInPlace(7);
        }
        loss.backward();
        assertArrayEquals(new double[] {1, 2, 2}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void twoInPlaceReluInARowAreRefusedLikePyTorch() {
        // The first relu_ saved its output, which the second overwrote (PyTorch: "is at version 2; expected version 1").
        Tensor y = Tensor.of(new double[] {-1, 2}, 2).requiresGrad(true).mul(1.0);
        y.reluInPlace().reluInPlace();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("output of 'relu_'"), e.getMessage());
    }

    @Test
    void theGraphIsStillFreedAndRetainable() {
        Net in = Net.create();
        Tensor y = in.linear().reluInPlace();
        Tensor loss = y.sum();
        loss.backward(null, true);
        loss.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("already freed"), e.getMessage());
        Net ref = Net.create();
        ref.linear().relu().sum().mul(2).backward();
        in.assertSameGradients(ref);
    }
}
