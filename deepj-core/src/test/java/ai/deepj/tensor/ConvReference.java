package ai.deepj.tensor;

import java.util.Arrays;

/**
 * Convolution composed from differentiable primitives only (concatenating zeros for the padding,
 * strided slices for the windows, a batched matmul per kernel tap), so that autograd supplies its
 * gradient: the reference the fused {@code Conv} op and its hand-written backward are tested
 * against, as llm.c keeps {@code matmul_forward_naive} beside the fast one. Slow; for tests only.
 */
public final class ConvReference {
    private ConvReference() {}

    /**
     * {@code x [N, C, s...]} convolved with {@code w [O, C/groups, k...]} (+ {@code b [O]} or null),
     * with zeros {@code padBefore}/{@code padAfter} around each spatial dimension.
     */
    public static Tensor conv(Tensor x, Tensor w, Tensor b, int[] stride, int[] padBefore, int[] padAfter, int[] dilation, int groups) {
        int nd = x.dim() - 2, n = x.size(0), c = x.size(1), o = w.size(0), cg = c / groups, og = o / groups;
        Tensor xp = x;
        for (int d = 0; d < nd; d++) {
            int axis = 2 + d;
            int[] before = xp.shape().toArray(), after = xp.shape().toArray();
            before[axis] = padBefore[d];
            after[axis] = padAfter[d];
            xp = Tensor.concat(axis, Tensor.zeros(x.dtype(), before), xp, Tensor.zeros(x.dtype(), after));
        }
        int[] k = Arrays.copyOfRange(w.shape().toArray(), 2, 2 + nd), out = new int[nd];
        int positions = 1;
        for (int d = 0; d < nd; d++) {
            out[d] = (xp.size(2 + d) - dilation[d] * (k[d] - 1) - 1) / stride[d] + 1;
            positions *= out[d];
        }
        Tensor y = null;
        int taps = 1;
        for (int kd : k) taps *= kd;
        for (int t = 0; t < taps; t++) {
            int[] tap = new int[nd];
            for (int d = nd - 1, r = t; d >= 0; d--) {
                tap[d] = r % k[d];
                r /= k[d];
            }
            Tensor window = xp, wt = w;
            for (int d = 0; d < nd; d++) {
                int start = tap[d] * dilation[d];
                window = window.slice(2 + d, start, start + (out[d] - 1) * stride[d] + 1, stride[d]);
                wt = wt.select(2, tap[d]);
            }
            // [G, Og, Cg] · [N, G, Cg, P] → [N, G, Og, P]
            Tensor term = wt.reshape(groups, og, cg).matmul(window.reshape(n, groups, cg, positions));
            y = y == null ? term : y.add(term);
        }
        int[] shape = new int[nd + 2];
        shape[0] = n;
        shape[1] = o;
        System.arraycopy(out, 0, shape, 2, nd);
        y = y.reshape(shape);
        if (b != null) {
            int[] bs = new int[nd + 2];
            Arrays.fill(bs, 1);
            bs[1] = o;
            y = y.add(b.reshape(bs));
        }
        return y;
    }

    /** The same with symmetric padding. */
    public static Tensor conv(Tensor x, Tensor w, Tensor b, int[] stride, int[] pad, int[] dilation, int groups) {
        return conv(x, w, b, stride, pad, pad, dilation, groups);
    }
}
