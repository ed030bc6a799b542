package ai.deepj.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One float32 LSTM cell update (no peepholes) over a row, gates in PyTorch's order {@code (i, f, g, o)}:
 * {@code i, f, o = sigmoid(·)}, {@code g = tanh(·)}, {@code c' = f∗c + i∗g}, {@code h' = o∗tanh(c')}.
 * The gate functions are {@link VectorMath}'s loops, called directly; the cell update, {@code tanh(c')}
 * and the output are one loop, each vector loaded once. (One loop for everything, five polynomials in
 * its body, was too big for C1, which gave up on it, and the method never reached C2: 4x slower.)
 *
 * <p>The results have the same bits as {@link ElementwiseKernels#unary} with {@link UnaryOp#SIGMOID} and
 * {@link UnaryOp#TANH} followed by the cell update's loops: the same {@link VectorMath} polynomials, the
 * one for {@code tanh(c')} repeated inline with no vector crossing a call (a vector passed to a method that
 * C2 does not inline is boxed, see {@link VectorMath}). A vector of {@code c'} with a lane outside that
 * polynomial's fast range ({@code |c'| ≥ 43.5}, or NaN) is handed to {@link VectorMath#tanh} instead.
 */
public final class LstmCellKernel {
    private LstmCellKernel() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    // VectorMath's constants (see there): e^x = 2^k · p(r), x = k ln2 + r.
    private static final float SHIFT = VectorMath.SHIFT, LOG2E = VectorMath.LOG2E, LN2_HI = VectorMath.LN2_HI,
            LN2_LO = VectorMath.LN2_LO;
    private static final int SHIFT_BITS = VectorMath.SHIFT_BITS;

    /**
     * The cell update of one row of {@code n} units. On entry {@code act[p, p+4n)} holds the pre-activations
     * {@code (i, f, g, o)}, on exit their activations. The cell state {@code state[c, c+n)} is replaced by
     * {@code c'}; {@code h'} is written to {@code state[h, h+n)} and to {@code out[o, o+n)}; {@code tanh(c')}
     * to {@code tanhC[tc, tc+n)} unless {@code tanhC} is null.
     */
    public static void forward(float[] act, int p, float[] state, int c, int h, float[] out, int o, float[] tanhC, int tc, int n) {
        VectorMath.sigmoid(act, p, act, p, 2 * n);                  // i, f
        VectorMath.tanh(act, p + 2 * n, act, p + 2 * n, n);         // g
        VectorMath.sigmoid(act, p + 3 * n, act, p + 3 * n, n);      // o
        cell(act, p, state, c, h, out, o, tanhC, tc, n);
    }

    /** {@code c' = f∗c + i∗g}, {@code tanh(c')} and {@code h' = o∗tanh(c')} in one loop, from the activations. */
    private static void cell(float[] act, int p, float[] state, int c, int h, float[] out, int o, float[] tanhC, int tc, int n) {
        // The polynomials' constants as loop-invariant vectors (a helper returning a broadcast was not always
        // inlined here, and boxed one vector per iteration: 3 MB per char-lstm step).
        FloatVector one = FloatVector.broadcast(FS, 1f), two = FloatVector.broadcast(FS, 2f);
        FloatVector p2 = FloatVector.broadcast(FS, 0.041668002f), p3 = FloatVector.broadcast(FS, 0.16666432f);
        FloatVector p4 = FloatVector.broadcast(FS, 0.49999994f), q2 = FloatVector.broadcast(FS, -0.05373971f);
        FloatVector q3 = FloatVector.broadcast(FS, 0.13331442f), q4 = FloatVector.broadcast(FS, -0.3333328f);
        FloatVector ln2Hi = FloatVector.broadcast(FS, -LN2_HI), ln2Lo = FloatVector.broadcast(FS, -LN2_LO);
        for (int j = 0; j < n; j += FS.length()) {
            VectorMask<Float> m = FS.indexInRange(j, n);
            FloatVector i = FloatVector.fromArray(FS, act, p + j, m), f = FloatVector.fromArray(FS, act, p + n + j, m);
            FloatVector g = FloatVector.fromArray(FS, act, p + 2 * n + j, m), og = FloatVector.fromArray(FS, act, p + 3 * n + j, m);
            FloatVector cn = f.fma(FloatVector.fromArray(FS, state, c + j, m), i.mul(g));
            cn.intoArray(state, c + j, m);
            FloatVector ax = cn.abs(), e2 = ax.add(ax);
            if (!e2.compare(VectorOperators.LT, 87f).allTrue()) {
                // Outside tanh's fast range (or NaN): VectorMath's loop on these lanes, through the output row.
                int len = Math.min(FS.length(), n - j);
                VectorMath.tanh(state, c + j, out, o + j, len);
                for (int q = j; q < j + len; q++) {
                    float t = out[o + q], hn = act[p + 3 * n + q] * t;
                    if (tanhC != null) tanhC[tc + q] = t;
                    state[h + q] = hn;
                    out[o + q] = hn;
                }
                continue;
            }
            // tanh(c') as VectorMath.tanh's fast path: 1 − 2/(e^2|c'| + 1) for |c'| ≥ 0.625, an odd polynomial below.
            FloatVector t = e2.fma(LOG2E, SHIFT), k = t.sub(SHIFT);
            FloatVector r = k.fma(ln2Hi, e2);
            r = k.fma(ln2Lo, r);
            FloatVector poly = r.fma(0.0013843643f, 0.008374155f).fma(r, p2).fma(r, p3).fma(r, p4).fma(r, one).fma(r, one);
            FloatVector exp2 = poly.mul(t.reinterpretAsInts().sub(SHIFT_BITS).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            FloatVector big = one.sub(two.div(exp2.add(1f)));
            FloatVector z = ax.mul(ax);
            FloatVector q = z.fma(-0.005704968f, 0.020639071f).fma(z, q2).fma(z, q3).fma(z, q4);
            FloatVector magnitude = ax.mul(z).fma(q, ax).blend(big, ax.compare(VectorOperators.GE, 0.625f));
            FloatVector tanh = magnitude.reinterpretAsInts().or(cn.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats();
            FloatVector hn = og.mul(tanh);
            if (tanhC != null) tanh.intoArray(tanhC, tc + j, m);
            hn.intoArray(state, h + j, m);
            hn.intoArray(out, o + j, m);
        }
    }
}
