package ai.deepj.tensor;

import java.util.Arrays;

/** Index-driven ops: gather, index_select, scatter_add and one-hot. */
final class Indexing {
    private Indexing() {}

    private static void requireIndex(String op, Tensor index) {
        if (index.dtype != DType.INT32) {
            throw new IllegalArgumentException(op + ": indices must be int32, got " + index.dtype + " (shape " + index.shape() + ")");
        }
    }

    /** Storage offset in {@code t} of the element at multi-index {@code idx} with {@code idx[d]} replaced by {@code at}. */
    private static int offset(Tensor t, int[] idx, int d, int at) {
        int off = t.offset;
        for (int i = 0; i < idx.length; i++) off += (i == d ? at : idx[i]) * t.strides[i];
        return off;
    }

    private static boolean next(int[] idx, int[] shape) {
        for (int i = shape.length - 1; i >= 0; i--) {
            if (++idx[i] < shape[i]) return true;
            idx[i] = 0;
        }
        return false;
    }

    private static void checkGatherShapes(String op, Tensor self, int d, Tensor index, Tensor src) {
        if (index.dim() != self.dim()) {
            throw new IllegalArgumentException(op + ": index of shape " + index.shape() + " must have the same rank as the input "
                    + self.shape());
        }
        for (int i = 0; i < self.dim(); i++) {
            if (i != d && index.shape[i] > self.shape[i]) {
                throw new IllegalArgumentException(op + ": index shape " + index.shape() + " is larger than input shape "
                        + self.shape() + " in dimension " + i);
            }
            if (src != null && index.shape[i] > src.shape[i]) {
                throw new IllegalArgumentException(op + ": index shape " + index.shape() + " is larger than source shape "
                        + src.shape() + " in dimension " + i);
            }
        }
    }

    static Tensor gather(Tensor x, int dim, Tensor index) {
        requireIndex("gather", index);
        int d = Shape.axis(dim, x.dim(), "gather");
        checkGatherShapes("gather", x, d, index, null);
        Tensor out = Tensor.allocate(x.dtype, index.shape);
        if (out.numel() > 0) {
            int[] idx = new int[index.dim()];
            int i = 0;
            do {
                int at = (int) index.read(offset(index, idx, -1, 0));
                if (at < 0 || at >= x.shape[d]) {
                    throw new IndexOutOfBoundsException("gather: index " + at + " at position " + Arrays.toString(idx)
                            + " is out of range for dimension " + dim + " of size " + x.shape[d]);
                }
                Creation.write(out, i++, x.read(offset(x, idx, d, at)));
            } while (next(idx, index.shape));
        }
        int[] inShape = x.shape;
        return Autograd.record("gather", out, g -> new Tensor[] {Tensor.allocate(g.dtype, inShape).scatterAdd(d, index, g)}, x);
    }

    static Tensor scatterAdd(Tensor self, int dim, Tensor index, Tensor src) {
        requireIndex("scatterAdd", index);
        int d = Shape.axis(dim, self.dim(), "scatterAdd");
        checkGatherShapes("scatterAdd", self, d, index, src);
        DType dt = DType.promote(self.dtype, src.dtype);
        Tensor out;
        try (var s = Autograd.noGrad()) {
            out = self.to(dt).clone();
        }
        Tensor source = src.to(dt);
        if (index.numel() > 0) {
            int[] idx = new int[index.dim()];
            do {
                int at = (int) index.read(offset(index, idx, -1, 0));
                if (at < 0 || at >= self.shape[d]) {
                    throw new IndexOutOfBoundsException("scatterAdd: index " + at + " at position " + Arrays.toString(idx)
                            + " is out of range for dimension " + dim + " of size " + self.shape[d]);
                }
                int o = offset(out, idx, d, at);
                double v = source.read(offset(source, idx, -1, 0));
                switch (dt) {
                    case FLOAT32 -> out.floatArray()[o] += (float) v;
                    case FLOAT64 -> out.doubleArray()[o] += v;
                    case INT32 -> out.intArray()[o] += (int) v;
                }
            } while (next(idx, index.shape));
        }
        int[] srcShape = src.shape;
        return Autograd.record("scatter_add", out, g -> new Tensor[] {g, srcGrad(g, d, index, srcShape)}, self, source);
    }

    /** Gradient for scatter_add's source: the output gradient gathered at the index, padded to src's shape. */
    private static Tensor srcGrad(Tensor g, int d, Tensor index, int[] srcShape) {
        Tensor gathered = g.gather(d, index);
        if (Arrays.equals(index.shape, srcShape)) return gathered;
        Tensor full = Tensor.allocate(g.dtype, srcShape);
        Tensor region = full;
        for (int i = 0; i < srcShape.length; i++) region = region.narrow(i, 0, index.shape[i]);
        region.copyInPlace(gathered);
        return full;
    }

    static Tensor indexSelect(Tensor x, int dim, Tensor indices) {
        requireIndex("indexSelect", indices);
        if (indices.dim() > 1) throw new IllegalArgumentException("indexSelect: indices must be rank 0 or 1, got shape " + indices.shape());
        int d = Shape.axis(dim, x.dim(), "indexSelect");
        int[] ix = indices.toIntArray();
        int[] shape = x.shape.clone();
        shape[d] = ix.length;
        Tensor out = Tensor.allocate(x.dtype, shape);
        for (int j = 0; j < ix.length; j++) {
            if (ix[j] < 0 || ix[j] >= x.shape[d]) {
                throw new IndexOutOfBoundsException("indexSelect: index " + ix[j] + " (position " + j + ") is out of range for"
                        + " dimension " + dim + " of size " + x.shape[d] + " (shape " + x.shape() + ")");
            }
            Strided.copy(x.detach().select(d, ix[j]), out.select(d, j));
        }
        int[] inShape = x.shape;
        return Autograd.record("index_select", out, g -> {
            Tensor gi = Tensor.allocate(g.dtype, inShape);
            for (int j = 0; j < ix.length; j++) gi.select(d, ix[j]).addInPlace(g.select(d, j));
            return new Tensor[] {gi};
        }, x);
    }

    static Tensor oneHot(Tensor labels, int numClasses, DType dtype) {
        requireIndex("oneHot", labels);
        if (numClasses <= 0) throw new IllegalArgumentException("oneHot: numClasses must be positive, got " + numClasses);
        int[] lab = labels.toIntArray();
        int[] shape = Arrays.copyOf(labels.shape, labels.dim() + 1);
        shape[labels.dim()] = numClasses;
        Tensor out = Tensor.allocate(dtype, shape);
        for (int i = 0; i < lab.length; i++) {
            if (lab[i] < 0 || lab[i] >= numClasses) {
                throw new IndexOutOfBoundsException("oneHot: label " + lab[i] + " at flat position " + i
                        + " is outside [0, " + numClasses + ")");
            }
            Creation.write(out, i * numClasses + lab[i], 1);
        }
        return out;
    }
}
