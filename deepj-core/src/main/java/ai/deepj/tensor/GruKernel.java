package ai.deepj.tensor;

/**
 * GRU over a whole sequence in PyTorch's (and cuDNN's) form, forward and backward side by side.
 * Gates in PyTorch's order {@code (r, z, n)}, G = 3H; the reset gate multiplies the hidden
 * product <em>after</em> the matrix product, so one GEMM per step serves all gates:
 *
 * <pre>
 *   xg = x·Wihᵀ + bih (hoisted),   hg = h·Whhᵀ + bhh
 *   r = σ(xg_r + hg_r),  z = σ(xg_z + hg_z),  n = tanh(xg_n + r∗hg_n)
 *   h' = (1 − z)∗n + z∗h
 * </pre>
 *
 * <p>Backward per step: {@code dz = dh∗(h − n)}, {@code dn = dh∗(1 − z)},
 * {@code da_n = dn∗(1 − n²)} (to xg_n; to hg_n times r), {@code da_r = da_n∗hg_n∗r(1 − r)},
 * {@code da_z = dz∗z(1 − z)}, {@code dh_prev = dh∗z + dhg·Whh}; {@code dWhh = Σ_t dhg_tᵀ·h_t}.
 */
final class GruKernel extends RecurrentKernel {
    /** Saved: r, z, n [B, T, 3H] and the hidden product of the candidate, hg_n [B, T, H]. */
    final double[] act, hgn;

    GruKernel(int batch, int time, int hidden, boolean reverse, boolean[] valid, double[] xg, double[] w, double[] bias,
            double[] h0, DType dtype) {
        super(batch, time, hidden, 3 * hidden, reverse, valid, xg, w, bias, h0, dtype);
        act = new double[batch * time * gates];
        hgn = new double[batch * time * hidden];
    }

    @Override
    void forward() {
        int H = hidden, G = gates;
        double[] h = h0.clone();
        double[] hg = new double[batch * G];
        for (int s = 0; s < time; s++) {
            int t = timeAt(s);
            for (int b = 0; b < batch; b++) {
                if (bias != null) System.arraycopy(bias, 0, hg, b * G, G);
                else java.util.Arrays.fill(hg, b * G, b * G + G, 0);
            }
            gemm.gemm(false, true, batch, G, H, h, null, 0, H, w, wf, 0, H, 1, hg, 0, G);
            for (int b = 0; b < batch; b++) {
                int row = b * time + t, hs = row * H, gs = row * G, p = b * G, st = b * H;
                System.arraycopy(h, st, hPrev, hs, H);
                if (!isValid(b, t)) continue;
                for (int j = 0; j < H; j++) {
                    double r = sigmoid(xg[gs + j] + hg[p + j]);
                    double z = sigmoid(xg[gs + H + j] + hg[p + H + j]);
                    double hn = hg[p + 2 * H + j];
                    double n = Math.tanh(xg[gs + 2 * H + j] + r * hn);
                    double next = (1 - z) * n + z * h[st + j];
                    act[gs + j] = r;
                    act[gs + H + j] = z;
                    act[gs + 2 * H + j] = n;
                    hgn[hs + j] = hn;
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
        double[] dh = gH.clone(), direct = new double[batch * H], dhPrev = new double[batch * H];
        dxg = new double[batch * time * G];
        double[] dhg = new double[batch * time * G];
        for (int s = time - 1; s >= 0; s--) {
            int t = timeAt(s);
            for (int b = 0; b < batch; b++) {
                if (!isValid(b, t)) continue;
                int row = b * time + t, hs = row * H, gs = row * G, st = b * H;
                for (int j = 0; j < H; j++) {
                    double dhj = dh[st + j] + gOut[hs + j];
                    double r = act[gs + j], z = act[gs + H + j], n = act[gs + 2 * H + j];
                    double dz = dhj * (hPrev[hs + j] - n), dn = dhj * (1 - z);
                    double dan = dn * (1 - n * n);
                    double dar = dan * hgn[hs + j] * r * (1 - r);
                    double daz = dz * z * (1 - z);
                    dxg[gs + j] = dar;
                    dxg[gs + H + j] = daz;
                    dxg[gs + 2 * H + j] = dan;
                    dhg[gs + j] = dar;
                    dhg[gs + H + j] = daz;
                    dhg[gs + 2 * H + j] = dan * r;
                    direct[st + j] = dhj * z;
                }
            }
            gemm.gemm(false, false, batch, H, G, dhg, null, t * G, time * G, w, wf, 0, H, 0, dhPrev, 0, H);
            for (int b = 0; b < batch; b++) {
                if (!isValid(b, t)) continue;
                for (int j = b * H; j < b * H + H; j++) dh[j] = direct[j] + dhPrev[j];
            }
        }
        dh0 = dh;
        if (needW) {
            dw = new double[G * H];
            gemm.gemm(true, false, G, H, batch * time, dhg, null, 0, G, hPrev, null, 0, H, 0, dw, 0, H);
        }
        if (needBias) {
            dBias = new double[G];
            columnSums(dhg, 0, G, G, dBias, 0);
        }
    }
}
