package ai.deepj.cli.run;

import ai.deepj.train.Callback;
import ai.deepj.train.TrainState;
import ai.deepj.train.tensorboard.SummaryWriter;
import java.util.Map;

/**
 * Writes a run's numbers to a TensorBoard event file: the batch cost every {@code every} steps
 * (tag {@code batch/loss}, x = step) and every value of each epoch's row (tags as the history's
 * columns, {@code dev_loss}, {@code dev_accuracy}, ..., x = epoch 1, 2, ...).
 */
final class TensorBoardLog implements Callback {
    private final SummaryWriter writer;
    private final int every;

    TensorBoardLog(SummaryWriter writer, int every) {
        this.writer = writer;
        this.every = every;
    }

    @Override
    public void onBatchEnd(TrainState state, double loss) {
        if (state.step() % every == 0) writer.addScalar("batch/loss", loss, state.step());
    }

    @Override
    public void onEpochEnd(TrainState state, Map<String, Double> metrics) {
        writer.addScalars(metrics, state.epoch() + 1);
        writer.flush();
    }

    @Override
    public void onTrainEnd(TrainState state) {
        writer.close();
    }
}
