package ai.deepj.tensor;

/**
 * GRU over a whole sequence in the course's full form (Cho et al. 2014), forward and backward side
 * by side. Gates in the order {@code (Γr, Γu, c̃)}, G = 3H, one bias (hoisted into xg):
 *
 * <pre>
 *   xg = x·Wihᵀ + b (hoisted; Wih holds the x-columns of the course's Wr, Wu, Wc)
 *   Γr = σ(xg_r + c·Wrᵀ),  Γu = σ(xg_u + c·Wuᵀ)        (one GEMM for both)
 *   c̃ = tanh(xg_c + (Γr∗c)·Wcᵀ)                         (a second GEMM: Γr comes first)
 *   c' = Γu∗c̃ + (1 − Γu)∗c
 * </pre>
 *
 * where Wr, Wu, Wc here are the c-columns of the course's matrices, rows 0..H, H..2H, 2H..3H of
 * Whh. The relevance gate acts on the state <em>before</em> its matrix product, so this form needs
 * two products per step from the state, where {@link GruKernel}'s needs one.
 *
 * <p>Backward per step: {@code dΓu-pre = dc'∗(c̃ − c)∗Γu(1 − Γu)}, {@code dc̃-pre = dc'∗Γu∗(1 − c̃²)},
 * {@code d(Γr∗c) = dc̃-pre·Wc}, {@code dΓr-pre = d(Γr∗c)∗c∗Γr(1 − Γr)},
 * {@code dc = dc'∗(1 − Γu) + d(Γr∗c)∗Γr + d(r,u)-pre·W(r,u)}; {@code dW(r,u) = Σ_t d(r,u)-preᵀ·c_t},
 * {@code dWc = Σ_t dc̃-preᵀ·(Γr∗c)_t}.
 */
final class CourseGruKernel extends RecurrentKernel {
    /** Saved: Γr, Γu, c̃ [B, T, 3H] and Γr∗c [B, T, H] (zero at masked steps). */
    final double[] act, rc;

    CourseGruKernel(int batch, int time, int hidden, boolean reverse, boolean[] valid, double[] xg, double[] w, double[] h0,
            DType dtype) {
        super(batch, time, hidden, 3 * hidden, reverse, valid, xg, w, null, h0, dtype);
        act = new double[batch * time * gates];
        rc = new double[batch * time * hidden];
    }

    @Override
    void forward() {
        int H = hidden, G = gates, TH = time * H;
        double[] h = h0.clone();
        double[] ru = new double[batch * 2 * H], cand = new double[batch * H];
        for (int s = 0; s < time; s++) {
            int t = timeAt(s);
            for (int b = 0; b < batch; b++) System.arraycopy(xg, (b * time + t) * G, ru, b * 2 * H, 2 * H);
            gemm.gemm(false, true, batch, 2 * H, H, h, null, 0, H, w, wf, 0, H, 1, ru, 0, 2 * H);
            for (int b = 0; b < batch; b++) {
                int row = b * time + t, hs = row * H, gs = row * G, st = b * H;
                System.arraycopy(h, st, hPrev, hs, H);
                System.arraycopy(xg, gs + 2 * H, cand, st, H);
                if (!isValid(b, t)) continue; // Γr∗c stays 0: masked rows add nothing to dWc
                for (int j = 0; j < H; j++) {
                    double r = sigmoid(ru[b * 2 * H + j]), u = sigmoid(ru[b * 2 * H + H + j]);
                    act[gs + j] = r;
                    act[gs + H + j] = u;
                    rc[hs + j] = r * h[st + j];
                }
            }
            // (Γr∗c)_t rows sit at stride T·H in rc.
            gemm.gemm(false, true, batch, H, H, rc, null, t * H, TH, w, wf, 2 * H * H, H, 1, cand, 0, H);
            for (int b = 0; b < batch; b++) {
                if (!isValid(b, t)) continue;
                int row = b * time + t, hs = row * H, gs = row * G, st = b * H;
                for (int j = 0; j < H; j++) {
                    double ct = Math.tanh(cand[st + j]), u = act[gs + H + j];
                    double next = u * ct + (1 - u) * h[st + j];
                    act[gs + 2 * H + j] = ct;
                    h[st + j] = next;
                    out[hs + j] = next;
                }
            }
        }
        hFinal = h;
    }

    @Override
    void backward(double[] gOut, double[] gH, double[] gC, boolean needW, boolean needBias) {
        int H = hidden, G = gates;
        double[] dh = gH.clone(), direct = new double[batch * H], drc = new double[batch * H], dhPrev = new double[batch * H];
        dxg = new double[batch * time * G];
        for (int s = time - 1; s >= 0; s--) {
            int t = timeAt(s);
            for (int b = 0; b < batch; b++) {
                if (!isValid(b, t)) continue;
                int row = b * time + t, hs = row * H, gs = row * G, st = b * H;
                for (int j = 0; j < H; j++) {
                    double dhj = dh[st + j] + gOut[hs + j];
                    double u = act[gs + H + j], ct = act[gs + 2 * H + j];
                    dxg[gs + H + j] = dhj * (ct - hPrev[hs + j]) * u * (1 - u);
                    dxg[gs + 2 * H + j] = dhj * u * (1 - ct * ct);
                    direct[st + j] = dhj * (1 - u);
                }
            }
            // d(Γr∗c) = dc̃-pre·Wc
            gemm.gemm(false, false, batch, H, H, dxg, null, t * G + 2 * H, time * G, w, wf, 2 * H * H, H, 0, drc, 0, H);
            for (int b = 0; b < batch; b++) {
                if (!isValid(b, t)) continue;
                int row = b * time + t, hs = row * H, gs = row * G, st = b * H;
                for (int j = 0; j < H; j++) {
                    double r = act[gs + j], c = hPrev[hs + j];
                    dxg[gs + j] = drc[st + j] * c * r * (1 - r);
                    direct[st + j] += drc[st + j] * r;
                }
            }
            gemm.gemm(false, false, batch, H, 2 * H, dxg, null, t * G, time * G, w, wf, 0, H, 0, dhPrev, 0, H);
            for (int b = 0; b < batch; b++) {
                if (!isValid(b, t)) continue;
                for (int j = b * H; j < b * H + H; j++) dh[j] = direct[j] + dhPrev[j];
            }
        }
        dh0 = dh;
        if (needW) {
            dw = new double[G * H];
            gemm.gemm(true, false, 2 * H, H, batch * time, dxg, null, 0, G, hPrev, null, 0, H, 0, dw, 0, H);
            gemm.gemm(true, false, H, H, batch * time, dxg, null, 2 * H, G, rc, null, 0, H, 0, dw, 2 * H * H, H);
        }
        // The course's form has one bias, inside xg: its gradient is dxg's, summed by the caller's linear.
    }
}
