package ai.deepj.tensor;

/**
 * The plain (Elman) recurrence over a whole sequence, forward and backward side by side:
 * {@code h' = g(xg + h·Whhᵀ + bhh)} with {@code xg = x·Wihᵀ + bih} hoisted, G = H. In the course's
 * notation {@code a⟨t⟩ = g(Waa·a⟨t−1⟩ + Wax·x⟨t⟩ + ba)}: Whh is Waa, Wih is Wax.
 *
 * <p>Backward per step: {@code da = dh∗g'(h')} (g' from the output: 1 − h'² for tanh, h'(1 − h')
 * for the sigmoid, [h' > 0] for ReLU), {@code dh_prev = da·Whh}; {@code dWhh = Σ_t da_tᵀ·h_t}.
 */
final class RnnKernel extends RecurrentKernel {
    private final FusedRecurrent.Activation activation;

    RnnKernel(int batch, int time, int hidden, boolean reverse, boolean[] valid, double[] xg, double[] w, double[] bias,
            double[] h0, FusedRecurrent.Activation activation, DType dtype) {
        super(batch, time, hidden, hidden, reverse, valid, xg, w, bias, h0, dtype);
        this.activation = activation;
    }

    @Override
    void forward() {
        int H = hidden;
        double[] h = h0.clone();
        double[] pre = new double[batch * H];
        for (int s = 0; s < time; s++) {
            int t = timeAt(s);
            for (int b = 0; b < batch; b++) {
                System.arraycopy(xg, (b * time + t) * H, pre, b * H, H);
                if (bias != null) for (int j = 0; j < H; j++) pre[b * H + j] += bias[j];
            }
            gemm.gemm(false, true, batch, H, H, h, null, 0, H, w, wf, 0, H, 1, pre, 0, H);
            for (int b = 0; b < batch; b++) {
                int hs = (b * time + t) * H, st = b * H;
                System.arraycopy(h, st, hPrev, hs, H);
                if (!isValid(b, t)) continue;
                for (int j = 0; j < H; j++) {
                    double y = apply(pre[st + j]);
                    h[st + j] = y;
                    out[hs + j] = y;
                }
            }
        }
        hFinal = h;
    }

    private double apply(double a) {
        return switch (activation) {
            case TANH -> Math.tanh(a);
            case RELU -> a > 0 ? a : 0;
            case SIGMOID -> sigmoid(a);
            case IDENTITY -> a;
        };
    }

    /** The derivative at the pre-activation whose image is {@code y}. */
    private double slope(double y) {
        return switch (activation) {
            case TANH -> 1 - y * y;
            case RELU -> y > 0 ? 1 : 0;
            case SIGMOID -> y * (1 - y);
            case IDENTITY -> 1;
        };
    }

    @Override
    void backward(double[] gOut, double[] gH, double[] gC, boolean needW, boolean needBias) {
        int H = hidden;
        double[] dh = gH.clone(), dhPrev = new double[batch * H];
        dxg = new double[batch * time * H];
        for (int s = time - 1; s >= 0; s--) {
            int t = timeAt(s);
            for (int b = 0; b < batch; b++) {
                if (!isValid(b, t)) continue;
                int hs = (b * time + t) * H, st = b * H;
                for (int j = 0; j < H; j++) dxg[hs + j] = (dh[st + j] + gOut[hs + j]) * slope(out[hs + j]);
            }
            gemm.gemm(false, false, batch, H, H, dxg, null, t * H, time * H, w, wf, 0, H, 0, dhPrev, 0, H);
            for (int b = 0; b < batch; b++) if (isValid(b, t)) System.arraycopy(dhPrev, b * H, dh, b * H, H);
        }
        dh0 = dh;
        if (needW) {
            dw = new double[H * H];
            gemm.gemm(true, false, H, H, batch * time, dxg, null, 0, H, hPrev, null, 0, H, 0, dw, 0, H);
        }
        if (needBias) {
            dBias = new double[H];
            columnSums(dxg, 0, H, H, dBias, 0);
        }
    }
}
