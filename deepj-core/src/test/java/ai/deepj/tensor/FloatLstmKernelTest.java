package ai.deepj.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.kernel.Parallel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The float32 LSTM kernel ({@link FloatLstmKernel}) against the float64 one ({@link LstmKernel}, which
 * {@code FusedRecurrentTest} gradient-checks): the same inputs, rounded to float32, give the same outputs,
 * final states and gradients of every operand within float32 accuracy ({@code 2e-5 + 1e-4·|expected|}),
 * with and without mask, peepholes and initial states, in both directions, at sizes with and without
 * vector tails; the results have the same bits at 1 and 2 threads (the batch is split over threads);
 * and a forward under {@code noGrad} gives the same values.
 */
class FloatLstmKernelTest {
    private int savedThreads;

    @BeforeEach
    void saveThreads() {
        savedThreads = Parallel.threads();
    }

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    /** float32 values, so that the float64 run sees exactly the float32 run's inputs. */
    private static Tensor randn(long seed, int... shape) {
        return Tensor.normal(Generator.seeded(seed), DType.FLOAT32, 0, 0.6, shape);
    }

    private static Tensor mask(int batch, int time) {
        double[] m = new double[batch * time];
        for (int b = 0; b < batch; b++) {
            int len = b == 1 ? 0 : time - (b * 3) % time;   // one empty sequence, the others of various lengths
            for (int t = 0; t < len; t++) m[b * time + t] = 1;
        }
        m[(batch - 1) * time + 1] = 0;   // a hole inside a sequence
        return Tensor.of(m, batch, time);
    }

    /** Outputs, final h and c, then the gradient of every operand present, for upstream gradient {@code up}. */
    private static List<Tensor> run(Tensor[] inputs, Tensor mask, boolean reverse, DType dtype, Tensor up) {
        Tensor[] in = new Tensor[inputs.length];
        for (int i = 0; i < in.length; i++) in[i] = inputs[i] == null ? null : inputs[i].to(dtype).detach().requiresGrad(true);
        FusedRecurrent.Result r = FusedRecurrent.lstm(in[0], in[1], in[2], in[3], in[4], in[5], mask, reverse);
        Tensor all = Tensor.concat(0, r.output().flatten(), r.h().flatten(), r.c().flatten());
        all.mul(up.to(dtype)).sum().backward();
        List<Tensor> out = new ArrayList<>(List.of(r.output(), r.h(), r.c()));
        for (Tensor t : in) if (t != null) out.add(t.grad());
        return out;
    }

    private static void assertClose(String what, Tensor expected, Tensor actual) {
        assertEquals(DType.FLOAT32, actual.dtype(), what);
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++) {
            double tol = 2e-5 + 1e-4 * Math.abs(e[i]);
            assertTrue(Math.abs(e[i] - a[i]) <= tol, what + " [" + i + "]: float64 " + e[i] + ", float32 " + a[i]);
        }
    }

    private static void compare(int batch, int time, int hidden, boolean masked, boolean reverse, boolean peepholes, boolean states) {
        int g = 4 * hidden;
        Tensor[] inputs = {randn(1, batch, time, g), randn(2, g, hidden).mul(0.5), randn(3, g), peepholes ? randn(4, 3 * hidden) : null,
                states ? randn(5, batch, hidden) : null, states ? randn(6, batch, hidden) : null};
        Tensor m = masked ? mask(batch, time) : null;
        Tensor up = randn(7, batch * time * hidden + 2 * batch * hidden);
        List<Tensor> d = run(inputs, m, reverse, DType.FLOAT64, up), f = run(inputs, m, reverse, DType.FLOAT32, up);
        String[] names = {"output", "h", "c", "dxGates", "dWeightHh", "dBiasHh", "dPeepholes", "dH0", "dC0"};
        List<String> present = new ArrayList<>(List.of(names).subList(0, 6));
        if (peepholes) present.add("dPeepholes");
        if (states) present.addAll(List.of("dH0", "dC0"));
        String what = batch + "x" + time + "x" + hidden + " masked " + masked + " reverse " + reverse + " peepholes " + peepholes
                + " states " + states + ": ";
        for (int i = 0; i < d.size(); i++) assertClose(what + present.get(i), d.get(i), f.get(i));
    }

    @Test
    void float32AgreesWithTheFloat64KernelInEveryOperandsGradient() {
        for (boolean masked : new boolean[] {false, true}) {
            for (boolean reverse : new boolean[] {false, true}) {
                compare(5, 6, 19, masked, reverse, true, true);    // vector tails everywhere
                compare(5, 6, 32, masked, reverse, false, masked);
            }
        }
    }

    @Test
    void batchesLargeEnoughToSplitOverThreadsAgreeToo() {
        compare(6, 10, 40, true, false, false, true);
        compare(6, 10, 40, false, true, true, false);
    }

    @Test
    void resultsHaveTheSameBitsAtOneAndTwoThreads() {
        Tensor[] inputs = {randn(11, 6, 10, 160), randn(12, 160, 40).mul(0.5), randn(13, 160), null, randn(14, 6, 40), randn(15, 6, 40)};
        Tensor up = randn(16, 6 * 10 * 40 + 2 * 6 * 40);
        Parallel.setThreads(1);
        List<Tensor> one = run(inputs, mask(6, 10), false, DType.FLOAT32, up);
        Parallel.setThreads(2);
        List<Tensor> two = run(inputs, mask(6, 10), false, DType.FLOAT32, up);
        for (int i = 0; i < one.size(); i++) assertArrayEquals(one.get(i).toFloatArray(), two.get(i).toFloatArray(), "result " + i);
    }

    @Test
    void withoutGradientsTheForwardGivesTheSameValues() {
        Tensor xg = randn(21, 3, 5, 24), w = randn(22, 24, 6), b = randn(23, 24);
        FusedRecurrent.Result withGrad = FusedRecurrent.lstm(xg.requiresGrad(true), w, b, null, null, null, null, false);
        FusedRecurrent.Result noGrad;
        try (var s = Autograd.noGrad()) {
            noGrad = FusedRecurrent.lstm(xg, w, b, null, null, null, null, false);
        }
        assertArrayEquals(withGrad.output().toFloatArray(), noGrad.output().toFloatArray());
        assertArrayEquals(withGrad.c().toFloatArray(), noGrad.c().toFloatArray());
        assertTrue(!noGrad.output().requiresGrad());
    }
}
