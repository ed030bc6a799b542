package ai.deepj.advise;

import static ai.deepj.advise.HealthFlag.Condition.COST_CRAWLING;
import static ai.deepj.advise.HealthFlag.Condition.COST_NOT_FINITE;
import static ai.deepj.advise.HealthFlag.Condition.COST_RISING;
import static ai.deepj.advise.HealthFlag.Condition.DEAD_RELUS;
import static ai.deepj.advise.HealthFlag.Condition.EXPLODING_GRADIENTS;
import static ai.deepj.advise.HealthFlag.Condition.UPDATE_RATIO;
import static ai.deepj.advise.HealthFlag.Condition.VANISHING_GRADIENTS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.nn.Linear;
import ai.deepj.nn.Module;
import ai.deepj.nn.ReLU;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.Sigmoid;
import ai.deepj.nn.init.Init;
import ai.deepj.nn.loss.BinaryCrossEntropyWithLogits;
import ai.deepj.nn.loss.Loss;
import ai.deepj.nn.loss.MeanSquaredError;
import ai.deepj.optim.GradientDescent;
import ai.deepj.optim.Optimizer;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import ai.deepj.train.TrainState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real small training runs that provoke each condition, driven by a hand-written loop that calls
 * the callback in the order {@link ai.deepj.train.Callback} documents: forward, loss, backward,
 * afterBackward, optimizer step, onBatchEnd, zero the gradients.
 */
class TrainingHealthTest {
    /** The loop's state, as a trainer would expose it. */
    static final class LoopState implements TrainState {
        final Module model;
        final Optimizer optimizer;
        long step;
        String stopReason;

        LoopState(Module model, Optimizer optimizer) {
            this.model = model;
            this.optimizer = optimizer;
        }

        @Override public Module model() { return model; }
        @Override public Optimizer optimizer() { return optimizer; }
        @Override public int epoch() { return (int) step; }
        @Override public long step() { return step; }
        @Override public int batchInEpoch() { return 0; }
        @Override public int batchesPerEpoch() { return 1; }
        @Override public void requestStop(String reason) { stopReason = reason; }
        @Override public boolean stopRequested() { return stopReason != null; }
        @Override public int epochs() { return Integer.MAX_VALUE; }
        @Override public double learningRate() { return optimizer.learningRate(); }
        @Override public java.util.Map<String, Double> runningMetrics() { return java.util.Map.of(); }
        @Override public ai.deepj.train.History history() { return new ai.deepj.train.History(); }
        @Override public void setHyperparameter(String name, double value, String reason) {
            for (Optimizer.ParamGroup g : optimizer.groups()) g.set(name, value);
        }
        @Override public void recordEvent(String kind, String message, java.util.Map<String, String> details) {}
        @Override public void requestCheckpoint() {
            throw new UnsupportedOperationException("this hand-written loop keeps no checkpoints");
        }
    }

    /** Full-batch gradient descent for {@code steps} steps (or until a stop is requested). */
    static LoopState train(Module model, double lr, Loss loss, Tensor x, Tensor y, int steps, TrainingHealth health) {
        LoopState st = new LoopState(model, GradientDescent.of(model.parameters(), lr));
        health.onTrainBegin(st);
        for (int i = 0; i < steps && st.stopReason == null; i++) {
            Tensor cost = loss.compute(model.forward(x), y);
            cost.backward();
            health.afterBackward(st);
            st.optimizer.step();
            st.step++;
            health.onBatchEnd(st, cost.item());
            st.optimizer.zeroGrad();
        }
        health.onTrainEnd(st);
        return st;
    }

    static final int M = 256, N_X = 10;

    /** x ~ N(0, 1) [256, 10]; labels 1 where x·w > 0 for a fixed w: linearly separable. */
    static Tensor[] classification(long seed) {
        Generator g = Generator.seeded(seed);
        Tensor x = Tensor.randn(g, M, N_X);
        Tensor w = Tensor.randn(g, N_X, 1);
        return new Tensor[] {x, x.matmul(w).gt(0).to(x.dtype())};
    }

    static Linear.Options init(ai.deepj.nn.init.Initializer w, ai.deepj.nn.init.Initializer b) {
        return Linear.Options.defaults().withWeightInit(w).withBiasInit(b);
    }

    /** ReLU net [10, 32, 32, 1] with He initialization and zero biases. */
    static Sequential heReluNet(Generator g, ai.deepj.nn.init.Initializer bias) {
        Linear.Options he = init(Init.heNormal(), bias);
        return new Sequential(new Linear(N_X, 32, he, g), new ReLU(), new Linear(32, 32, he, g), new ReLU(),
                new Linear(32, 1, init(Init.heNormal(), Init.zeros()), g));
    }

    // ---------------------------------------------------------------- healthy

    @Test
    void healthyHeInitializedRunRaisesNoFlag() {
        Tensor[] d = classification(1);
        Sequential model = heReluNet(Generator.seeded(2), Init.zeros());
        TrainingHealth health = new TrainingHealth(TrainingHealth.Options.defaults().withProbe(d[0]));
        train(model, 0.1, new BinaryCrossEntropyWithLogits(), d[0], d[1], 100, health);
        assertEquals(List.of(), health.flags(), health.report());
        assertEquals(11, health.records()); // steps 1, 10, 20, ..., 100
        assertTrue(health.report().contains("No problems seen."), health.report());
        double[] loss = health.series().get("loss");
        assertTrue(loss[10] < loss[0] / 2, health.report());
    }

    // ---------------------------------------------------------------- each condition

    @Test
    void deepSigmoidNetWithTinyInitVanishes() {
        Tensor[] d = classification(1);
        Generator g = Generator.seeded(3);
        Linear.Options tiny = init(Init.random(0.01), Init.zeros()); // the course's "* 0.01"
        Sequential model = new Sequential(new Linear(N_X, 32, tiny, g), new Sigmoid());
        for (int l = 0; l < 6; l++) model.add(new Linear(32, 32, tiny, g)).add(new Sigmoid());
        model.add(new Linear(32, 1, tiny, g));
        TrainingHealth health = new TrainingHealth();
        train(model, 0.1, new BinaryCrossEntropyWithLogits(), d[0], d[1], 20, health);
        assertTrue(health.saw(VANISHING_GRADIENTS), health.report());
        HealthFlag f = health.flags().get(0);
        assertEquals(VANISHING_GRADIENTS, f.condition());
        assertEquals(1, f.firstStep());
        assertTrue(f.detail().startsWith("‖dW‖ of the first weight 0.weight ("), f.detail());
        assertTrue(f.remedies().get(0).startsWith("careful initialization: He"), f.remedies().toString());
        double[] first = health.series().get("grad_norm/0.weight"), last = health.series().get("grad_norm/14.weight");
        assertTrue(first[0] < 1e-6 * last[0], first[0] + " vs " + last[0]);
        assertFalse(health.saw(EXPLODING_GRADIENTS), health.report());
    }

    @Test
    void hugeLearningRateDivergesToNaN() {
        Generator g = Generator.seeded(4);
        Tensor x = Tensor.randn(g, M, N_X);
        Tensor y = x.matmul(Tensor.randn(g, N_X, 1));
        Sequential model = heReluNet(Generator.seeded(5), Init.zeros());
        TrainingHealth health = new TrainingHealth(TrainingHealth.Options.defaults().withEvery(1).withStopOnNonFiniteCost(true));
        LoopState st = train(model, 10.0, new MeanSquaredError(), x, y, 200, health);
        assertTrue(health.saw(COST_NOT_FINITE), health.report());
        assertTrue(health.saw(EXPLODING_GRADIENTS), health.report());
        assertNotNull(st.stopReason, "a stop was requested");
        assertTrue(st.stopReason.startsWith("TrainingHealth: the cost is "), st.stopReason);
        assertTrue(st.step < 200, "stopped early at step " + st.step);
        assertTrue(health.report().contains("lower the learning rate α (if J diverges, α is probably too large)"), health.report());

        // With the ceiling out of the way, the same run is caught by how fast the norm grows.
        TrainingHealth growth = new TrainingHealth(TrainingHealth.Options.defaults().withEvery(1).withExploding(1e300, 100));
        train(heReluNet(Generator.seeded(5), Init.zeros()), 10.0, new MeanSquaredError(), x, y, 2, growth);
        HealthFlag f = growth.flags().stream().filter(h -> h.condition() == EXPLODING_GRADIENTS).findFirst().orElseThrow();
        assertEquals(2, f.firstStep());
        assertTrue(f.detail().startsWith("the total ‖grad‖ grew from "), f.detail());
    }

    @Test
    void learningRateJustAboveTheStabilityLimitMakesTheCostRise() {
        // Least squares: gradient descent is stable for α < 2/λ_max(H) with H = 2/m·XᵀX (λ_max ≈ 2.8
        // here); at α = 1 the error along the top eigenvector grows by |1 − α·λ_max| ≈ 1.8 a step.
        Generator g = Generator.seeded(6);
        Tensor x = Tensor.randn(g, M, N_X);
        Tensor y = x.matmul(Tensor.randn(g, N_X, 1));
        Sequential model = new Sequential(new Linear(N_X, 1, init(Init.zeros(), Init.zeros()), g));
        TrainingHealth health = new TrainingHealth(TrainingHealth.Options.defaults().withEvery(2).withCostTrend(3, 0.1, 0.01));
        train(model, 1.0, new MeanSquaredError(), x, y, 20, health);
        assertTrue(health.saw(COST_RISING), health.report());
        assertFalse(health.saw(COST_NOT_FINITE), health.report());
        assertTrue(health.flags().stream().anyMatch(f -> f.condition() == COST_RISING
                && f.remedies().get(0).startsWith("lower the learning rate")));
    }

    @Test
    void tinyLearningRateCrawls() {
        Tensor[] d = classification(1);
        Sequential model = heReluNet(Generator.seeded(2), Init.zeros());
        TrainingHealth health = new TrainingHealth();
        train(model, 1e-5, new BinaryCrossEntropyWithLogits(), d[0], d[1], 110, health); // two windows of 5 records, every 10 steps
        assertTrue(health.saw(COST_CRAWLING), health.report());
        assertTrue(health.saw(UPDATE_RATIO), health.report());
        HealthFlag ratio = health.flags().stream().filter(f -> f.condition() == UPDATE_RATIO).findFirst().orElseThrow();
        assertTrue(ratio.detail().endsWith(": α may be too small)"), ratio.detail());
        assertEquals(HealthFlag.Severity.NOTE, ratio.severity());
        assertFalse(health.saw(COST_RISING));
    }

    @Test
    void biasShiftedReluNetHasDeadUnits() {
        // Biases at −5 against pre-activations of standard deviation ≈ 1.4: almost no unit ever fires.
        Tensor[] d = classification(1);
        Sequential model = heReluNet(Generator.seeded(2), Init.constant(-5));
        TrainingHealth health = new TrainingHealth(TrainingHealth.Options.defaults().withProbe(d[0]));
        train(model, 0.1, new BinaryCrossEntropyWithLogits(), d[0], d[1], 10, health);
        assertTrue(health.saw(DEAD_RELUS), health.report());
        double dead = health.series().get("dead_fraction/1:ReLU")[0];
        assertTrue(dead > 0.8, "dead fraction " + dead);
        HealthFlag f = health.flags().stream().filter(x -> x.condition() == DEAD_RELUS).findFirst().orElseThrow();
        assertTrue(f.detail().startsWith("1:ReLU: "), f.detail());
        // Dead units pass no gradient: the first layers' gradients are exactly 0, seen as vanishing too.
        assertTrue(health.saw(VANISHING_GRADIENTS), health.report());
    }

    // ---------------------------------------------------------------- the numbers themselves

    @Test
    void recordsExactGradientNormsAndUpdateRatios() {
        // One linear layer, MSE, one step by hand: dW = 2/m·(xW − y)ᵀx, and ΔW = −α·dW.
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor y = Tensor.of(new float[] {1, 0}, 2, 1);
        Linear lin = new Linear(2, 1, init(Init.constant(0.5), Init.zeros()), Generator.seeded(0));
        Sequential model = new Sequential(lin);
        TrainingHealth health = new TrainingHealth(TrainingHealth.Options.defaults().withProbe(x));
        train(model, 0.1, new MeanSquaredError(), x, y, 1, health);
        // predictions 1.5, 3.5; residuals 0.5, 3.5; dW = (0.5·[1,2] + 3.5·[3,4])·2/2 = [11, 15]; db = 4
        Map<String, double[]> s = health.series();
        assertArrayEquals(new double[] {1}, s.get("step"));
        assertEquals((0.25 + 12.25) / 2, s.get("loss")[0], 1e-6);
        assertEquals(Math.hypot(11, 15), s.get("grad_norm/0.weight")[0], 1e-5);
        assertEquals(4, s.get("grad_norm/0.bias")[0], 1e-6);
        assertEquals(Math.sqrt(11 * 11 + 15 * 15 + 16), s.get("grad_norm_total")[0], 1e-5);
        assertEquals(0.1 * Math.hypot(11, 15) / Math.hypot(0.5, 0.5), s.get("update_ratio/0.weight")[0], 1e-5);
        assertTrue(Double.isNaN(s.get("update_ratio/0.bias")[0]), "‖b‖ was 0 before the step");
        // The probe ran after the step: W = [0.5 − 1.1, 0.5 − 1.5], b = −0.4.
        double o1 = -0.6 * 1 - 1.0 * 2 - 0.4, o2 = -0.6 * 3 - 1.0 * 4 - 0.4;
        assertEquals((o1 + o2) / 2, s.get("act_mean/0:Linear")[0], 1e-5);
        assertEquals(Math.abs(o1 - o2) / 2, s.get("act_std/0:Linear")[0], 1e-5);
    }

    @Test
    void normIsScaledSoHugeValuesDoNotOverflow() {
        assertEquals(5, TrainingHealth.norm(new double[] {3, 4}), 0);
        assertEquals(5e200, TrainingHealth.norm(new double[] {3e200, 4e200}), 1e188);
        assertTrue(Double.isNaN(TrainingHealth.norm(new double[] {1, Double.NaN})));
        assertEquals(Double.POSITIVE_INFINITY, TrainingHealth.norm(new double[] {1, Double.NEGATIVE_INFINITY}));
        assertEquals(0, TrainingHealth.norm(new double[0]));
    }

    @Test
    void seriesAreAlignedAndWrittenAsCsvAtomically(@TempDir Path dir) throws Exception {
        Tensor[] d = classification(1);
        Sequential model = heReluNet(Generator.seeded(2), Init.zeros());
        TrainingHealth health = new TrainingHealth(TrainingHealth.Options.defaults().withEvery(5).withProbe(d[0]));
        train(model, 0.1, new BinaryCrossEntropyWithLogits(), d[0], d[1], 20, health);
        Map<String, double[]> s = health.series();
        assertArrayEquals(new double[] {1, 5, 10, 15, 20}, s.get("step"));
        for (var e : s.entrySet()) assertEquals(5, e.getValue().length, e.getKey());
        assertEquals(List.of("step", "loss", "grad_norm_total", "grad_norm/0.weight", "grad_norm/0.bias"),
                s.keySet().stream().limit(5).toList());
        assertTrue(s.containsKey("dead_fraction/3:ReLU") && s.containsKey("act_std/4:Linear"), s.keySet().toString());
        assertFalse(s.containsKey("dead_fraction/4:Linear"));

        Path csv = dir.resolve("health.csv");
        Files.writeString(csv, "old");
        health.writeCsv(csv);
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(6, lines.size());
        assertEquals(String.join(",", s.keySet()), lines.get(0));
        String[] row = lines.get(2).split(",");
        assertEquals("5", row[0]);
        assertEquals(s.get("loss")[1], Double.parseDouble(row[1]), 0);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(csv), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void probeRestoresModesAndMeasuresOtherModelsByTheirOutput() {
        Generator g = Generator.seeded(7);
        Sequential inner = new Sequential(new Linear(3, 4, Linear.Options.defaults(), g), ReLU.inPlace());
        Sequential model = new Sequential(ReLU.inPlace(), inner, new ai.deepj.nn.Dropout(0.5));
        inner.eval(); // a mixed state must come back as it was
        Tensor probe = Tensor.of(new float[] {-1, 2, 3, -4, -5, 6}, 2, 3);
        List<ActivationProbe.LayerStats> stats = ActivationProbe.run(model, probe);
        assertEquals(List.of("0:ReLU", "1.0:Linear", "1.1:ReLU", "2:Dropout"), stats.stream().map(ActivationProbe.LayerStats::name).toList());
        assertArrayEquals(new double[] {-1, 2, 3, -4, -5, 6}, probe.toDoubleArray(), "the in-place ReLU did not touch the probe");
        assertEquals(1.0 / 3, stats.get(0).deadFraction(), 1e-12); // column 0 is 0 for both examples, after max(x, 0)
        assertTrue(model.isTraining() && model.get(2).isTraining() && !inner.isTraining() && !inner.get(0).isTraining());

        Module custom = new Module() {
            final Linear lin = addModule("lin", new Linear(3, 2, Linear.Options.defaults(), g));
            @Override public Tensor forward(Tensor x) { return lin.forward(x).relu(); }
            @Override public Map<String, Object> config() { return Map.of(); }
            @Override public String typeName() { return "Custom"; }
        };
        List<ActivationProbe.LayerStats> one = ActivationProbe.run(custom, probe);
        assertEquals(1, one.size());
        assertEquals("output:Custom", one.get(0).name());
        assertFalse(one.get(0).isReLU());
    }

    @Test
    void frozenParametersAreSkippedAndOptionsAreChecked() {
        Tensor[] d = classification(1);
        Sequential model = heReluNet(Generator.seeded(2), Init.zeros());
        model.get(0).freeze();
        TrainingHealth health = new TrainingHealth();
        train(model, 0.1, new BinaryCrossEntropyWithLogits(), d[0], d[1], 1, health);
        assertFalse(health.series().containsKey("grad_norm/0.weight"));
        assertTrue(health.series().containsKey("grad_norm/2.weight"));

        var e = assertThrows(IllegalArgumentException.class, () -> TrainingHealth.Options.defaults().withEvery(0));
        assertEquals("TrainingHealth.Options: every must be at least 1 step, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainingHealth.Options.defaults().withUpdateRatioBand(1e-2, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> TrainingHealth.Options.defaults().withDeadFraction(1));
    }

    @Test
    void reportBeforeAnyRecordSaysSo() {
        assertTrue(new TrainingHealth().report().startsWith("Training health: nothing recorded yet"));
    }
}
