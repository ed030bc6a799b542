package ai.deepj.data;

import ai.deepj.tensor.Tensor;

/**
 * A mini-batch: inputs {@code x} of shape {@code [b, ...]} and targets {@code y} of shape
 * {@code [b, ...]} (int32 class labels, one-hot rows or real values), or {@code y == null} for
 * unlabelled data (prediction).
 */
public record Batch(Tensor x, Tensor y) {
    public Batch {
        if (x == null) throw new IllegalArgumentException("Batch: x must not be null");
        if (x.dim() == 0) throw new IllegalArgumentException("Batch: x must have a batch dimension, got a scalar");
        if (y != null && (y.dim() == 0 || y.size(0) != x.size(0))) {
            throw new IllegalArgumentException("Batch: x " + x.shape() + " and y " + y.shape()
                    + " must have the same number of rows (examples)");
        }
    }

    /** The number of examples, {@code b}. */
    public int size() {
        return x.size(0);
    }

    /** Whether the batch carries targets. */
    public boolean labelled() {
        return y != null;
    }
}
