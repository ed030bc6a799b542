package ai.deepj.train;

import ai.deepj.nn.Module;
import ai.deepj.optim.Optimizer;
import java.util.Map;

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

    /** Whether a stop was requested. */
    boolean stopRequested();

    /** The number of epochs the run is to train in all (the last epoch is {@code epochs() − 1}). */
    int epochs();

    /** The learning rate now (of the optimizer's first parameter group). */
    double learningRate();

    /**
     * The current epoch's values so far, over the mini-batches trained on: {@code loss} (the mean
     * reported cost) and each metric by its name ({@code accuracy}, ...).
     */
    Map<String, Double> runningMetrics();

    /** The history so far (read-only). */
    History history();

    /**
     * Sets optimizer hyperparameter {@code name} (e.g. {@code lr}) in every parameter group and records
     * a {@link History#HYPERPARAMETER} event with the old and new values and the reason. With a
     * learning-rate schedule, the schedule sets {@code lr} again at the next epoch or step.
     */
    void setHyperparameter(String name, double value, String reason);

    /** Adds an event of any kind to the history (and tells every callback). */
    void recordEvent(String kind, String message, Map<String, String> details);

    /** Asks for a checkpoint at the end of the current step (or epoch, if called at its end); needs checkpointing configured. */
    void requestCheckpoint();
}
