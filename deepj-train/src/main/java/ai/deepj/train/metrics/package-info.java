/**
 * Metrics for classifiers and regressors: accuracy, precision, recall and F1 (binary, per class and
 * macro-averaged), all read off a {@link ai.deepj.train.metrics.ConfusionMatrix}, and the mean of any
 * loss. Each {@link ai.deepj.train.metrics.Metric} accumulates over mini-batches with a state that
 * checkpoints save exactly.
 */
package ai.deepj.train.metrics;
