/**
 * The everyday training loop: {@link ai.deepj.train.Callback}s and the {@link ai.deepj.train.TrainState}
 * they observe.
 */
package ai.deepj.train;
