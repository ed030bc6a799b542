package ai.deepj.train.metrics;

import ai.deepj.tensor.Tensor;

/**
 * A quantity measured over many mini-batches: a name (as it appears in the history, after a
 * {@code train_} or {@code dev_} prefix) and fresh {@link Accumulator}s, one per pass over a data set.
 * Factories for the usual ones are in {@link Metrics}.
 *
 * {@snippet :
 * Metric.Accumulator acc = Metrics.accuracy().newAccumulator();
 * for (Batch b : loader.epoch(0)) acc.add(model.forward(b.x()), b.y());
 * double accuracy = acc.value();
 * }
 */
public interface Metric {
    /** The name, e.g. {@code accuracy} or {@code macro_f1}: lower case, words joined by {@code _}. */
    String name();

    /** An empty accumulator. */
    Accumulator newAccumulator();

    /**
     * Accumulates one pass. Its whole state is a {@code double[]} so that a checkpoint taken in the
     * middle of an epoch restores it exactly.
     */
    interface Accumulator {
        /** Adds a batch: the model's outputs and the targets (rows are examples). */
        void add(Tensor predictions, Tensor targets);

        /** The value over everything added so far (NaN before anything was added). */
        double value();

        /** The state, for checkpoints. */
        double[] state();

        /** Restores a {@link #state()}. */
        void restore(double[] state);
    }
}
