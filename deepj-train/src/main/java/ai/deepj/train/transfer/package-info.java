/**
 * Transfer learning and test-time tools: freezing layers, replacing a network's head, caching a frozen
 * body's activations on disk to train the head on them, and averaging predictions over models
 * ({@link ai.deepj.train.transfer.Ensemble}) or crops ({@link ai.deepj.train.transfer.MultiCrop}).
 * These are the practical notes of the course's convolutional-networks week, built on
 * {@link ai.deepj.nn.Module} and {@link ai.deepj.train.Trainer}.
 */
package ai.deepj.train.transfer;
