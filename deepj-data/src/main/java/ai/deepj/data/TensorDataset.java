package ai.deepj.data;

import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.Tensor;

/**
 * A data set held in memory as two tensors whose first dimension indexes the examples: inputs
 * {@code x} of shape {@code [m, ...]} and targets {@code y} of shape {@code [m, ...]} (or no targets).
 * A batch is gathered with one {@code indexSelect} per tensor, outside autograd.
 *
 * {@snippet :
 * Dataset train = new TensorDataset(x, labels);         // x [m, 784] float32, labels [m] int32
 * Batch b = train.get(new int[] {3, 1, 4});               // b.x() [3, 784], b.y() [3]
 * }
 */
public final class TensorDataset implements Dataset {
    private final Tensor x;
    private final Tensor y;

    /** Labelled examples; {@code x} and {@code y} must have the same first dimension. */
    public TensorDataset(Tensor x, Tensor y) {
        if (x == null) throw new IllegalArgumentException("TensorDataset: x must not be null");
        if (x.dim() == 0) throw new IllegalArgumentException("TensorDataset: x must have an example dimension, got a scalar");
        if (y != null && (y.dim() == 0 || y.size(0) != x.size(0))) {
            throw new IllegalArgumentException("TensorDataset: x " + x.shape() + " and y " + y.shape()
                    + " must have the same number of rows (examples)");
        }
        this.x = x.detach();
        this.y = y == null ? null : y.detach();
    }

    /** Unlabelled examples (for prediction). */
    public TensorDataset(Tensor x) {
        this(x, null);
    }

    /** The inputs, {@code [m, ...]}. */
    public Tensor x() {
        return x;
    }

    /** The targets, {@code [m, ...]}, or {@code null}. */
    public Tensor y() {
        return y;
    }

    @Override
    public int size() {
        return x.size(0);
    }

    @Override
    public Batch get(int[] indices) {
        int m = size();
        for (int i : indices) {
            if (i < 0 || i >= m) throw new IndexOutOfBoundsException("TensorDataset.get: index " + i + " outside [0, " + m + ")");
        }
        try (var s = Autograd.noGrad()) {
            Tensor idx = Tensor.of(indices.clone(), indices.length);
            return new Batch(x.indexSelect(0, idx), y == null ? null : y.indexSelect(0, idx));
        }
    }

    @Override
    public Batch all() {
        return new Batch(x, y);
    }
}
