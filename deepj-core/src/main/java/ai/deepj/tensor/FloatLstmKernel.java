package ai.deepj.tensor;

import ai.deepj.kernel.ElementwiseKernels;
import ai.deepj.kernel.LstmCellKernel;
import ai.deepj.kernel.PackedB;
import ai.deepj.kernel.Parallel;
import ai.deepj.kernel.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LstmKernel}'s equations in float32 throughout, the state included (as PyTorch and cuDNN keep
 * it): the fast path for float32 layers, forward and backward side by side. {@link LstmKernel}, which
 * keeps the state in float64, is the reference this kernel is tested against.
 *
 * <p>What makes it fast:
 * <ul>
 *   <li>the recurrent weight is packed for the GEMM micro-kernel once per call ({@link PackedB}), as
 *       {@code Whhᵀ} for forward and {@code Whh} for backward, instead of at every step;</li>
 *   <li>each step's product is written straight into the saved gate buffer (preset to the input
 *       gates plus bias), and the gates and the state update are one vector pass per row
 *       ({@link LstmCellKernel}; with peepholes, loops of {@link ElementwiseKernels}); {@code tanh(c)} is
 *       saved rather than recomputed in backward;</li>
 *   <li>the sequences of a batch are independent, so the batch is split over {@link Parallel}'s
 *       threads for the whole time loop: one hand-off per call, not two per step. Each row's numbers
 *       do not depend on the split (the GEMM sums each element in the same order), so results are
 *       the same for every thread count.</li>
 * </ul>
 * Layouts as in {@link RecurrentKernel}: {@code [B, T, n]} rows at {@code (b·T + t)·n}.
 */
final class FloatLstmKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    final int batch, time, hidden, gates;
    final boolean reverse;
    /** [B·T], true where the step is real; null: all are. */
    final boolean[] valid;
    /** Input gates [B, T, 4H] at xgOff, recurrent weight [4H, H] at wOff. */
    private final float[] xg, w;
    private final int xgOff, wOff;
    /** [4H], [3H] (i, f, o), [B, H], [B, H], or null. */
    private final float[] bias, peep, h0, c0;
    /** Whether forward saves what backward reads. */
    private final boolean keep;

    /** Forward results: outputs [B, T, H] | final h [B, H] | final c [B, H], one array (the op's output tensor). */
    final float[] result;
    /**
     * Gate activations i, f, g, o, time-major [T, B, 4H] (a step's rows are one block, so each step's product
     * writes contiguous memory: rows T·4H floats apart all fall in the same cache sets, which cost 17 % of the
     * product); state before each step [B, T, H]; tanh of the new cell state; the new cell state (peepholes only).
     */
    private final float[] act, hPrev, cPrev, tanhC, cNew;

    /** Backward results (null where not computed). */
    float[] dxg, dw, dBias, dh0, dc0, dPeep;

    FloatLstmKernel(int batch, int time, int hidden, boolean reverse, boolean[] valid, float[] xg, int xgOff, float[] w, int wOff,
            float[] bias, float[] peep, float[] h0, float[] c0, boolean keep) {
        this.batch = batch;
        this.time = time;
        this.hidden = hidden;
        this.gates = 4 * hidden;
        this.reverse = reverse;
        this.valid = valid;
        this.xg = xg;
        this.xgOff = xgOff;
        this.w = w;
        this.wOff = wOff;
        this.bias = bias;
        this.peep = peep;
        this.h0 = h0;
        this.c0 = c0;
        this.keep = keep;
        int bth = batch * time * hidden;
        result = new float[bth + 2 * batch * hidden];
        act = new float[batch * time * gates];
        hPrev = keep ? new float[bth] : null;
        cPrev = keep ? new float[bth] : null;
        tanhC = keep ? new float[bth] : null;
        cNew = keep && peep != null ? new float[bth] : null;
    }

    private int timeAt(int s) {
        return reverse ? time - 1 - s : s;
    }

    private boolean isValid(int b, int t) {
        return valid == null || valid[b * time + t];
    }

    /** Work of one sequence, in multiply-adds: what decides whether the batch is split over threads. */
    private long workPerRow() {
        return (long) time * gates * hidden;
    }

    void forward() {
        PackedB wt = PackedB.pack(true, hidden, gates, w, wOff, hidden);   // op(B) = Whhᵀ, [H, 4H]
        Parallel.forRange(batch, workPerRow(), (b0, b1) -> forwardRows(wt, b0, b1));
    }

    /** Sequences {@code [b0, b1)} through all steps; their state lives in the final-state slots of {@link #result}. */
    private void forwardRows(PackedB wt, int b0, int b1) {
        int H = hidden, G = gates, bth = batch * time * H;
        float[] out = result;
        int hOff = bth, cOff = bth + batch * H;   // h and c of row b at hOff + b·H, cOff + b·H
        for (int b = b0; b < b1; b++) {
            if (h0 != null) System.arraycopy(h0, b * H, out, hOff + b * H, H);
            if (c0 != null) System.arraycopy(c0, b * H, out, cOff + b * H, H);
        }
        boolean oneChunk = b1 - b0 == batch;
        for (int s = 0; s < time; s++) {
            int t = timeAt(s);
            for (int b = b0; b < b1; b++) {
                int x = (b * time + t) * G, a = (t * batch + b) * G;
                if (bias == null) System.arraycopy(xg, xgOff + x, act, a, G);
                else add(xg, xgOff + x, bias, 0, act, a, G);
            }
            // act[t, b] += h_b · Whhᵀ for the chunk's rows, straight into the saved gate buffer.
            wt.multiply(false, b1 - b0, 1f, out, hOff + b0 * H, H, 1f, act, (t * batch + b0) * G, G, oneChunk);
            for (int b = b0; b < b1; b++) {
                int row = b * time + t, hs = row * H, p = (t * batch + b) * G, st = b * H;
                if (keep) {
                    System.arraycopy(out, hOff + st, hPrev, hs, H);
                    System.arraycopy(out, cOff + st, cPrev, hs, H);
                }
                if (!isValid(b, t)) continue;   // state carried, output zero
                cellStep(p, cOff + st, hOff + st, hs);
            }
        }
    }

    /**
     * One row's gates and new state: {@code act[p..p+4H)} holds the pre-activations on entry and the
     * activations (i, f, g, o) on exit; the state at {@code result[c..]}, {@code result[h..]} is
     * updated and the output written at {@code result[hs..]}.
     */
    private void cellStep(int p, int c, int h, int hs) {
        int H = hidden;
        float[] r = result;
        if (peep == null) {   // the common case in one vector pass, the same bits as these loops
            LstmCellKernel.forward(act, p, r, c, h, r, hs, keep ? tanhC : null, hs, H);
            return;
        }
        for (int j = 0; j < H; j++) {   // peepholes
            act[p + j] += peep[j] * r[c + j];
            act[p + H + j] += peep[H + j] * r[c + j];
        }
        ElementwiseKernels.unary(UnaryOp.SIGMOID, act, p, 1, act, p, 2 * H);       // i, f
        ElementwiseKernels.unary(UnaryOp.TANH, act, p + 2 * H, 1, act, p + 2 * H, H);   // g
        // c' = f∗c + i∗g, in place in the state
        int j = 0;
        for (int upper = S.loopBound(H); j < upper; j += S.length()) {
            FloatVector i = FloatVector.fromArray(S, act, p + j), f = FloatVector.fromArray(S, act, p + H + j);
            FloatVector g = FloatVector.fromArray(S, act, p + 2 * H + j), cp = FloatVector.fromArray(S, r, c + j);
            f.fma(cp, i.mul(g)).intoArray(r, c + j);
        }
        for (; j < H; j++) r[c + j] = Math.fma(act[p + H + j], r[c + j], act[p + j] * act[p + 2 * H + j]);
        if (cNew != null) System.arraycopy(r, c, cNew, hs, H);
        for (j = 0; j < H; j++) act[p + 3 * H + j] += peep[2 * H + j] * r[c + j];
        ElementwiseKernels.unary(UnaryOp.SIGMOID, act, p + 3 * H, 1, act, p + 3 * H, H);   // o
        float[] tc = keep ? tanhC : r;
        int tcOff = keep ? hs : h;   // without saving, tanh(c') goes where h' will be written
        ElementwiseKernels.unary(UnaryOp.TANH, r, c, 1, tc, tcOff, H);
        // h' = o∗tanh(c'), into the state and the output
        for (j = 0; j < H; j++) {
            float hn = act[p + 3 * H + j] * tc[tcOff + j];
            r[h + j] = hn;
            r[hs + j] = hn;
        }
    }

    /**
     * Back-propagates the output gradient {@code g} (laid out as {@link #result}: outputs, final h, final c)
     * from {@code gOff}, filling the {@code d*} fields; the weight's and bias's gradients only if asked.
     */
    void backward(float[] g, int gOff, boolean needW, boolean needBias) {
        if (!keep) throw new IllegalStateException("lstm: backward after a forward that saved nothing (run under noGrad)");
        int H = hidden, bth = batch * time * H;
        dxg = new float[batch * time * gates];
        dh0 = new float[batch * H];
        dc0 = new float[batch * H];
        System.arraycopy(g, gOff + bth, dh0, 0, batch * H);            // dh, dc start from the final states' gradients
        System.arraycopy(g, gOff + bth + batch * H, dc0, 0, batch * H);
        float[] dPeepRows = peep == null ? null : new float[batch * 3 * H];
        PackedB wp = PackedB.pack(false, gates, H, w, wOff, H);   // op(B) = Whh, [4H, H]
        Parallel.forRange(batch, 2 * workPerRow(), (b0, b1) -> backwardRows(wp, g, gOff, dPeepRows, b0, b1));
        if (dPeepRows != null) {
            dPeep = new float[3 * H];
            for (int b = 0; b < batch; b++) for (int j = 0; j < 3 * H; j++) dPeep[j] += dPeepRows[b * 3 * H + j];
        }
        if (needW) {
            dw = new float[gates * H];
            ai.deepj.kernel.Gemm.sgemm(true, false, gates, H, batch * time, 1f, dxg, 0, gates, hPrev, 0, H, 0f, dw, 0, H);
        }
        if (needBias) dBias = columnSums(dxg, batch * time, gates);
    }

    private void backwardRows(PackedB wp, float[] g, int gOff, float[] dPeepRows, int b0, int b1) {
        int H = hidden, G = gates;
        float[] dh = dh0, dc = dc0;   // the running gradients of the state; what is left at the end is dh0, dc0
        float[] dhPrev = new float[(b1 - b0) * H];
        boolean oneChunk = b1 - b0 == batch;
        for (int s = time - 1; s >= 0; s--) {
            int t = timeAt(s);
            for (int b = b0; b < b1; b++) {
                if (!isValid(b, t)) continue;   // the state's gradient passes through; no gate gradient
                int row = b * time + t;
                gateGradients((t * batch + b) * G, row * G, row * H, b * H, g, gOff + row * H, dPeepRows, b * 3 * H);
            }
            // dh_prev = da·Whh for the chunk's rows; masked rows keep carrying their gradient.
            wp.multiply(false, b1 - b0, 1f, dxg, (b0 * time + t) * G, time * G, 0f, dhPrev, 0, H, oneChunk);
            for (int b = b0; b < b1; b++) if (isValid(b, t)) System.arraycopy(dhPrev, (b - b0) * H, dh, b * H, H);
        }
    }

    /**
     * One row's gate gradients into {@code dxg[p..p+4H)} from its activations {@code act[a..a+4H)}, the state's
     * gradient {@code dh0/dc0[st..]} plus the output's {@code g[go..]}; leaves the cell state's gradient for the
     * step before in {@code dc0[st..]}.
     */
    private void gateGradients(int a, int p, int hs, int st, float[] g, int go, float[] dPeepRows, int pr) {
        int H = hidden;
        float[] dh = dh0, dc = dc0;
        int j = 0;
        if (peep == null) {
            FloatVector one = FloatVector.broadcast(S, 1f);
            for (int upper = S.loopBound(H); j < upper; j += S.length()) {
                FloatVector dhj = FloatVector.fromArray(S, dh, st + j).add(FloatVector.fromArray(S, g, go + j));
                FloatVector i = FloatVector.fromArray(S, act, a + j), f = FloatVector.fromArray(S, act, a + H + j);
                FloatVector gg = FloatVector.fromArray(S, act, a + 2 * H + j), o = FloatVector.fromArray(S, act, a + 3 * H + j);
                FloatVector tc = FloatVector.fromArray(S, tanhC, hs + j), cp = FloatVector.fromArray(S, cPrev, hs + j);
                FloatVector dao = dhj.mul(tc).mul(o).mul(one.sub(o));
                FloatVector dcj = dhj.mul(o).mul(one.sub(tc.mul(tc))).add(FloatVector.fromArray(S, dc, st + j));
                dcj.mul(gg).mul(i).mul(one.sub(i)).intoArray(dxg, p + j);
                dcj.mul(cp).mul(f).mul(one.sub(f)).intoArray(dxg, p + H + j);
                dcj.mul(i).mul(one.sub(gg.mul(gg))).intoArray(dxg, p + 2 * H + j);
                dao.intoArray(dxg, p + 3 * H + j);
                dcj.mul(f).intoArray(dc, st + j);
            }
        }
        for (; j < H; j++) {
            float dhj = dh[st + j] + g[go + j];
            float i = act[a + j], f = act[a + H + j], gg = act[a + 2 * H + j], o = act[a + 3 * H + j];
            float tc = tanhC[hs + j], cp = cPrev[hs + j];
            float dao = dhj * tc * o * (1 - o);
            float dcj = dhj * o * (1 - tc * tc) + dc[st + j];
            if (peep != null) dcj += dao * peep[2 * H + j];
            float dai = dcj * gg * i * (1 - i), daf = dcj * cp * f * (1 - f), dag = dcj * i * (1 - gg * gg);
            dxg[p + j] = dai;
            dxg[p + H + j] = daf;
            dxg[p + 2 * H + j] = dag;
            dxg[p + 3 * H + j] = dao;
            float dcp = dcj * f;
            if (peep != null) {
                dcp += dai * peep[j] + daf * peep[H + j];
                dPeepRows[pr + j] += dai * cp;
                dPeepRows[pr + H + j] += daf * cp;
                dPeepRows[pr + 2 * H + j] += dao * cNew[hs + j];
            }
            dc[st + j] = dcp;
        }
    }

    /** {@code o[oo + j] = a[ao + j] + b[bo + j]} for {@code j < n}. */
    private static void add(float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        int j = 0;
        for (int upper = S.loopBound(n); j < upper; j += S.length()) {
            FloatVector.fromArray(S, a, ao + j).add(FloatVector.fromArray(S, b, bo + j)).intoArray(o, oo + j);
        }
        for (; j < n; j++) o[oo + j] = a[ao + j] + b[bo + j];
    }

    /**
     * The sums of the columns of a {@code rows × cols} array: float partial sums over blocks of 64 rows,
     * added up in float64, so that thousands of rows do not lose the float sum's low bits. Columns are
     * split over threads; each column is summed in the same order whatever the split.
     */
    static float[] columnSums(float[] d, int rows, int cols) {
        float[] out = new float[cols];
        Parallel.forRange(cols, rows, (c0, c1) -> {
            int n = c1 - c0;
            double[] total = new double[n];
            float[] part = new float[n];
            for (int r0 = 0; r0 < rows; r0 += 64) {
                java.util.Arrays.fill(part, 0f);
                for (int r = r0, end = Math.min(rows, r0 + 64); r < end; r++) add(part, 0, d, r * cols + c0, part, 0, n);
                for (int j = 0; j < n; j++) total[j] += part[j];
            }
            for (int j = 0; j < n; j++) out[c0 + j] = (float) total[j];
        });
        return out;
    }
}
