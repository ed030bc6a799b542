package ai.deepj.tensor;

/**
 * What the whole-sequence recurrent kernels share: sizes, the inputs as double arrays, the
 * processing order, the mask, and what forward saves for backward (cuDNN's "reserve space").
 *
 * <p>Layouts are batch-first and dense: the input gate pre-activations {@code xg} are
 * {@code [B, T, G]}, outputs and saved per-step states {@code [B, T, H]}, states {@code [B, H]}.
 * Row {@code (b, t)} of a {@code [B, T, n]} array starts at {@code (b·T + t)·n}, so the rows of one
 * time step form a matrix with leading dimension {@code T·n}, which GEMM reads in place.
 *
 * <p>A masked step ({@code valid[b·T + t] == false}) leaves that row's state unchanged and outputs
 * zero; in backward its gate gradients are zero and the state's gradient passes through unchanged.
 */
abstract class RecurrentKernel {
    final int batch, time, hidden, gates;
    final boolean reverse;
    /** [B·T], true where the step is real; null: all are. */
    final boolean[] valid;
    /** Input pre-activations [B, T, G]. */
    final double[] xg;
    /** The recurrent weight [rows, H] (rows = G, PyTorch's weight_hh) and its float mirror. */
    final double[] w;
    final float[] wf;
    /** Recurrent bias [G] or null. */
    final double[] bias;
    /** Initial state [B, H]. */
    final double[] h0;
    final RecurrentGemm gemm;

    /** Forward results: outputs [B, T, H] (zero at masked steps), final state [B, H]. */
    final double[] out;
    double[] hFinal;
    /** Saved for backward: the state each step started from, [B, T, H]. */
    final double[] hPrev;

    /** Backward results (null where not computed). */
    double[] dxg, dw, dBias, dh0;

    RecurrentKernel(int batch, int time, int hidden, int gates, boolean reverse, boolean[] valid, double[] xg, double[] w,
            double[] bias, double[] h0, DType dtype) {
        this.batch = batch;
        this.time = time;
        this.hidden = hidden;
        this.gates = gates;
        this.reverse = reverse;
        this.valid = valid;
        this.xg = xg;
        this.w = w;
        this.bias = bias;
        this.h0 = h0 != null ? h0 : new double[batch * hidden];
        this.gemm = new RecurrentGemm(dtype);
        this.wf = gemm.mirror(w);
        this.out = new double[batch * time * hidden];
        this.hPrev = new double[batch * time * hidden];
    }

    /** The time index processed at step {@code s}: {@code s}, or {@code T − 1 − s} in reverse. */
    final int timeAt(int s) {
        return reverse ? time - 1 - s : s;
    }

    final boolean isValid(int b, int t) {
        return valid == null || valid[b * time + t];
    }

    abstract void forward();

    /**
     * Back-propagates the gradients of the outputs {@code gOut} [B, T, H] and of the final state
     * {@code gH} [B, H] (and {@code gC}, the LSTM's final cell state), filling the {@code d*} fields.
     * The recurrent weight's gradient is computed only if {@code needW}, the bias's if {@code needBias}.
     */
    abstract void backward(double[] gOut, double[] gH, double[] gC, boolean needW, boolean needBias);

    /** {@code dBias[j] = Σ_rows d[row, off + j]} over the {@code B·T} rows of a {@code [B, T, ld]} array. */
    final void columnSums(double[] d, int off, int ld, int n, double[] dst, int dstOff) {
        for (int r = 0; r < batch * time; r++) {
            int base = r * ld + off;
            for (int j = 0; j < n; j++) dst[dstOff + j] += d[base + j];
        }
    }

    static double sigmoid(double x) {
        if (x >= 0) return 1 / (1 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1 + e);
    }
}
