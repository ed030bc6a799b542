package ai.deepj.train.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.deepj.data.DataLoader;
import ai.deepj.nn.Linear;
import ai.deepj.nn.Module;
import ai.deepj.nn.ReLU;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.loss.CrossEntropy;
import ai.deepj.optim.GradientDescent;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import ai.deepj.train.Checkpoint;
import ai.deepj.train.Checkpointing;
import ai.deepj.train.History;
import ai.deepj.train.Trainer;
import ai.deepj.train.metrics.Metric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlyStoppingTest {
    @TempDir
    Path tmp;

    /** A metric reporting scripted values, one per epoch (without a dev set, one accumulator is made per epoch). */
    private static Metric scripted(double... values) {
        int[] epoch = {0};
        return new Metric() {
            @Override
            public String name() {
                return "score";
            }

            @Override
            public Accumulator newAccumulator() {
                double v = values[epoch[0]++];
                return new Accumulator() {
                    @Override
                    public void add(Tensor predictions, Tensor targets) {}

                    @Override
                    public double value() {
                        return v;
                    }

                    @Override
                    public double[] state() {
                        return new double[0];
                    }

                    @Override
                    public void restore(double[] state) {}
                };
            }
        };
    }

    private static Sequential model() {
        Generator g = Generator.seeded(3);
        return new Sequential(new Linear(2, 8, Linear.Options.defaults(), g), new ReLU(), new Linear(8, 3, Linear.Options.defaults(), g));
    }

    private static Trainer.Builder builder(Sequential model, int epochs) {
        return Trainer.builder().model(model).loss(new CrossEntropy()).optimizer(GradientDescent.of(model.parameters(), 0.1))
                .train(new DataLoader(blobs(), DataLoader.Options.batchSize(10).withShuffle(2))).epochs(epochs).quiet();
    }

    private static ai.deepj.data.TensorDataset blobs() {
        Generator g = Generator.seeded(1);
        float[] x = new float[60];
        int[] y = new int[30];
        for (int i = 0; i < 30; i++) {
            y[i] = i % 3;
            x[2 * i] = (float) (y[i] + 0.3 * g.nextGaussian());
            x[2 * i + 1] = (float) (-y[i] + 0.3 * g.nextGaussian());
        }
        return new ai.deepj.data.TensorDataset(Tensor.of(x, 30, 2), Tensor.of(y, 30));
    }

    private static Map<String, Tensor> copy(Module m) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : m.state().entrySet()) out.put(e.getKey(), e.getValue().detach().clone());
        return out;
    }

    @Test
    void stopsAfterPatienceEpochsWithoutAnImprovementOfMinDeltaAndRestoresTheBest() {
        Sequential model = model();
        List<Map<String, Tensor>> afterEpoch = new ArrayList<>();
        EarlyStopping early = new EarlyStopping(EarlyStopping.Options.minimize("train_score").withPatience(2).withMinDelta(0.02)
                .withRestoreBestWeights(true));
        // 1.0 best; 0.8 best; 0.85 worse; 0.79 not better by 0.02 -> second epoch without improvement: stop
        History h = builder(model, 7).metrics(scripted(1.0, 0.8, 0.85, 0.79, 0.5, 0.4, 0.3, 0.2))
                .callbacks(Callbacks.onEpochEnd((s, m) -> afterEpoch.add(copy(s.model()))), early).build().fit();
        assertEquals(4, h.epochs().size());
        assertEquals(1, early.bestEpoch());
        assertEquals(0.8, early.best(), 0);
        assertEquals("EarlyStopping: train_score has not improved on 0.8 (epoch 2) by more than 0.02 for 2 epochs",
                h.events(History.STOP).get(0).message());
        assertEquals("EarlyStopping: restored the weights of epoch 2 (train_score 0.8)", h.events(History.NOTE).get(0).message());
        for (var e : afterEpoch.get(1).entrySet()) {
            assertArrayEquals(e.getValue().toFloatArray(), model.state().get(e.getKey()).toFloatArray(), e.getKey());
        }
    }

    @Test
    void maximizingWithPatienceZeroStopsAtTheFirstEpochThatDoesNotImprove() {
        EarlyStopping early = new EarlyStopping(EarlyStopping.Options.maximize("train_score"));
        History h = builder(model(), 5).metrics(scripted(0.5, 0.6, 0.6, 0.9, 0.9)).callbacks(early).build().fit();
        assertEquals(3, h.epochs().size());
        assertEquals("EarlyStopping: train_score has not improved on 0.6 (epoch 2) for 1 epoch", h.events(History.STOP).get(0).message());
    }

    @Test
    void aMissingMonitorIsReportedWithWhatThereIs() {
        EarlyStopping early = new EarlyStopping(EarlyStopping.Options.minimize("dev_loss"));
        var e = assertThrows(IllegalStateException.class, () -> builder(model(), 2).callbacks(early).build().fit());
        assertEquals("EarlyStopping: the epoch has no value 'dev_loss'; it has [train_loss, lr] (dev_ values need a dev set:"
                + " Trainer.Builder.dev)", e.getMessage());
    }

    /**
     * Watching the training loss for a rise that never comes, it stops after epoch 2 (patience 2) and restores
     * epoch 0's weights. Crashed in epoch 2 and resumed from the checkpoint of epoch 1, it must do the same,
     * which needs the epochs it had waited and the best weights from the checkpoint.
     */
    @Test
    void itsStateSurvivesACrashAndResume() throws Exception {
        EarlyStopping.Options watch = EarlyStopping.Options.maximize("train_loss").withPatience(2).withRestoreBestWeights(true);
        Sequential uninterrupted = model();
        History h = builder(uninterrupted, 6).callbacks(new EarlyStopping(watch)).build().fit();
        assertEquals(3, h.epochs().size());

        Path root = tmp.resolve("ckpt");
        Sequential crashed = model();
        assertThrows(IllegalStateException.class, () -> builder(crashed, 6).checkpoints(Checkpointing.to(root))
                .callbacks(new EarlyStopping(watch), Callbacks.onBatchEnd((s, loss) -> {
                    if (s.step() == 8) throw new IllegalStateException("crash");
                })).build().fit());
        assertEquals(2, Checkpoint.read(root).position().epoch());

        Sequential resumed = model();
        EarlyStopping again = new EarlyStopping(watch);
        History h2 = builder(resumed, 6).callbacks(again).resumeFrom(root).build().fit();
        assertEquals(3, h2.epochs().size());
        assertEquals(0, again.bestEpoch());
        for (var e : uninterrupted.state().entrySet()) {
            assertArrayEquals(e.getValue().toFloatArray(), resumed.state().get(e.getKey()).toFloatArray(), e.getKey());
        }
    }
}
