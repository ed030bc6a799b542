package ai.deepj.train;

import ai.deepj.nn.Module;
import ai.deepj.optim.Optimizer;

/** What a {@link Callback} sees of a training run in progress. */
public interface TrainState {
    /** The model being trained. */
    Module model();

    /** The optimizer updating it. */
    Optimizer optimizer();

    /** The current epoch, 0-based. */
    int epoch();

    /** The number of optimizer steps taken since the run began (survives resuming). */
    long step();

    /** The index of the current mini-batch within the epoch, 0-based. */
    int batchInEpoch();

    /** The number of mini-batches in one epoch. */
    int batchesPerEpoch();

    /** Asks the trainer to stop after the current step; the reason is printed and kept in the history. */
    void requestStop(String reason);
}
