package ai.deepj.data;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;

/**
 * Class labels to one-hot rows and back. {@link #encode} wraps {@link Tensor#oneHot} with a check
 * that names the offending label; {@link #decode} takes the index of the largest entry of each
 * row, so it turns predicted probabilities (or logits) into labels as well as one-hot rows.
 *
 * {@snippet :
 * Tensor labels = Tensor.of(new int[] {2, 0, 1}, 3);
 * Tensor rows = OneHot.encode(labels, 3);        // [[0, 0, 1], [1, 0, 0], [0, 1, 0]], float32
 * Tensor back = OneHot.decode(rows);             // [2, 0, 1], int32
 * Tensor predicted = OneHot.decode(model.forward(x));   // argmax of each row of scores
 * }
 */
public final class OneHot {
    private OneHot() {}

    /**
     * One-hot rows of the {@linkplain DType#defaultFloat() default float type}: shape
     * {@code labels.shape + [numClasses]}, with a 1 at each label's position.
     *
     * @param labels int32 labels of any shape, each in {@code [0, numClasses)}
     * @throws IllegalArgumentException if a label is out of range (naming it and its position),
     *                                  {@code labels} is not int32, or {@code numClasses < 1}
     */
    public static Tensor encode(Tensor labels, int numClasses) {
        return encode(labels, numClasses, DType.defaultFloat());
    }

    /** {@link #encode(Tensor, int)} with the given element type. */
    public static Tensor encode(Tensor labels, int numClasses, DType dtype) {
        if (labels == null) throw new IllegalArgumentException("OneHot.encode: labels must not be null");
        if (labels.dtype() != DType.INT32) {
            throw new IllegalArgumentException("OneHot.encode: labels must be int32 class indices, got " + labels.dtype() + " "
                    + labels.shape());
        }
        if (numClasses < 1) throw new IllegalArgumentException("OneHot.encode: numClasses must be positive, got " + numClasses);
        int[] lab = labels.toIntArray();
        for (int i = 0; i < lab.length; i++) {
            if (lab[i] < 0 || lab[i] >= numClasses) {
                throw new IllegalArgumentException("OneHot.encode: label " + lab[i] + " at position " + i + " (row-major, labels "
                        + labels.shape() + ") is outside [0, " + numClasses + ")");
            }
        }
        return Tensor.oneHot(labels, numClasses, dtype);
    }

    /**
     * The index of the largest entry along the last dimension (the first one on ties), int32 of
     * shape {@code rows.shape} without its last dimension: {@code [m, k] → [m]}.
     *
     * @throws IllegalArgumentException if {@code rows} is a scalar or its last dimension is empty
     */
    public static Tensor decode(Tensor rows) {
        if (rows == null) throw new IllegalArgumentException("OneHot.decode: rows must not be null");
        if (rows.dim() == 0 || rows.size(rows.dim() - 1) == 0) {
            throw new IllegalArgumentException("OneHot.decode: needs rows of at least one class along the last dimension, got "
                    + rows.shape());
        }
        return rows.detach().argmax(rows.dim() - 1, false);
    }
}
