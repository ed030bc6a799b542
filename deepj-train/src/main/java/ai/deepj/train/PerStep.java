package ai.deepj.train;

import ai.deepj.nn.loss.Loss;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import ai.deepj.train.metrics.Metric;

/**
 * Scores sequence outputs at every time step with a loss or metric written for rows of examples:
 * predictions {@code [batch, time, classes]} and int32 labels {@code [batch, time]} become
 * {@code [batch·time, classes]} and {@code [batch·time]}, so the mean of the loss is the mean per
 * step (per character, for a language model). Steps whose label is negative ({@link #IGNORE}: padding
 * after the end of a shorter sequence, PyTorch's {@code ignore_index}) are left out of the loss, its
 * gradient and the metric.
 *
 * {@snippet :
 * Loss perCharacter = PerStep.loss(new CrossEntropy());       // logits [B, T, V], labels [B, T]
 * Metric accuracy = PerStep.metric(Metrics.accuracy());        // right next-token guesses among the real steps
 * Metric perplexity = PerStep.metric(Metrics.perplexity());    // exp(mean cross-entropy per step)
 * }
 */
public final class PerStep {
    private PerStep() {}

    /** The label of a step that is left out (any negative label is). */
    public static final int IGNORE = -1;

    /** {@code loss} over every real step; predictions {@code [B, T, ...]}, int32 labels {@code [B, T]}. */
    public static Loss loss(Loss loss) {
        if (loss == null) throw new IllegalArgumentException("PerStep.loss: loss must not be null");
        return (prediction, target) -> {
            Tensor[] rows = rows("PerStep.loss", prediction, target);
            if (rows[1].size(0) == 0) {
                throw new IllegalArgumentException("PerStep.loss: every step of the " + target.shape() + " labels is IGNORE: nothing to score");
            }
            return loss.compute(rows[0], rows[1]);
        };
    }

    /** {@code metric} over every real step, under the same name. */
    public static Metric metric(Metric metric) {
        if (metric == null) throw new IllegalArgumentException("PerStep.metric: metric must not be null");
        return new Metric() {
            @Override
            public String name() {
                return metric.name();
            }

            @Override
            public Accumulator newAccumulator() {
                Accumulator inner = metric.newAccumulator();
                return new Accumulator() {
                    @Override
                    public void add(Tensor predictions, Tensor targets) {
                        Tensor[] rows = rows("PerStep.metric " + metric.name(), predictions, targets);
                        if (rows[1].size(0) > 0) inner.add(rows[0], rows[1]);
                    }

                    @Override
                    public double value() {
                        return inner.value();
                    }

                    @Override
                    public double[] state() {
                        return inner.state();
                    }

                    @Override
                    public void restore(double[] state) {
                        inner.restore(state);
                    }
                };
            }

            @Override
            public String toString() {
                return metric + " per step";
            }
        };
    }

    /**
     * {@code [B·T', ...]} predictions and {@code [B·T']} labels of the real steps (label ≥ 0), in order.
     * Differentiable in the predictions.
     */
    static Tensor[] rows(String who, Tensor prediction, Tensor labels) {
        if (labels == null || labels.dtype() != DType.INT32 || labels.dim() != 2) {
            throw new IllegalArgumentException(who + ": labels must be int32 [batch, time], got "
                    + (labels == null ? "none" : labels.dtype() + " " + labels.shape()));
        }
        if (prediction.dim() < 2 || prediction.size(0) != labels.size(0) || prediction.size(1) != labels.size(1)) {
            throw new IllegalArgumentException(who + ": predictions must be [batch, time, ...] = [" + labels.size(0) + ", " + labels.size(1)
                    + ", ...] for labels " + labels.shape() + ", got " + prediction.shape());
        }
        int n = labels.size(0) * labels.size(1);
        int[] shape = prediction.shape().toArray();
        int[] flat = new int[shape.length - 1];
        flat[0] = n;
        System.arraycopy(shape, 2, flat, 1, shape.length - 2);
        Tensor p = prediction.reshape(flat);
        int[] y = labels.contiguous().toIntArray();
        int real = 0;
        for (int v : y) if (v >= 0) real++;
        if (real == n) return new Tensor[] {p, Tensor.of(y, n)};
        int[] keep = new int[real], kept = new int[real];
        for (int i = 0, j = 0; i < n; i++) {
            if (y[i] >= 0) {
                keep[j] = i;
                kept[j++] = y[i];
            }
        }
        return new Tensor[] {p.indexSelect(0, Tensor.of(keep, real)), Tensor.of(kept, real)};
    }
}
