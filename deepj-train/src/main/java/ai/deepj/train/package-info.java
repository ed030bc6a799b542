/**
 * The everyday training loop: {@link ai.deepj.train.Trainer} (Keras-style {@code fit}) with its
 * {@link ai.deepj.train.Callback}s and the {@link ai.deepj.train.TrainState} they observe, the
 * {@link ai.deepj.train.History} of a run, the {@link ai.deepj.train.Progress} display, and
 * {@link ai.deepj.train.Checkpoint}s that resume a run bit for bit, with their
 * {@link ai.deepj.train.Provenance}. Metrics are in {@code ai.deepj.train.metrics}, ready-made callbacks
 * in {@code ai.deepj.train.callbacks}.
 */
package ai.deepj.train;
