package ai.deepj.tensor;

import ai.deepj.kernel.Parallel;
import ai.deepj.kernel.ReduceKernels;
import ai.deepj.kernel.ReduceKernels.Kind;

/**
 * Reductions along any set of axes, with {@code keepdims}. {@code sum}, {@code max} and {@code min}
 * are primitives with their own backward; {@code mean}, {@code var} and {@code logsumexp} are
 * composed from them, so their gradients come for free.
 */
final class Reductions {
    private Reductions() {}

    /** Marks the reduced axes; duplicates and out-of-range axes are errors. */
    static boolean[] reducedAxes(String op, int[] axes, int rank) {
        boolean[] r = new boolean[rank];
        for (int a : axes) {
            int d = Shape.axis(a, Math.max(rank, 1), op);
            if (rank == 0) continue; // reducing a scalar over axis 0/-1 is allowed, as in PyTorch
            if (r[d]) throw new IllegalArgumentException(op + ": axis " + a + " given twice in " + java.util.Arrays.toString(axes));
            r[d] = true;
        }
        return r;
    }

    static int[] keptShape(int[] shape, boolean[] reduced) {
        int[] k = shape.clone();
        for (int i = 0; i < k.length; i++) if (reduced[i]) k[i] = 1;
        return k;
    }

    static int[] droppedShape(int[] shape, boolean[] reduced) {
        int n = 0;
        for (boolean b : reduced) if (!b) n++;
        int[] s = new int[n];
        for (int i = 0, k = 0; i < shape.length; i++) if (!reduced[i]) s[k++] = shape[i];
        return s;
    }

    /** Reduces without recording; the result has the keepdims shape. */
    static Tensor reduceRaw(Kind kind, Tensor x, boolean[] reduced) {
        int rank = x.dim();
        int[] kept = keptShape(x.shape, reduced);
        Tensor out = Tensor.allocate(x.dtype, kept);
        int outer = (int) out.numel();
        int inner = outer == 0 ? 0 : (int) (x.numel() / outer);
        int firstReduced = rank, lastKept = -1;
        for (int i = 0; i < rank; i++) {
            if (reduced[i] && x.shape[i] != 1) firstReduced = Math.min(firstReduced, i);
            if (!reduced[i] && x.shape[i] != 1) lastKept = i;
        }
        boolean trailing = lastKept < firstReduced; // every reduced dim comes after every kept dim
        boolean leading = true; // every reduced dim comes before every kept dim
        for (int i = 0; i < rank; i++) if (reduced[i] && x.shape[i] != 1 && i > firstKept(x.shape, reduced)) leading = false;
        Tensor src = x;
        if (!x.isContiguous() || (!trailing && !leading)) {
            int[] order = new int[rank];
            int k = 0;
            for (int i = 0; i < rank; i++) if (!reduced[i]) order[k++] = i;
            for (int i = 0; i < rank; i++) if (reduced[i]) order[k++] = i;
            try (var s = Autograd.noGrad()) {
                src = Views.copy(x.permute(order), "reduce");
            }
            trailing = true;
        }
        if (outer == 0) return out;
        fill(out, kind);
        final Tensor in = src;
        if (trailing) {
            Parallel.forRange(outer, inner, (from, to) -> {
                for (int o = from; o < to; o++) {
                    int off = in.offset + o * inner;
                    switch (in.dtype) {
                        case FLOAT32 -> out.floatArray()[o] = ReduceKernels.reduce(kind, in.floatArray(), off, inner);
                        case FLOAT64 -> out.doubleArray()[o] = ReduceKernels.reduce(kind, in.doubleArray(), off, inner);
                        case INT32 -> out.intArray()[o] = ReduceKernels.reduce(kind, in.intArray(), off, inner);
                    }
                }
            });
        } else {
            // Reduced dims lead: accumulate whole rows of `outer` elements; threads own column ranges.
            Parallel.forRange(outer, inner, (from, to) -> {
                for (int r = 0; r < inner; r++) {
                    int off = in.offset + r * outer + from;
                    switch (in.dtype) {
                        case FLOAT32 -> ReduceKernels.accumulate(kind, out.floatArray(), from, in.floatArray(), off, to - from);
                        case FLOAT64 -> ReduceKernels.accumulate(kind, out.doubleArray(), from, in.doubleArray(), off, to - from);
                        case INT32 -> ReduceKernels.accumulate(kind, out.intArray(), from, in.intArray(), off, to - from);
                    }
                }
            });
        }
        return out;
    }

    private static int firstKept(int[] shape, boolean[] reduced) {
        for (int i = 0; i < shape.length; i++) if (!reduced[i] && shape[i] != 1) return i;
        return shape.length;
    }

    private static void fill(Tensor t, Kind kind) {
        switch (t.dtype) {
            case FLOAT32 -> java.util.Arrays.fill(t.floatArray(), ReduceKernels.identityF(kind));
            case FLOAT64 -> java.util.Arrays.fill(t.doubleArray(), ReduceKernels.identityD(kind));
            case INT32 -> java.util.Arrays.fill(t.intArray(),
                    kind == Kind.SUM ? 0 : kind == Kind.MAX ? Integer.MIN_VALUE : Integer.MAX_VALUE);
        }
    }

    static Tensor sum(Tensor x, int[] axes, boolean keepdims) {
        boolean[] reduced = reducedAxes("sum", axes, x.dim());
        Tensor kept = reduceRaw(Kind.SUM, x, reduced);
        Tensor out = keepdims ? kept : Views.view(kept, droppedShape(x.shape, reduced),
                Tensor.contiguousStrides(droppedShape(x.shape, reduced)), 0);
        int[] keptShape = kept.shape, inShape = x.shape;
        return Autograd.record("sum", Node.SAVES_NOTHING, out, g -> new Tensor[] {g.reshape(keptShape).expand(inShape)}, x);
    }

    static Tensor max(Tensor x, int[] axes, boolean keepdims) {
        return extreme(Kind.MAX, "max", x, axes, keepdims);
    }

    static Tensor min(Tensor x, int[] axes, boolean keepdims) {
        return extreme(Kind.MIN, "min", x, axes, keepdims);
    }

    private static Tensor extreme(Kind kind, String op, Tensor x, int[] axes, boolean keepdims) {
        boolean[] reduced = reducedAxes(op, axes, x.dim());
        for (int i = 0; i < x.dim(); i++) {
            if (reduced[i] && x.shape[i] == 0) throw new IllegalArgumentException(op + ": cannot reduce an empty dimension " + i + " of shape " + x.shape());
        }
        Tensor kept = reduceRaw(kind, x, reduced);
        int[] dropped = droppedShape(x.shape, reduced);
        Tensor out = keepdims ? kept : Views.view(kept, dropped, Tensor.contiguousStrides(dropped), 0);
        int[] keptShape = kept.shape;
        int[] allAxes = axesOf(reduced);
        return Autograd.record(op, out, g -> {
            // The gradient is shared evenly among the elements equal to the extreme (as torch.amax).
            Tensor hit = x.eq(kept);
            Tensor share = hit.div(hit.sum(allAxes, true));
            return new Tensor[] {share.mul(g.reshape(keptShape))};
        }, x);
    }

    static int[] axesOf(boolean[] reduced) {
        int n = 0;
        for (boolean b : reduced) if (b) n++;
        int[] a = new int[n];
        for (int i = 0, k = 0; i < reduced.length; i++) if (reduced[i]) a[k++] = i;
        return a;
    }

    static Tensor argExtreme(Tensor x, int axis, boolean keepdims, boolean max) {
        String op = max ? "argmax" : "argmin";
        int d = Shape.axis(axis, Math.max(x.dim(), 1), op);
        if (x.dim() == 0) return Tensor.zeros(DType.INT32);
        if (x.shape[d] == 0) throw new IllegalArgumentException(op + ": dimension " + axis + " of shape " + x.shape() + " is empty");
        int rank = x.dim();
        int[] order = new int[rank];
        for (int i = 0, k = 0; i < rank; i++) if (i != d) order[k++] = i;
        order[rank - 1] = d;
        Tensor src;
        try (var s = Autograd.noGrad()) {
            src = x.permute(order).contiguous().to(DType.FLOAT64);
        }
        int n = x.shape[d];
        boolean[] reduced = new boolean[rank];
        reduced[d] = true;
        int[] shape = keepdims ? keptShape(x.shape, reduced) : droppedShape(x.shape, reduced);
        Tensor out = Tensor.allocate(DType.INT32, shape);
        double[] a = src.doubleArray();
        int[] o = out.intArray();
        for (int r = 0; r < o.length; r++) {
            int base = src.offset + r * n;
            int best = 0;
            double bv = a[base];
            for (int j = 1; j < n && !Double.isNaN(bv); j++) {
                double v = a[base + j];
                // NaN counts as the extreme, as in PyTorch.
                if (Double.isNaN(v) || (max ? v > bv : v < bv)) {
                    bv = v;
                    best = j;
                }
            }
            o[r] = best;
        }
        return out;
    }

    static Tensor mean(Tensor x, int[] axes, boolean keepdims) {
        boolean[] reduced = reducedAxes("mean", axes, x.dim());
        long count = 1;
        for (int i = 0; i < x.dim(); i++) if (reduced[i]) count *= x.shape[i];
        Tensor xf = x.dtype.isFloating() ? x : x.to(DType.FLOAT32);
        return sum(xf, axes, keepdims).div((double) count);
    }

    static Tensor var(Tensor x, int[] axes, boolean keepdims, int correction) {
        boolean[] reduced = reducedAxes("var", axes, x.dim());
        long count = 1;
        for (int i = 0; i < x.dim(); i++) if (reduced[i]) count *= x.shape[i];
        Tensor xf = x.dtype.isFloating() ? x : x.to(DType.FLOAT32);
        Tensor centered = xf.sub(mean(xf, axes, true));
        return sum(centered.square(), axes, keepdims).div((double) Math.max(count - correction, 0));
    }

    static Tensor norm(Tensor x, double p, int[] axes, boolean keepdims) {
        if (!(p > 0)) throw new IllegalArgumentException("norm: p must be > 0, got " + p);
        Tensor xf = x.dtype.isFloating() ? x : x.to(DType.FLOAT32);
        if (p == 1) return sum(xf.abs(), axes, keepdims);
        if (p == 2) {
            Tensor out;
            try (var s = Autograd.noGrad()) {
                out = sum(xf.square(), axes, keepdims).sqrt();
            }
            boolean[] reduced = reducedAxes("norm", axes, x.dim());
            int[] keptShape = keptShape(x.shape, reduced);
            // d‖x‖/dx = x/‖x‖, defined as 0 where ‖x‖ = 0 (as PyTorch does) rather than NaN.
            return Autograd.record("norm", out, g -> {
                Tensor n = out.reshape(keptShape);
                Tensor safe = n.maskedFill(n.eq(0), 1);
                return new Tensor[] {xf.div(safe).mul(g.reshape(keptShape)).maskedFill(n.eq(0), 0)};
            }, xf);
        }
        return sum(xf.abs().pow(p), axes, keepdims).pow(1 / p);
    }

    static Tensor logsumexp(Tensor x, int[] axes, boolean keepdims) {
        Tensor xf = x.dtype.isFloating() ? x : x.to(DType.FLOAT32);
        Tensor m;
        try (var s = Autograd.noGrad()) {
            m = max(xf, axes, true);
            m = m.maskedFill(m.abs().eq(Double.POSITIVE_INFINITY), 0); // keeps inf - inf out
        }
        Tensor out = sum(xf.sub(m).exp(), axes, true).log().add(m);
        if (keepdims) return out;
        boolean[] reduced = reducedAxes("logsumexp", axes, x.dim());
        return out.reshape(droppedShape(x.shape, reduced));
    }
}
