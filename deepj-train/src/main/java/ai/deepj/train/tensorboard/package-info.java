/**
 * TensorBoard event files written from Java: scalars and histograms as {@code tensorflow.Event}
 * protocol buffers in TFRecord framing, encoded by hand (no protobuf dependency). Point
 * {@code tensorboard --logdir} at the directory given to {@link ai.deepj.train.tensorboard.SummaryWriter}.
 */
package ai.deepj.train.tensorboard;
