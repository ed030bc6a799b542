package ai.deepj.train;

import java.util.Map;

/**
 * Hooks into the training loop. Every method has an empty default; implement the ones you need.
 * The order within one step is: forward, loss, backward, {@link #afterBackward}, optimizer step,
 * {@link #onBatchEnd}, zero the gradients.
 *
 * {@snippet :
 * Callback printEvery100 = new Callback() {
 *     @Override public void onBatchEnd(TrainState s, double loss) {
 *         if (s.step() % 100 == 0) System.out.println("step " + s.step() + " cost " + loss);
 *     }
 * };
 * }
 */
public interface Callback {
    /** Once, before the first epoch (also after resuming from a checkpoint). */
    default void onTrainBegin(TrainState state) {}

    /**
     * At the start of every epoch; {@code state.epoch()} is the epoch about to run (0-based). Also at the
     * start of the partial epoch a resumed run continues, with {@code state.batchInEpoch()} the batch it
     * continues from.
     */
    default void onEpochBegin(TrainState state) {}

    /**
     * After backward and before the optimizer step: every trainable parameter's {@code grad()} holds
     * this batch's gradient. Read-only: do not change parameters or gradients here (clipping is the
     * trainer's job).
     */
    default void afterBackward(TrainState state) {}

    /**
     * After the optimizer step of one mini-batch ({@code state.step()} already counts it).
     *
     * @param loss the batch's cost as reported (including the regularization term, if any)
     */
    default void onBatchEnd(TrainState state, double loss) {}

    /**
     * After every epoch, once validation has run.
     *
     * @param metrics this epoch's values by name, e.g. {@code train_loss}, {@code train_accuracy},
     *     {@code dev_loss}, {@code dev_accuracy}, {@code lr} (read-only, in that order)
     */
    default void onEpochEnd(TrainState state, Map<String, Double> metrics) {}

    /** Once, after the last epoch or after a stop was requested. */
    default void onTrainEnd(TrainState state) {}

    /**
     * Right after an event is added to the history (start, resume, stop, hyperparameter change,
     * checkpoint, ...: see {@link History}).
     */
    default void onEvent(TrainState state, History.Event event) {}

    /**
     * What a checkpoint must keep of this callback for a resumed run to continue exactly as an
     * uninterrupted one (early stopping's best value and patience count, say), or null if it keeps
     * nothing. Taken at the end of a step or epoch, after every callback has run.
     */
    default CallbackState checkpointState() {
        return null;
    }

    /**
     * Restores what {@link #checkpointState()} returned, when a run resumes from a checkpoint; called
     * before {@link #onTrainBegin}. Callbacks are matched by class name (with {@code #1}, {@code #2}, ...
     * for further instances of one class, in the order given).
     */
    default void restoreCheckpointState(CallbackState state) {}
}
