package ai.deepj.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Backward functions writing over an output gradient the engine alone holds ({@link Autograd#mayOverwrite}: ReLU's
 * and batch norm's backward) and the engine adding a node's second gradient into its first: on graphs where gradients
 * are shared (an op used twice, one tensor reaching two nodes, a retained gradient, a leaf right behind an overwriting
 * op), the gradients are the same bits as in anomaly mode, which turns both off.
 */
class GradientOverwriteTest {
    /** The leaves' gradients after {@code loss(leaves).backward()}, with or without anomaly mode. */
    private static List<double[]> gradients(Function<Tensor[], Tensor> loss, boolean anomaly, Tensor... values) {
        Tensor[] leaves = new Tensor[values.length];
        for (int i = 0; i < values.length; i++) leaves[i] = values[i].detach().clone().requiresGrad(true);
        if (anomaly) {
            try (var s = Autograd.detectAnomaly()) {
                loss.apply(leaves).backward();
            }
        } else {
            loss.apply(leaves).backward();
        }
        List<double[]> out = new ArrayList<>();
        for (Tensor t : leaves) out.add(t.grad().toDoubleArray());
        return out;
    }

    private static void assertSameAsWithoutOverwriting(String what, Function<Tensor[], Tensor> loss, Tensor... values) {
        List<double[]> plain = gradients(loss, true, values), fast = gradients(loss, false, values);
        for (int i = 0; i < plain.size(); i++) assertArrayEquals(plain.get(i), fast.get(i), 0, what + ": leaf " + i);
    }

    private static Tensor randn(long seed, DType dt, int... shape) {
        return Tensor.normal(Generator.seeded(seed), dt, 0, 1, shape);
    }

    @Test
    void gradientsAreTheSameBitsAsWithoutOverwritingOnGraphsThatShareGradients() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = randn(1, dt, 16, 3, 5, 5), w = randn(2, dt, 3, 75).mul(0.3), gamma = randn(3, dt, 3).add(1), beta = randn(4, dt, 3);
            String t = " (" + dt + ")";
            // batch norm, in-place ReLU, again batch norm (ResNet's pattern), squared loss
            assertSameAsWithoutOverwriting("bn-relu chain" + t, l -> {
                Tensor h = FusedBatchNorm.train(l[0], l[1], l[2], 1e-5).output().reluInPlace();
                return FusedBatchNorm.train(h, l[1], l[2], 1e-5).output().square().mean();
            }, x, gamma, beta);
            // a residual: relu(bn(relu(bn(x))) + x), x reaching two nodes
            assertSameAsWithoutOverwriting("residual" + t, l -> {
                Tensor h = FusedBatchNorm.train(l[0], l[1], l[2], 1e-5).output().reluInPlace();
                return FusedBatchNorm.train(h, l[1], l[2], 1e-5).output().add(l[0]).reluInPlace().square().sum();
            }, x, gamma, beta);
            // one tensor used by two ReLUs and an add of itself (add's backward hands the same gradient to both inputs)
            assertSameAsWithoutOverwriting("shared" + t, l -> {
                Tensor h = l[0].reshape(16, 75).matmul(l[1].transpose(0, 1));
                Tensor a = h.relu(), b = h.mul(-1).relu();
                return a.add(a).square().sum().add(b.square().sum()).add(a.mul(b).sum());
            }, x, w);
            // two ReLU nodes fed one gradient object by add's backward: the first must not mask the second's
            assertSameAsWithoutOverwriting("two relus under one add" + t, l -> {
                Tensor h = l[0].reshape(16, 75).matmul(l[1].transpose(0, 1));
                return h.relu().add(h.mul(-1).relu()).square().sum();
            }, x, w);
            // a ReLU right on a leaf: its overwritten gradient becomes the leaf's grad
            assertSameAsWithoutOverwriting("relu of a leaf" + t, l -> l[0].relu().square().sum().add(l[0].relu().sum()), x);
        }
    }

    @Test
    void aRetainedGradientKeepsItsValueWhenTheNodeBehindItOverwritesItsGradient() {
        Tensor x = randn(5, DType.FLOAT64, 8, 6).requiresGrad(true), w = randn(6, DType.FLOAT64, 6, 6).requiresGrad(true);
        Tensor h = x.matmul(w).retainGrad();
        h.relu().square().sum().backward();
        double[] hv = h.toDoubleArray(), gh = h.grad().toDoubleArray();
        for (int i = 0; i < hv.length; i++) assertEquals(hv[i] > 0 ? 2 * hv[i] : 0, gh[i], 1e-12, "dL/dh at " + i);
    }

    @Test
    void mayOverwriteOnlyAFreshGradientNobodyElseHoldsAndNotInAnomalyMode() {
        boolean[] seen = new boolean[3];
        Tensor x = randn(7, DType.FLOAT64, 4, 5).requiresGrad(true);
        // fresh, contiguous, held by nobody else: square's backward made it
        probe(x, seen, 0).square().sum().backward();
        assertTrue(seen[0], "a fresh gradient");
        // the same gradient handed to two nodes by add's backward: the first to run must not overwrite it
        seen[1] = seen[2] = true;
        probe(x, seen, 1).add(probe(x, seen, 2)).square().sum().backward();
        assertTrue(!seen[1] || !seen[2], "a gradient shared by two pending nodes is overwritable for at most the last of them");
        try (var s = Autograd.detectAnomaly()) {
            probe(x, seen, 0).square().sum().backward();
        }
        assertFalse(seen[0], "anomaly mode");
    }

    /** {@code x·1}, recording in {@code seen[slot]} whether its backward was allowed to overwrite its gradient. */
    private static Tensor probe(Tensor x, boolean[] seen, int slot) {
        Tensor out;
        try (var s = Autograd.noGrad()) {
            out = x.mul(1);
        }
        return Autograd.record("probe", out, g -> {
            seen[slot] = Autograd.mayOverwrite(g);
            return new Tensor[] {g.mul(1)};
        }, x);
    }
}
