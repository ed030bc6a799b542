/**
 * The everyday training loop: {@link ai.deepj.train.Trainer} (Keras-style {@code fit}) with its
 * {@link ai.deepj.train.Callback}s and the {@link ai.deepj.train.TrainState} they observe, the
 * {@link ai.deepj.train.History} of a run, the {@link ai.deepj.train.Progress} display, and
 * {@link ai.deepj.train.Checkpoint}s that resume a run bit for bit, with their
 * {@link ai.deepj.train.Provenance}; for sequence models, truncated backpropagation through time over one
 * long stream ({@link ai.deepj.train.StreamWindows}, {@link ai.deepj.train.StatefulSequenceModel}) and
 * per-step losses and metrics ({@link ai.deepj.train.PerStep}). Metrics are in
 * {@code ai.deepj.train.metrics}, ready-made callbacks in {@code ai.deepj.train.callbacks}, vocabularies
 * and sampling in {@code ai.deepj.train.text}.
 */
package ai.deepj.train;
