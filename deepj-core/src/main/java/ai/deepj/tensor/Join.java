package ai.deepj.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Joining tensors (concat, stack) and splitting them into views. */
final class Join {
    private Join() {}

    static Tensor concat(int dim, Tensor... tensors) {
        if (tensors.length == 0) throw new IllegalArgumentException("concat: needs at least one tensor");
        Tensor first = tensors[0];
        int rank = first.dim();
        if (rank == 0) throw new IllegalArgumentException("concat: cannot join rank-0 tensors; use stack");
        int d = Shape.axis(dim, rank, "concat");
        DType dt = first.dtype;
        int total = 0;
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            dt = DType.promote(dt, t.dtype);
            boolean same = t.dim() == rank;
            for (int j = 0; same && j < rank; j++) same = j == d || t.shape[j] == first.shape[j];
            if (!same) {
                throw new IllegalArgumentException("concat: tensor " + i + " has shape " + t.shape() + ", which does not match "
                        + first.shape() + " except in dimension " + dim);
            }
            total += t.shape[d];
        }
        int[] shape = first.shape.clone();
        shape[d] = total;
        Tensor out = Tensor.allocate(dt, shape);
        int[] starts = new int[tensors.length];
        int at = 0;
        for (int i = 0; i < tensors.length; i++) {
            starts[i] = at;
            int len = tensors[i].shape[d];
            if (len > 0) Strided.copy(tensors[i], Views.view(out, narrowShape(shape, d, len), out.strides, at * out.strides[d]));
            at += len;
        }
        return Autograd.record("concat", out, g -> {
            Tensor[] gs = new Tensor[tensors.length];
            for (int i = 0; i < tensors.length; i++) gs[i] = g.narrow(d, starts[i], tensors[i].shape[d]);
            return gs;
        }, tensors);
    }

    private static int[] narrowShape(int[] shape, int d, int len) {
        int[] s = shape.clone();
        s[d] = len;
        return s;
    }

    static Tensor stack(int dim, Tensor... tensors) {
        if (tensors.length == 0) throw new IllegalArgumentException("stack: needs at least one tensor");
        int d = Shape.axis(dim, tensors[0].dim() + 1, "stack");
        Tensor[] expanded = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            if (!Arrays.equals(tensors[i].shape, tensors[0].shape)) {
                throw new IllegalArgumentException("stack: tensor " + i + " has shape " + tensors[i].shape()
                        + " but tensor 0 has " + tensors[0].shape() + "; all must be equal");
            }
            expanded[i] = tensors[i].unsqueeze(d);
        }
        return concat(d, expanded);
    }

    static List<Tensor> split(Tensor t, int size, int dim) {
        int d = Shape.axis(dim, t.dim(), "split");
        if (size <= 0) throw new IllegalArgumentException("split: size must be positive, got " + size);
        List<Tensor> parts = new ArrayList<>();
        for (int s = 0; s < t.shape[d]; s += size) parts.add(t.narrow(d, s, Math.min(size, t.shape[d] - s)));
        return parts;
    }

    static List<Tensor> split(Tensor t, int[] sizes, int dim) {
        int d = Shape.axis(dim, t.dim(), "split");
        int sum = 0;
        for (int s : sizes) {
            if (s < 0) throw new IllegalArgumentException("split: negative size in " + Arrays.toString(sizes));
            sum += s;
        }
        if (sum != t.shape[d]) {
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " add up to " + sum
                    + " but dimension " + dim + " of " + t.shape() + " has " + t.shape[d]);
        }
        List<Tensor> parts = new ArrayList<>();
        int at = 0;
        for (int s : sizes) {
            parts.add(t.narrow(d, at, s));
            at += s;
        }
        return parts;
    }
}
