package ai.deepj.tensor;

/**
 * LSTM over a whole sequence, forward and backward side by side. Gates in PyTorch's order
 * {@code (i, f, g, o)}, G = 4H; per step, one GEMM for all gates from the state:
 *
 * <pre>
 *   a = xg[:, t] + h·Whhᵀ + bhh                      (xg = x·Wihᵀ + bih, hoisted over the sequence)
 *   i = σ(a_i + p_i∗c),  f = σ(a_f + p_f∗c),  g = tanh(a_g)
 *   c' = f∗c + i∗g
 *   o = σ(a_o + p_o∗c'),  h' = o∗tanh(c')
 * </pre>
 *
 * with optional peephole vectors {@code p} (Gers and Schmidhuber 2000; the output gate looks at the
 * new cell state, as in TensorFlow's {@code LSTMCell(use_peepholes=True)}). In the course's
 * notation i = Γu, f = Γf, o = Γo, g = c̃.
 *
 * <p>Backward per step, with {@code dh} the state's gradient plus the output's:
 * {@code da_o = dh∗tanh(c')∗o(1−o)}, {@code dc' += dh∗o∗(1−tanh²c') + da_o∗p_o},
 * {@code da_i = dc'∗g∗i(1−i)}, {@code da_f = dc'∗c∗f(1−f)}, {@code da_g = dc'∗i∗(1−g²)},
 * {@code dc = dc'∗f + da_i∗p_i + da_f∗p_f}, {@code dh = da·Whh}. The weight's gradient is one GEMM
 * over all steps at the end: {@code dWhh = Σ_t da_tᵀ·h_t}.
 */
final class LstmKernel extends RecurrentKernel {
    /** Peepholes [3H] (i, f, o) or null. */
    final double[] peep;
    final double[] c0;
    /** Saved: gate activations [B, T, 4H], cell state before [B, T, H] and after [B, T, H] each step. */
    final double[] act, cPrev, cNew;
    double[] cFinal, dc0, dPeep;

    LstmKernel(int batch, int time, int hidden, boolean reverse, boolean[] valid, double[] xg, double[] w, double[] bias,
            double[] peep, double[] h0, double[] c0, DType dtype) {
        super(batch, time, hidden, 4 * hidden, reverse, valid, xg, w, bias, h0, dtype);
        this.peep = peep;
        this.c0 = c0 != null ? c0 : new double[batch * hidden];
        act = new double[batch * time * gates];
        cPrev = new double[batch * time * hidden];
        cNew = new double[batch * time * hidden];
    }

    @Override
    void forward() {
        int H = hidden, G = gates;
        double[] h = h0.clone(), c = c0.clone();
        double[] pre = new double[batch * G];
        for (int s = 0; s < time; s++) {
            int t = timeAt(s);
            for (int b = 0; b < batch; b++) {
                System.arraycopy(xg, (b * time + t) * G, pre, b * G, G);
                if (bias != null) for (int j = 0; j < G; j++) pre[b * G + j] += bias[j];
            }
            gemm.gemm(false, true, batch, G, H, h, null, 0, H, w, wf, 0, H, 1, pre, 0, G);
            for (int b = 0; b < batch; b++) {
                int row = b * time + t, hs = row * H, gs = row * G, p = b * G, st = b * H;
                System.arraycopy(h, st, hPrev, hs, H);
                System.arraycopy(c, st, cPrev, hs, H);
                if (!isValid(b, t)) continue;
                for (int j = 0; j < H; j++) {
                    double cp = c[st + j];
                    double ai = pre[p + j], af = pre[p + H + j], ag = pre[p + 2 * H + j], ao = pre[p + 3 * H + j];
                    if (peep != null) {
                        ai += peep[j] * cp;
                        af += peep[H + j] * cp;
                    }
                    double i = sigmoid(ai), f = sigmoid(af), g = Math.tanh(ag);
                    double cn = f * cp + i * g;
                    if (peep != null) ao += peep[2 * H + j] * cn;
                    double o = sigmoid(ao);
                    double hn = o * Math.tanh(cn);
                    act[gs + j] = i;
                    act[gs + H + j] = f;
                    act[gs + 2 * H + j] = g;
                    act[gs + 3 * H + j] = o;
                    cNew[hs + j] = cn;
                    c[st + j] = cn;
                    h[st + j] = hn;
                    out[hs + j] = hn;
                }
            }
        }
        hFinal = h;
        cFinal = c;
    }

    @Override
    void backward(double[] gOut, double[] gH, double[] gC, boolean needW, boolean needBias) {
        int H = hidden, G = gates;
        double[] dh = gH.clone(), dc = gC.clone();
        double[] dhPrev = new double[batch * H];
        dxg = new double[batch * time * G];
        if (peep != null) dPeep = new double[3 * H];
        for (int s = time - 1; s >= 0; s--) {
            int t = timeAt(s);
            for (int b = 0; b < batch; b++) {
                if (!isValid(b, t)) continue; // the state's gradient passes through; no gate gradient
                int row = b * time + t, hs = row * H, gs = row * G, st = b * H;
                for (int j = 0; j < H; j++) {
                    double dhj = dh[st + j] + gOut[hs + j];
                    double i = act[gs + j], f = act[gs + H + j], g = act[gs + 2 * H + j], o = act[gs + 3 * H + j];
                    double cn = cNew[hs + j], cp = cPrev[hs + j], tc = Math.tanh(cn);
                    double dao = dhj * tc * o * (1 - o);
                    double dcj = dc[st + j] + dhj * o * (1 - tc * tc);
                    if (peep != null) dcj += dao * peep[2 * H + j];
                    double dai = dcj * g * i * (1 - i), daf = dcj * cp * f * (1 - f), dag = dcj * i * (1 - g * g);
                    dxg[gs + j] = dai;
                    dxg[gs + H + j] = daf;
                    dxg[gs + 2 * H + j] = dag;
                    dxg[gs + 3 * H + j] = dao;
                    double dcp = dcj * f;
                    if (peep != null) {
                        dcp += dai * peep[j] + daf * peep[H + j];
                        dPeep[j] += dai * cp;
                        dPeep[H + j] += daf * cp;
                        dPeep[2 * H + j] += dao * cn;
                    }
                    dc[st + j] = dcp;
                }
            }
            // dh_prev = da·Whh for the real rows; masked rows keep carrying their gradient.
            gemm.gemm(false, false, batch, H, G, dxg, null, t * G, time * G, w, wf, 0, H, 0, dhPrev, 0, H);
            for (int b = 0; b < batch; b++) if (isValid(b, t)) System.arraycopy(dhPrev, b * H, dh, b * H, H);
        }
        dh0 = dh;
        dc0 = dc;
        if (needW) {
            dw = new double[G * H];
            gemm.gemm(true, false, G, H, batch * time, dxg, null, 0, G, hPrev, null, 0, H, 0, dw, 0, H);
        }
        if (needBias) {
            dBias = new double[G];
            columnSums(dxg, 0, G, G, dBias, 0);
        }
    }
}
