package ai.deepj.cli.run;

import ai.deepj.train.Callback;
import ai.deepj.train.History;
import ai.deepj.train.Progress;
import ai.deepj.train.TrainState;
import java.util.Map;

/**
 * A {@link Progress} display that keeps the line of every {@code every}-th epoch (and of the last
 * one, and of an epoch where training stops), for runs of thousands of tiny epochs such as the
 * course's full-batch gradient descent. Batch progress and events pass through unchanged.
 */
final class SparseProgress implements Callback {
    private final Progress progress;
    private final int every;

    SparseProgress(Progress progress, int every) {
        this.progress = progress;
        this.every = every;
    }

    @Override
    public void onEpochBegin(TrainState state) {
        progress.onEpochBegin(state);
    }

    @Override
    public void onBatchEnd(TrainState state, double loss) {
        progress.onBatchEnd(state, loss);
    }

    @Override
    public void onEpochEnd(TrainState state, Map<String, Double> metrics) {
        int done = state.epoch() + 1;
        if (done % every == 0 || done == 1 || done >= state.epochs() || state.stopRequested()) progress.onEpochEnd(state, metrics);
    }

    @Override
    public void onEvent(TrainState state, History.Event event) {
        progress.onEvent(state, event);
    }
}
