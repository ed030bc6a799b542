package ai.deepj.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.data.Batch;
import ai.deepj.data.DataLoader;
import ai.deepj.data.TensorDataset;
import ai.deepj.nn.Linear;
import ai.deepj.nn.Module;
import ai.deepj.nn.ReLU;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.loss.CrossEntropy;
import ai.deepj.nn.loss.Loss;
import ai.deepj.nn.loss.Regularization;
import ai.deepj.optim.Adam;
import ai.deepj.optim.GradClip;
import ai.deepj.optim.GradientDescent;
import ai.deepj.optim.LearningRateSchedule;
import ai.deepj.optim.Optimizer;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import ai.deepj.train.callbacks.Callbacks;
import ai.deepj.train.metrics.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerTest {
    /** The example for the README: an MLP learns three blobs in a few lines. */
    @Test
    void anMlpLearnsGeneratedBlobsInAFewLines() {
        TensorDataset train = TrainFixtures.blobs(300, 1), dev = TrainFixtures.blobs(100, 2);
        Generator g = Generator.seeded(0);
        Sequential model = new Sequential(new Linear(2, 16, Linear.Options.defaults(), g), new ReLU(), new Linear(16, 3, Linear.Options.defaults(), g));
        History h = Trainer.builder()
                .model(model)
                .loss(new CrossEntropy())
                .optimizer(Adam.of(model.parameters(), Adam.Options.defaults().withLr(0.02)))
                .train(train, DataLoader.Options.batchSize(32).withShuffle(1))
                .dev(dev)
                .epochs(15)
                .metrics(Metrics.accuracy())
                .quiet()
                .build()
                .fit();
        double[] devAccuracy = h.metric("dev_accuracy");
        assertEquals(15, devAccuracy.length);
        assertTrue(devAccuracy[14] > 0.9, "dev accuracy " + devAccuracy[14]);
        double[] loss = h.metric("train_loss");
        assertTrue(loss[14] < loss[0] / 2, "train loss " + loss[0] + " -> " + loss[14]);
        assertEquals(List.of("train_loss", "train_accuracy", "dev_loss", "dev_accuracy", "lr"), h.metricNames());
        assertEquals(15 * 10, h.steps().size());
        assertEquals(150, h.epochs().get(14).step());
    }

    /** The trainer's loop is the course's loop: the same weights, bit for bit, and the same reported costs. */
    @Test
    void theLoopIsForwardCostBackwardClipStepZeroGradsAsWrittenByHand() {
        TensorDataset train = TrainFixtures.blobs(70, 3);
        DataLoader loader = new DataLoader(train, DataLoader.Options.batchSize(16).withShuffle(5));
        LearningRateSchedule schedule = LearningRateSchedule.inverseTime(0.05, 0.5);
        double lambda = 0.3;

        Sequential byHand = TrainFixtures.mlp(11);
        Optimizer opt = Adam.of(byHand.parameters(), Adam.Options.defaults().withLr(0.05));
        Loss loss = new CrossEntropy();
        List<Double> costs = new ArrayList<>();
        for (int epoch = 0; epoch < 3; epoch++) {
            schedule.applyTo(opt, epoch);
            byHand.train();
            for (Batch b : loader.epoch(epoch)) {
                Tensor cost = loss.compute(byHand.forward(b.x()), b.y()).add(Regularization.l2(byHand, lambda, b.size()));
                cost.backward();
                GradClip.byNorm(byHand.parameters(), 1.0);
                opt.step();
                byHand.zeroGrad();
                costs.add(cost.item());
            }
        }

        Sequential trained = TrainFixtures.mlp(11);
        History h = Trainer.builder().model(trained).loss(new CrossEntropy())
                .optimizer(Adam.of(trained.parameters(), Adam.Options.defaults().withLr(0.05)))
                .train(loader).dev(TrainFixtures.blobs(30, 4))     // evaluating the dev set must not disturb training
                .epochs(3).l2(lambda).clipByNorm(1.0).schedule(schedule, Trainer.ScheduleUnit.EPOCH)
                .quiet().build().fit();

        assertSameWeights(byHand, trained);
        assertArrayEquals(costs.stream().mapToDouble(Double::doubleValue).toArray(), h.costs());
        assertEquals(schedule.at(2), h.metric("lr")[2], 0);
    }

    /** The reported cost is the data loss plus the course's (λ/2m)·Σ‖W‖², m the batch size. */
    @Test
    void theReportedCostIncludesTheL2Term() {
        TensorDataset train = TrainFixtures.blobs(10, 3);
        Sequential model = TrainFixtures.mlp(2);
        Sequential reference = TrainFixtures.mlp(2);   // the same initial weights and the same dropout generator
        double lambda = 0.7;
        History h = Trainer.builder().model(model).loss(new CrossEntropy()).optimizer(GradientDescent.of(model.parameters(), 0.1))
                .train(DataLoader.of(train, 10)).epochs(1).l2(lambda).quiet().build().fit();
        Batch all = train.all();
        double data = new CrossEntropy().compute(reference.forward(all.x()), all.y()).item();
        double sumSquares = 0;
        for (Tensor w : Regularization.weights(reference)) sumSquares += w.square().sum().item();
        assertEquals(data + lambda / (2 * 10) * sumSquares, h.costs()[0], 1e-5);
        assertEquals(h.costs()[0], h.metric("train_loss")[0], 1e-6);
        assertEquals(data, h.metric("train_data_loss")[0], 1e-6);
        assertEquals(List.of("train_loss", "train_data_loss", "lr"), h.metricNames());
    }

    /** Records the mode and the grad switch at every forward. */
    private static final class Probe extends Module {
        final List<String> seen = new ArrayList<>();

        @Override
        public Tensor forward(Tensor input) {
            seen.add((isTraining() ? "train" : "eval") + "/" + (Autograd.isGradEnabled() ? "grad" : "no-grad") + "/" + input.size(0));
            return input;
        }

        @Override
        public Map<String, Object> config() {
            return Map.of();
        }
    }

    @Test
    void trainsInTrainingModeAndEvaluatesInEvaluationModeWithoutGradients() {
        Probe probe = new Probe();
        Sequential model = new Sequential(probe, new Linear(2, 3, Linear.Options.defaults(), Generator.seeded(1)));
        Trainer trainer = Trainer.builder().model(model).loss(new CrossEntropy()).optimizer(GradientDescent.of(model.parameters(), 0.1))
                .train(DataLoader.of(TrainFixtures.blobs(20, 1), 10)).dev(TrainFixtures.blobs(7, 2)).epochs(2).quiet().build();
        trainer.fit();
        List<String> epoch = List.of("train/grad/10", "train/grad/10", "eval/no-grad/7");
        List<String> both = new ArrayList<>(epoch);
        both.addAll(epoch);
        assertEquals(both, probe.seen);
        assertTrue(model.isTraining(), "back in training mode after validation");
        assertThrows(IllegalStateException.class, trainer::fit);
    }

    @Test
    void aNonFiniteCostStopsBeforeTheUpdate() {
        Sequential model = TrainFixtures.mlp(3);
        int[] calls = {0};
        Loss explodesOnThirdCall = (p, t) -> {
            Tensor l = new CrossEntropy().compute(p, t);
            return ++calls[0] == 3 ? l.mul(Double.POSITIVE_INFINITY) : l;
        };
        List<Map<String, Tensor>> afterStep = new ArrayList<>();
        History h = Trainer.builder().model(model).loss(explodesOnThirdCall).optimizer(GradientDescent.of(model.parameters(), 0.1))
                .train(DataLoader.of(TrainFixtures.blobs(50, 1), 10)).epochs(3)
                .callbacks(Callbacks.onBatchEnd((s, loss) -> afterStep.add(copyOf(s.model().state()))))
                .quiet().build().fit();
        assertEquals(2, h.steps().size());
        assertSameWeights(afterStep.get(1), model.state());
        List<History.Event> stops = h.events(History.STOP);
        assertEquals(1, stops.size());
        assertEquals("the cost is Infinity at epoch 0, batch 2 (step 3): training diverged; the weights are those before this step (try a"
                + " lower learning rate, gradient clipping, or check the data and the loss)", stops.get(0).message());
        assertEquals(1, h.epochs().size(), "the interrupted epoch still gets its row");
    }

    @Test
    void aStopRequestedInTheMiddleOfAnEpochEndsItThere() {
        Sequential model = TrainFixtures.mlp(3);
        History h = Trainer.builder().model(model).loss(new CrossEntropy()).optimizer(GradientDescent.of(model.parameters(), 0.1))
                .train(DataLoader.of(TrainFixtures.blobs(50, 1), 10)).epochs(5)
                .callbacks(Callbacks.onBatchEnd((s, loss) -> {
                    if (s.step() == 7) s.requestStop("enough");
                }))
                .quiet().build().fit();
        assertEquals(7, h.steps().size());
        assertEquals(2, h.epochs().size());
        assertEquals(7, h.epochs().get(1).step());
        History.Event end = h.events().get(h.events().size() - 1);
        assertEquals(History.END, end.kind());
        assertEquals("stopped: enough (epoch 2, step 7)", end.message());
    }

    @Test
    void perStepSchedulesCountStepsAndHyperparametersCanBeChangedFromACallback() {
        Sequential model = TrainFixtures.mlp(3);
        List<Double> lrs = new ArrayList<>();
        History h = Trainer.builder().model(model).loss(new CrossEntropy()).optimizer(GradientDescent.of(model.parameters(), 0.1))
                .train(DataLoader.of(TrainFixtures.blobs(30, 1), 10)).epochs(2)
                .schedule(t -> 1.0 / (t + 1), Trainer.ScheduleUnit.STEP)
                .callbacks(Callbacks.onBatchEnd((s, loss) -> lrs.add(s.learningRate())))
                .quiet().build().fit();
        assertEquals(List.of(1.0, 1.0 / 2, 1.0 / 3, 1.0 / 4, 1.0 / 5, 1.0 / 6), lrs);
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 6}, h.metric("lr"));

        Sequential m2 = TrainFixtures.mlp(3);
        History h2 = Trainer.builder().model(m2).loss(new CrossEntropy()).optimizer(GradientDescent.of(m2.parameters(), 0.1))
                .train(DataLoader.of(TrainFixtures.blobs(30, 1), 10)).epochs(3)
                .callbacks(Callbacks.onEpochEnd((s, m) -> {
                    if (s.epoch() == 0) s.setHyperparameter("lr", 0.05, "halve after the first epoch");
                }))
                .quiet().build().fit();
        assertArrayEquals(new double[] {0.1, 0.05, 0.05}, h2.metric("lr"));
        History.Event e = h2.events(History.HYPERPARAMETER).get(0);
        assertEquals("lr 0.1 -> 0.05 (halve after the first epoch)", e.message());
        assertEquals(Map.of("name", "lr", "old", "0.1", "new", "0.05", "reason", "halve after the first epoch"), e.details());
    }

    @Test
    void evaluateGivesTheLossAndMetricsOfAnyDataSet() {
        Sequential model = TrainFixtures.mlp(3);
        Trainer trainer = TrainFixtures.everything(model, 1).build();
        TensorDataset data = TrainFixtures.blobs(25, 9);
        Map<String, Double> r = trainer.evaluate(data);
        assertEquals(List.of("loss", "accuracy", "macro_f1"), List.copyOf(r.keySet()));
        model.eval();
        try (var s = Autograd.noGrad()) {
            Tensor out = model.forward(data.x());
            assertEquals(new CrossEntropy().compute(out.narrow(0, 0, 16), data.y().narrow(0, 0, 16)).item() * 16 / 25
                    + new CrossEntropy().compute(out.narrow(0, 16, 9), data.y().narrow(0, 16, 9)).item() * 9 / 25, r.get("loss"), 1e-6);
            assertEquals(ai.deepj.train.metrics.ConfusionMatrix.of(out, data.y()).accuracy(), r.get("accuracy"), 0);
        }
    }

    @Test
    void theBuilderSaysWhatIsMissingOrInconsistent() {
        Sequential model = TrainFixtures.mlp(3);
        var e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder().model(model).epochs(1).build());
        assertEquals("Trainer: model, loss, optimizer and train loader are required; missing loss optimizer train", e.getMessage());
        Sequential other = TrainFixtures.mlp(4);
        var e2 = assertThrows(IllegalArgumentException.class, () -> Trainer.builder().model(model).loss(new CrossEntropy())
                .optimizer(GradientDescent.of(other.parameters(), 0.1)).train(DataLoader.of(TrainFixtures.blobs(10, 1), 5)).epochs(1).build());
        assertEquals("Trainer: the optimizer updates a [16, 2] tensor that is not a parameter of the model (built over another model's"
                + " parameters?)", e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> TrainFixtures.everything(model, 1).resumeWith("lr", 0.1).build());
        assertEquals("Trainer: resumeWith {lr=0.1} needs resumeFrom (a checkpoint to resume)", e3.getMessage());
        var e4 = assertThrows(IllegalArgumentException.class, () -> TrainFixtures.everything(model, 1).metrics(Metrics.accuracy()).build());
        assertEquals("Trainer: metric name 'accuracy' is given twice", e4.getMessage());
    }

    @Test
    void aPrefetchingLoaderTrainsTheSameAndLeavesNoThreadBehindWhenStopped() {
        Sequential plain = TrainFixtures.mlp(12), ahead = TrainFixtures.mlp(12);
        for (Sequential m : new Sequential[] {plain, ahead}) {
            DataLoader.Options o = DataLoader.Options.batchSize(8).withShuffle(3).withPrefetch(m == ahead ? 2 : 0);
            Trainer.builder().model(m).loss(new CrossEntropy()).optimizer(Adam.of(m.parameters())).train(TrainFixtures.blobs(50, 1), o)
                    .epochs(3).callbacks(Callbacks.onBatchEnd((s, loss) -> {
                        if (s.step() == 10) s.requestStop("mid-epoch");
                    })).quiet().build().fit();
        }
        assertSameWeights(plain, ahead);
        for (int i = 0; i < 100 && prefetchThreads() > 0; i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        assertEquals(0, prefetchThreads());
    }

    private static long prefetchThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith("deepj-DataLoader-prefetch"))
                .count();
    }

    static Map<String, Tensor> copyOf(Map<String, Tensor> state) {
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        for (var e : state.entrySet()) out.put(e.getKey(), e.getValue().detach().clone());
        return out;
    }

    static void assertSameWeights(Module expected, Module actual) {
        assertSameWeights(expected.state(), actual.state());
    }

    static void assertSameWeights(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String k : expected.keySet()) {
            float[] a = expected.get(k).toFloatArray(), b = actual.get(k).toFloatArray();
            assertEquals(a.length, b.length, k);
            for (int i = 0; i < a.length; i++) {
                assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), k + "[" + i + "]: " + a[i] + " vs " + b[i]);
            }
        }
    }
}
