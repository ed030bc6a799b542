package ai.deepj.tensor;

import java.util.Arrays;

/**
 * Shape ops. Most return views: new shape and strides over the same storage, no copy. Their
 * backward passes undo the view on the gradient.
 */
final class Views {
    private Views() {}

    static Tensor view(Tensor t, int[] shape, int[] strides, int offset) {
        t.storage.viewed = true;
        return new Tensor(t.dtype, t.storage, shape, strides, offset);
    }

    /** A contiguous copy (differentiable). */
    static Tensor copy(Tensor t, String op) {
        Tensor out = Tensor.allocate(t.dtype, t.shape);
        Strided.copy(t, out);
        return Autograd.record(op, Node.SAVES_NOTHING, out, g -> new Tensor[] {g}, t);
    }

    static Tensor reshape(Tensor t, int[] requested) {
        int[] shape = inferShape(t, requested);
        int[] strides = viewStrides(t, shape);
        Tensor out;
        if (strides != null) {
            out = view(t, shape, strides, t.offset);
        } else {
            try (var s = Autograd.noGrad()) {
                Tensor c = copy(t, "reshape");
                out = view(c, shape, Tensor.contiguousStrides(shape), 0);
            }
        }
        int[] original = t.shape;
        return Autograd.record("reshape", Node.SAVES_NOTHING, out, g -> new Tensor[] {g.reshape(original)}, t);
    }

    private static int[] inferShape(Tensor t, int[] requested) {
        int[] shape = requested.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("reshape: only one size may be -1, got " + Arrays.toString(requested));
                infer = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException("reshape: invalid size " + shape[i] + " in " + Arrays.toString(requested));
            } else {
                known *= shape[i];
            }
        }
        long n = t.numel();
        if (infer >= 0) {
            if (known == 0 || n % known != 0) {
                throw new IllegalArgumentException("reshape: cannot reshape " + t.shape() + " (" + n + " elements) into "
                        + Arrays.toString(requested));
            }
            shape[infer] = (int) (n / known);
        } else if (known != n) {
            throw new IllegalArgumentException("reshape: cannot reshape " + t.shape() + " (" + n + " elements) into "
                    + Arrays.toString(requested) + " (" + known + " elements)");
        }
        return shape;
    }

    /**
     * Strides that express {@code shape} over t's storage without copying, or null if impossible.
     * Walks t's dimensions from the right in chunks whose elements are evenly spaced, and lays the
     * new dimensions onto each chunk (the rule PyTorch's {@code view} uses).
     */
    private static int[] viewStrides(Tensor t, int[] shape) {
        if (t.isContiguous() || t.numel() == 0) return Tensor.contiguousStrides(shape);
        int[] os = t.shape, ostr = t.strides;
        int[] st = new int[shape.length];
        int vd = shape.length - 1;
        long chunkBase = ostr[os.length - 1];
        long tensorNumel = 1, viewNumel = 1;
        for (int td = os.length - 1; td >= 0; td--) {
            tensorNumel *= os[td];
            if (td == 0 || (os[td - 1] != 1 && ostr[td - 1] != tensorNumel * chunkBase)) {
                while (vd >= 0 && (viewNumel < tensorNumel || shape[vd] == 1)) {
                    st[vd] = (int) (viewNumel * chunkBase);
                    viewNumel *= shape[vd];
                    vd--;
                }
                if (viewNumel != tensorNumel) return null;
                if (td > 0) {
                    chunkBase = ostr[td - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return vd == -1 ? st : null;
    }

    static Tensor flatten(Tensor t, int start, int end) {
        int s = Shape.axis(start, Math.max(t.dim(), 1), "flatten");
        int e = Shape.axis(end, Math.max(t.dim(), 1), "flatten");
        if (t.dim() == 0) return reshape(t, new int[] {1});
        if (s > e) throw new IllegalArgumentException("flatten: start " + start + " is after end " + end);
        int[] shape = new int[t.dim() - (e - s)];
        int k = 0;
        for (int i = 0; i < s; i++) shape[k++] = t.shape[i];
        int merged = 1;
        for (int i = s; i <= e; i++) merged *= t.shape[i];
        shape[k++] = merged;
        for (int i = e + 1; i < t.dim(); i++) shape[k++] = t.shape[i];
        return reshape(t, shape);
    }

    static Tensor permute(Tensor t, int[] order) {
        int r = t.dim();
        if (order.length != r) {
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " has " + order.length
                    + " entries for a tensor of shape " + t.shape());
        }
        int[] shape = new int[r], strides = new int[r], inverse = new int[r];
        boolean[] used = new boolean[r];
        for (int i = 0; i < r; i++) {
            int d = Shape.axis(order[i], r, "permute");
            if (used[d]) throw new IllegalArgumentException("permute: dimension " + d + " repeated in " + Arrays.toString(order));
            used[d] = true;
            shape[i] = t.shape[d];
            strides[i] = t.strides[d];
            inverse[d] = i;
        }
        return Autograd.record("permute", Node.SAVES_NOTHING, view(t, shape, strides, t.offset), g -> new Tensor[] {g.permute(inverse)}, t);
    }

    static Tensor transpose(Tensor t, int d0, int d1) {
        int r = t.dim();
        int a = Shape.axis(d0, r, "transpose"), b = Shape.axis(d1, r, "transpose");
        int[] order = new int[r];
        for (int i = 0; i < r; i++) order[i] = i;
        order[a] = b;
        order[b] = a;
        return permute(t, order);
    }

    static Tensor slice(Tensor t, int dim, int start, int end, int step) {
        int d = Shape.axis(dim, t.dim(), "slice");
        int size = t.shape[d];
        if (step <= 0) throw new IllegalArgumentException("slice: step must be positive, got " + step);
        int s = clampIndex(start < 0 ? start + size : start, size);
        int e = clampIndex(end < 0 ? end + size : end, size);
        int len = e > s ? (e - s + step - 1) / step : 0;
        int[] shape = t.shape.clone(), strides = t.strides.clone();
        shape[d] = len;
        strides[d] = t.strides[d] * step;
        Tensor out = view(t, shape, strides, t.offset + (len > 0 ? s * t.strides[d] : 0));
        int[] inShape = t.shape;
        return Autograd.record("slice", Node.SAVES_NOTHING, out, g -> {
            Tensor gi = Tensor.allocate(g.dtype, inShape);
            if (len > 0) gi.slice(d, s, e, step).copyInPlace(g);
            return new Tensor[] {gi};
        }, t);
    }

    private static int clampIndex(int i, int size) {
        return Math.max(0, Math.min(i, size));
    }

    static Tensor narrow(Tensor t, int dim, int start, int length) {
        int d = Shape.axis(dim, t.dim(), "narrow");
        int s = start < 0 ? start + t.shape[d] : start;
        if (length < 0 || s < 0 || s + length > t.shape[d]) {
            throw new IllegalArgumentException("narrow: elements " + start + " to " + (start + length) + " (exclusive) of dimension "
                    + dim + " do not fit in shape " + t.shape());
        }
        return slice(t, d, s, s + length, 1);
    }

    static Tensor select(Tensor t, int dim, int index) {
        int d = Shape.axis(dim, t.dim(), "select");
        int i = index < 0 ? index + t.shape[d] : index;
        if (i < 0 || i >= t.shape[d]) {
            throw new IndexOutOfBoundsException("select: index " + index + " out of range for dimension " + dim
                    + " of size " + t.shape[d] + " (shape " + t.shape() + ")");
        }
        return squeeze(narrow(t, d, i, 1), d);
    }

    static Tensor expand(Tensor t, int[] requested) {
        int r = requested.length;
        if (r < t.dim()) {
            throw new IllegalArgumentException("expand: cannot expand shape " + t.shape() + " to fewer dimensions "
                    + Arrays.toString(requested));
        }
        int[] shape = new int[r], strides = new int[r];
        int extra = r - t.dim();
        for (int i = 0; i < r; i++) {
            int have = i < extra ? 1 : t.shape[i - extra];
            int want = requested[i] == -1 ? have : requested[i];
            if (i < extra && requested[i] == -1) {
                throw new IllegalArgumentException("expand: -1 is not allowed for a new leading dimension in " + Arrays.toString(requested));
            }
            if (have != want && have != 1) {
                throw new IllegalArgumentException("expand: cannot expand shape " + t.shape() + " to " + Arrays.toString(requested)
                        + " (dimension " + i + ": " + have + " is neither " + want + " nor 1)");
            }
            shape[i] = want;
            strides[i] = i < extra || have != want ? 0 : t.strides[i - extra];
        }
        // The engine sums the gradient back over the expanded dimensions.
        return Autograd.record("expand", Node.SAVES_NOTHING, view(t, shape, strides, t.offset), g -> new Tensor[] {g}, t);
    }

    static Tensor squeeze(Tensor t, Integer dim) {
        int[] shape, strides;
        if (dim == null) {
            shape = Arrays.stream(t.shape).filter(s -> s != 1).toArray();
            strides = new int[shape.length];
            for (int i = 0, k = 0; i < t.dim(); i++) if (t.shape[i] != 1) strides[k++] = t.strides[i];
        } else {
            int d = Shape.axis(dim, t.dim(), "squeeze");
            if (t.shape[d] != 1) {
                throw new IllegalArgumentException("squeeze: dimension " + dim + " has size " + t.shape[d] + ", not 1 (shape "
                        + t.shape() + ")");
            }
            shape = remove(t.shape, d);
            strides = remove(t.strides, d);
        }
        int[] original = t.shape;
        return Autograd.record("squeeze", Node.SAVES_NOTHING, view(t, shape, strides, t.offset), g -> new Tensor[] {g.reshape(original)}, t);
    }

    static Tensor unsqueeze(Tensor t, int dim) {
        int d = Shape.axis(dim, t.dim() + 1, "unsqueeze");
        int[] shape = new int[t.dim() + 1], strides = new int[t.dim() + 1];
        for (int i = 0, k = 0; i <= t.dim(); i++) {
            if (i == d) {
                shape[i] = 1;
                strides[i] = d < t.dim() ? t.strides[d] * t.shape[d] : 1;
            } else {
                shape[i] = t.shape[k];
                strides[i] = t.strides[k];
                k++;
            }
        }
        return Autograd.record("unsqueeze", Node.SAVES_NOTHING, view(t, shape, strides, t.offset), g -> new Tensor[] {g.squeeze(d)}, t);
    }

    private static int[] remove(int[] a, int i) {
        int[] r = new int[a.length - 1];
        System.arraycopy(a, 0, r, 0, i);
        System.arraycopy(a, i + 1, r, i, a.length - i - 1);
        return r;
    }
}
