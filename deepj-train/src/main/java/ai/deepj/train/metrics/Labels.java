package ai.deepj.train.metrics;

import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;

/** Turns model outputs and targets into class indices, the one place where the decision rule lives. */
final class Labels {
    private Labels() {}

    /**
     * The number of classes the predictions speak of: their column count for {@code [N, C]} with
     * {@code C ≥ 2} (read by argmax, so logits and probabilities alike), 2 for one column ({@code [N]}
     * or {@code [N, 1]}) read with {@code binary}.
     */
    static int numClasses(String op, Tensor predictions, BinaryOutput binary) {
        if (predictions.dim() == 2 && predictions.size(1) >= 2) {
            if (binary != null) {
                throw new IllegalArgumentException(op + ": predictions " + predictions.shape() + " have " + predictions.size(1)
                        + " columns (multi-class, read by argmax) but a binary output (" + binary + ") was given; use the multi-class"
                        + " form of this metric");
            }
            return predictions.size(1);
        }
        if (predictions.dim() == 1 || (predictions.dim() == 2 && predictions.size(1) == 1)) {
            if (binary == null) {
                throw new IllegalArgumentException(op + ": predictions " + predictions.shape() + " have one column (binary); say how to"
                        + " read it: BinaryOutput.LOGITS (positive when > 0) or BinaryOutput.PROBABILITIES (positive when > 0.5)");
            }
            return 2;
        }
        throw new IllegalArgumentException(op + ": predictions must be [N, C] scores (C >= 2) or one column [N] / [N, 1], got "
                + predictions.shape());
    }

    /** The predicted class of each example. */
    static int[] predicted(String op, Tensor predictions, BinaryOutput binary) {
        int k = numClasses(op, predictions, binary);
        try (var s = Autograd.noGrad()) {
            if (!predictions.dtype().isFloating()) {
                throw new IllegalArgumentException(op + ": predictions must be floating scores, got " + predictions.dtype());
            }
            if (k > 2 || binary == null) return predictions.argmax(1, false).toIntArray();
            double[] v = predictions.reshape(predictions.size(0)).toDoubleArray();
            int[] out = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                if (Double.isNaN(v[i])) throw new IllegalArgumentException(op + ": prediction " + i + " is NaN");
                out[i] = v[i] > binary.threshold() ? 1 : 0;
            }
            return out;
        }
    }

    /**
     * The true class of each example: int32 labels {@code [N]} (or {@code [N, 1]}) as they are; one-hot
     * or probability rows {@code [N, k]} by argmax; for binary tasks floating 0/1 targets {@code [N]} or
     * {@code [N, 1]} (positive when above 0.5, so smoothed labels such as 0.95 count as 1).
     */
    static int[] truth(String op, Tensor targets, int n, int k) {
        if (targets == null) throw new IllegalArgumentException(op + ": the batch has no targets (unlabelled data)");
        if (targets.dim() == 0 || targets.size(0) != n) {
            throw new IllegalArgumentException(op + ": " + n + " predictions but targets of shape " + targets.shape());
        }
        try (var s = Autograd.noGrad()) {
            int[] out;
            if (targets.dim() == 2 && targets.size(1) == k && k >= 2) {
                if (!targets.dtype().isFloating()) {
                    throw new IllegalArgumentException(op + ": one-hot targets " + targets.shape() + " must be floating, got "
                            + targets.dtype());
                }
                return targets.argmax(1, false).toIntArray();
            }
            if (!(targets.dim() == 1 || (targets.dim() == 2 && targets.size(1) == 1))) {
                throw new IllegalArgumentException(op + ": targets must be labels [N] or [N, 1], or one-hot rows [N, " + k + "], got "
                        + targets.shape());
            }
            Tensor flat = targets.reshape(n);
            if (targets.dtype() == DType.INT32) {
                out = flat.toIntArray();
            } else {
                double[] v = flat.toDoubleArray();
                out = new int[n];
                for (int i = 0; i < n; i++) {
                    if (k == 2 && v[i] >= 0 && v[i] <= 1) {
                        out[i] = v[i] > 0.5 ? 1 : 0;
                    } else if (v[i] == Math.rint(v[i]) && v[i] >= 0 && v[i] < k) {
                        out[i] = (int) v[i];
                    } else {
                        throw new IllegalArgumentException(op + ": target " + i + " is " + v[i] + ", not a class in [0, " + k + ")"
                                + (k == 2 ? " nor a probability in [0, 1]" : ""));
                    }
                }
                return out;
            }
            for (int i = 0; i < n; i++) {
                if (out[i] < 0 || out[i] >= k) {
                    throw new IllegalArgumentException(op + ": label " + i + " is " + out[i] + ", outside [0, " + k + ") (" + k
                            + " classes in the predictions)");
                }
            }
            return out;
        }
    }
}
