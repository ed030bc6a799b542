package ai.deepj.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fused {@code linear} accumulates its weight gradient straight into an existing {@code .grad} (a GEMM with
 * beta 1), so a training loop that zero-fills gradients ({@code zeroGrad(false)}) reuses the same buffer every
 * step: the values equal the engine's {@code grad += dW} (checked against the same steps in anomaly mode, which
 * takes the engine's path), and the buffer is the same object before and after.
 */
class LinearGradBufferTest {
    private static Tensor loss(Tensor x, Tensor w, Tensor b, Tensor w2) {
        Tensor h = x.linear(w, b).relu();
        return h.linear(w2, null).square().mean();
    }

    private static float[][] run(DType dtype, boolean zeroFill, boolean anomaly, int steps, boolean[] reused) {
        Generator gen = Generator.seeded(7);
        Tensor w = Tensor.normal(gen, dtype, 0, 0.3, 24, 40).requiresGrad(true);
        Tensor b = Tensor.normal(gen, dtype, 0, 0.3, 24).requiresGrad(true);
        Tensor w2 = Tensor.normal(gen, dtype, 0, 0.3, 5, 24).requiresGrad(true);
        Tensor first = null;
        for (int s = 0; s < steps; s++) {
            Tensor x = Tensor.normal(gen, dtype, 0, 1, 300, 40); // 300 rows: more than one GEMM depth block
            if (zeroFill) {
                w.zeroGrad();
                b.zeroGrad();
                w2.zeroGrad();
            }
            if (anomaly) {
                try (var a = Autograd.detectAnomaly()) {
                    loss(x, w, b, w2).backward();
                }
            } else {
                loss(x, w, b, w2).backward();
            }
            if (s == 0) first = w.grad();
        }
        reused[0] = w.grad() == first;
        return new float[][] {w.grad().to(DType.FLOAT32).toFloatArray(), b.grad().to(DType.FLOAT32).toFloatArray(),
                w2.grad().to(DType.FLOAT32).toFloatArray()};
    }

    @Test
    void zeroFilledGradientsAreReusedWithTheEngineValues() {
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            boolean[] direct = new boolean[1], engine = new boolean[1];
            float[][] a = run(dtype, true, false, 3, direct);
            float[][] e = run(dtype, true, true, 3, engine);
            assertTrue(direct[0], "the weight's gradient buffer is kept across steps");
            for (int i = 0; i < 3; i++) assertArrayEquals(e[i], a[i], 0f, dtype + " gradient " + i);
        }
    }

    @Test
    void accumulatingOverSeveralBackwardsAddsUp() {
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            boolean[] r = new boolean[1];
            float[][] a = run(dtype, false, false, 3, r);
            float[][] e = run(dtype, false, true, 3, r);
            // grad += dW rounds the product once before adding it; the GEMM adds each depth block's sum onto the
            // buffer: the same up to float rounding.
            double tol = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < a[i].length; j++) {
                    assertTrue(Math.abs(a[i][j] - e[i][j]) <= tol * (1 + Math.abs(e[i][j])), dtype + " gradient " + i + " at " + j);
                }
            }
        }
    }

    @Test
    void setToNoneStillGivesAFreshGradientAndTheWriteBumpsTheVersion() {
        Generator gen = Generator.seeded(1);
        Tensor w = Tensor.normal(gen, DType.FLOAT32, 0, 1, 3, 4).requiresGrad(true);
        Tensor x = Tensor.normal(gen, DType.FLOAT32, 0, 1, 2, 4);
        x.linear(w, null).sum().backward();
        Tensor g1 = w.grad();
        w.setGrad(null);
        x.linear(w, null).sum().backward();
        assertNotSame(g1, w.grad());
        Tensor kept = w.grad();
        int v = kept.storage.version;
        x.linear(w, null).sum().backward();
        assertSame(kept, w.grad());
        assertTrue(kept.storage.version > v, "writing into the gradient bumps its storage version");
        float[] twice = kept.toFloatArray(), once = g1.toFloatArray();
        for (int i = 0; i < once.length; i++) assertTrue(Math.abs(twice[i] - 2 * once[i]) <= 1e-6f * (1 + Math.abs(once[i])));
    }

    /** The point of it: with a kept buffer, backward allocates no weight-sized array for the weight's gradient. */
    @Test
    void backwardAllocatesNoWeightSizedGradient() {
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        Generator gen = Generator.seeded(2);
        Tensor w = Tensor.normal(gen, DType.FLOAT32, 0, 1, 512, 784).requiresGrad(true);
        Tensor x = Tensor.normal(gen, DType.FLOAT32, 0, 1, 16, 784);
        long weightBytes = 512L * 784 * 4;
        long[] bytes = {Long.MAX_VALUE, Long.MAX_VALUE};
        for (int rep = 0; rep < 30; rep++) { // the fewest bytes of 30 counts: vector code not yet compiled allocates
            for (int mode = 0; mode < 2; mode++) {
                w.zeroGrad();
                Tensor l = x.linear(w, null).sum();
                long before = mx.getThreadAllocatedBytes(tid);
                if (mode == 0) {
                    l.backward();
                } else {
                    try (var a = Autograd.detectAnomaly()) {
                        l.backward();
                    }
                }
                bytes[mode] = Math.min(bytes[mode], mx.getThreadAllocatedBytes(tid) - before);
                if (rep == 0 && mode == 0) assertTrue(w.grad() != null);
            }
        }
        assertTrue(bytes[0] < weightBytes / 2 && bytes[1] >= weightBytes,
                () -> "backward allocated " + bytes[0] + " bytes into a kept buffer, " + bytes[1] + " the engine's way");
    }
}
