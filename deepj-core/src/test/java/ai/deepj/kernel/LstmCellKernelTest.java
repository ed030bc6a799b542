package ai.deepj.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LstmCellKernel} against the separate loops it fuses ({@link ElementwiseKernels#unary} sigmoid and
 * tanh, then {@code c' = f∗c + i∗g}, {@code h' = o∗tanh(c')}): the same bits for every output, at row lengths
 * with and without a vector tail, for ordinary pre-activations and for ones outside the polynomials' fast
 * range (large, infinite, NaN), which take the slow path vector by vector.
 */
class LstmCellKernelTest {
    /** The reference: the unfused loops FloatLstmKernel runs with peepholes, without them. */
    private static void reference(float[] act, int p, float[] state, int c, int h, float[] out, int o, float[] tanhC, int tc, int n) {
        ElementwiseKernels.unary(UnaryOp.SIGMOID, act, p, 1, act, p, 2 * n);
        ElementwiseKernels.unary(UnaryOp.TANH, act, p + 2 * n, 1, act, p + 2 * n, n);
        ElementwiseKernels.unary(UnaryOp.SIGMOID, act, p + 3 * n, 1, act, p + 3 * n, n);
        for (int j = 0; j < n; j++) state[c + j] = Math.fma(act[p + n + j], state[c + j], act[p + j] * act[p + 2 * n + j]);
        ElementwiseKernels.unary(UnaryOp.TANH, state, c, 1, tanhC, tc, n);
        for (int j = 0; j < n; j++) {
            float hn = act[p + 3 * n + j] * tanhC[tc + j];
            state[h + j] = hn;
            out[o + j] = hn;
        }
    }

    private static void check(int n, float scale, float special) {
        Random rnd = new Random(n * 31L + (long) scale);
        int p = 3, c = 2, h = 2 + n + 1, o = 5, tc = 1;
        float[] act = new float[p + 4 * n + 2], state = new float[h + n + 3];
        for (int i = 0; i < act.length; i++) act[i] = (float) rnd.nextGaussian() * scale;
        for (int i = 0; i < state.length; i++) state[i] = (float) rnd.nextGaussian() * scale;
        act[p + rnd.nextInt(4 * n)] = special;
        state[c + rnd.nextInt(n)] = special;
        float[] act2 = act.clone(), state2 = state.clone();
        float[] out = new float[o + n], out2 = new float[o + n], tanhC = new float[tc + n], tanhC2 = new float[tc + n];
        LstmCellKernel.forward(act, p, state, c, h, out, o, tanhC, tc, n);
        reference(act2, p, state2, c, h, out2, o, tanhC2, tc, n);
        String what = "n=" + n + " scale=" + scale + " special=" + special;
        assertArrayEquals(act2, act, "gates, " + what);
        assertArrayEquals(state2, state, "state, " + what);
        assertArrayEquals(out2, out, "output, " + what);
        assertArrayEquals(tanhC2, tanhC, "tanh(c'), " + what);
    }

    @Test
    void sameBitsAsTheSeparateLoops() {
        for (int n : new int[] {1, 7, 16, 33, 256}) {
            for (float scale : new float[] {0.5f, 3f, 60f}) {
                check(n, scale, 0.25f);
                check(n, scale, 100f);
                check(n, scale, -50f);
                check(n, scale, Float.POSITIVE_INFINITY);
                check(n, scale, Float.NaN);
            }
        }
    }

    @Test
    void withoutSavingTanhTheStateAndOutputAreTheSame() {
        int n = 40;
        Random rnd = new Random(5);
        float[] act = new float[4 * n], state = new float[2 * n];
        for (int i = 0; i < act.length; i++) act[i] = (float) rnd.nextGaussian() * 2;
        for (int i = 0; i < state.length; i++) state[i] = (float) rnd.nextGaussian() * 2;
        float[] act2 = act.clone(), state2 = state.clone(), out = new float[n], out2 = new float[n];
        LstmCellKernel.forward(act, 0, state, 0, n, out, 0, null, 0, n);
        LstmCellKernel.forward(act2, 0, state2, 0, n, out2, 0, new float[n], 0, n);
        assertArrayEquals(state2, state);
        assertArrayEquals(out2, out);
        assertArrayEquals(act2, act);
    }
}
