package ai.deepj.tensor;

import ai.deepj.kernel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code x.linear(w, b)} for a float32 input whose every row is one-hot (a single 1, all else exactly 0), the
 * usual input of a character-level recurrent layer: row {@code r} of {@code x·Wᵀ} is then column
 * {@code idx[r]} of {@code W}, so the product is a gather of rows of {@code Wᵀ} and the weight's gradient a
 * scatter-add of the output gradient's rows. char-lstm's input gates {@code [2048, 64]·[64, 1024]} cost
 * 7.5 ms of CPU time per training step as two GEMMs (forward and the weight's gradient); gathered and
 * scattered they cost under 1 ms.
 *
 * <p>Same values as the product: with a finite weight every other term of each dot product is an exact
 * zero, so the sum is the one weight (the product's only rounding is the bias added after, as here). A
 * weight holding inf or NaN would spread NaN over every row of the product ({@code 0·inf}); then, and for
 * any input that is not one-hot, that needs its gradient, or is not float32, {@link #apply} declines and the
 * caller runs the product. The weight's gradient sums the same terms as the product {@code gᵀ·x}, row by
 * row in order, so it may differ from the GEMM's in the last bits, and is the same for every thread count.
 */
final class OneHotLinear {
    private OneHotLinear() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** {@code x.linear(w, b)} as a gather, or null when that would not give the product's values (see the class comment). */
    static Tensor apply(Tensor x, Tensor w, Tensor b) {
        if (x.dtype != DType.FLOAT32 || w.dtype != DType.FLOAT32 || b != null && b.dtype != DType.FLOAT32) return null;
        if (x.dim() < 2 || w.dim() != 2 || x.size(-1) != w.size(1) || b != null && (b.dim() != 1 || b.size(0) != w.size(0))) return null;
        if (x.requiresGrad && Autograd.isGradEnabled()) return null;
        int in = w.size(1), out = w.size(0), rows = (int) (x.numel() / in);
        if (in == 0 || out == 0 || rows == 0) return null;
        int[] idx = oneHotIndices(x.contiguous(), rows, in);
        if (idx == null) return null;
        Tensor wc = w.contiguous();
        float[] wa = wc.floatArray();
        float[] wt = new float[in * out];   // Wᵀ [in, out]: row v is what a one at v selects
        for (int o = 0; o < out; o++) {
            for (int v = 0; v < in; v++) {
                float e = wa[wc.offset + o * in + v];
                if (!Float.isFinite(e)) return null;
                wt[v * out + o] = e;
            }
        }
        float[] bias = b == null ? null : b.contiguous().toFloatArray();
        int[] outShape = x.shape().toArray();
        outShape[outShape.length - 1] = out;
        Tensor y = Tensor.allocate(DType.FLOAT32, outShape);
        float[] ya = y.floatArray();
        Parallel.forRange(rows, out, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                if (bias == null) System.arraycopy(wt, idx[r] * out, ya, r * out, out);
                else add(wt, idx[r] * out, bias, 0, ya, r * out, out);
            }
        });
        return Autograd.record("linear", Node.SAVES_NOTHING, y, g -> {
            Tensor gm = g.contiguous();
            Tensor dw = null, db = null;
            if (w.requiresGrad) dw = weightGradient(gm.floatArray(), gm.offset, idx, rows, in, out);
            if (b != null && b.requiresGrad) db = gm.reshape(rows, out).sum(0);   // as linear's bias gradient
            return new Tensor[] {null, dw, db};
        }, b == null ? new Tensor[] {x, w} : new Tensor[] {x, w, b});
    }

    /** The position of the one in each row of {@code x} ({@code rows × in}, contiguous), or null if a row is not one-hot. */
    private static int[] oneHotIndices(Tensor x, int rows, int in) {
        float[] a = x.floatArray();
        int[] idx = new int[rows];
        for (int r = 0, p = x.offset; r < rows; r++) {
            int at = -1;
            for (int v = 0; v < in; v++, p++) {
                float e = a[p];
                if (e == 0f) continue;
                if (e != 1f || at >= 0) return null;
                at = v;
            }
            if (at < 0) return null;
            idx[r] = at;
        }
        return idx;
    }

    /**
     * {@code dW [out, in] = gᵀ·x}: row {@code r} of {@code g} added into row {@code idx[r]} of {@code dWᵀ}, rows in
     * order; the columns are split over threads, so each sum runs in the same order for every thread count.
     */
    private static Tensor weightGradient(float[] g, int gOff, int[] idx, int rows, int in, int out) {
        float[] dwt = new float[in * out];
        Parallel.forRange(out, rows, (c0, c1) -> {
            for (int r = 0; r < rows; r++) add(dwt, idx[r] * out + c0, g, gOff + r * out + c0, dwt, idx[r] * out + c0, c1 - c0);
        });
        float[] dw = new float[out * in];
        for (int v = 0; v < in; v++) for (int o = 0; o < out; o++) dw[o * in + v] = dwt[v * out + o];
        return Creation.fromArray(DType.FLOAT32, dw, dw.length, new int[] {out, in});
    }

    /** {@code o[oo + j] = a[ao + j] + b[bo + j]} for {@code j < n}, lane by lane. */
    private static void add(float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        int j = 0;
        for (int upper = S.loopBound(n); j < upper; j += S.length()) {
            FloatVector.fromArray(S, a, ao + j).add(FloatVector.fromArray(S, b, bo + j)).intoArray(o, oo + j);
        }
        for (; j < n; j++) o[oo + j] = a[ao + j] + b[bo + j];
    }
}
