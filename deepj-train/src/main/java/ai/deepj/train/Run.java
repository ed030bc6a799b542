package ai.deepj.train;

import ai.deepj.data.Batch;
import ai.deepj.nn.Module;
import ai.deepj.nn.io.ModelIO;
import ai.deepj.optim.Optimizer;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import ai.deepj.train.metrics.Metric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One call of {@link Trainer#fit()}: the counters, the epoch's running sums, the history, and the
 * callbacks; what {@link Callback}s see as the {@link TrainState}. Restoring and writing checkpoints
 * is in {@link Resume} and {@link #saveCheckpoint}.
 */
final class Run implements TrainState {
    final Trainer t;
    History history = new History();
    final List<Callback> callbacks = new ArrayList<>();
    final List<String> callbackKeys = new ArrayList<>();
    final List<Metric.Accumulator> accs = new ArrayList<>();
    private final CheckpointStore store;
    private Map<String, Object> config;
    private Provenance provenanceBase;

    int epoch;
    int nextBatch;
    private int currentBatch;
    long step;
    double costSum, dataCostSum;
    long examples;
    private String stopReason;
    private boolean checkpointRequested;
    Checkpoint.Position lastSaved;

    Run(Trainer t) {
        this.t = t;
        if (t.progress != null) callbacks.add(t.progress);   // first, so its epoch line precedes other callbacks' events
        callbacks.addAll(t.callbacks);
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Callback c : callbacks) {
            String base = c.getClass().getSimpleName().isEmpty() ? "Callback" : c.getClass().getSimpleName();
            int n = seen.merge(base, 1, Integer::sum);
            callbackKeys.add(n == 1 ? base : base + "#" + (n - 1));
        }
        for (Metric m : t.metrics) accs.add(m.newAccumulator());
        store = t.checkpointing == null ? null : new CheckpointStore(t.checkpointing.dir(), t.checkpointing.keepLast());
    }

    // ------------------------------------------------------------------ the loop's steps

    void begin() {
        config = TrainConfig.of(t);
        if (t.resumeFrom != null) {
            Resume.restore(this, t.resumeFrom);
        } else {
            recordEvent(History.START, String.format(Locale.ROOT, "training %d epochs of %d batches (%d examples, batch size %d)", t.epochs,
                    t.train.batchesPerEpoch(), t.train.dataset().size(), t.train.options().batchSize()), Map.of());
        }
        if (t.schedule != null && t.scheduleUnit == Trainer.ScheduleUnit.EPOCH && epoch < t.epochs) t.schedule.applyTo(t.optimizer, epoch);
        for (Callback c : callbacks) c.onTrainBegin(this);
    }

    void beginEpoch() {
        if (t.schedule != null && t.scheduleUnit == Trainer.ScheduleUnit.EPOCH) t.schedule.applyTo(t.optimizer, epoch);
        t.model.train();
        currentBatch = nextBatch;
        for (Callback c : callbacks) c.onEpochBegin(this);
    }

    void beginStep() {
        currentBatch = nextBatch;
        if (t.schedule != null && t.scheduleUnit == Trainer.ScheduleUnit.STEP) {
            if (step > Integer.MAX_VALUE) throw new IllegalStateException("Trainer: a per-step schedule cannot go past step " + Integer.MAX_VALUE);
            t.schedule.applyTo(t.optimizer, (int) step);
        }
    }

    /** False (and a stop requested) if the cost is NaN or infinite and the trainer stops on that. */
    boolean isFinite(Tensor cost) {
        if (cost.numel() != 1) {
            throw new IllegalArgumentException("Trainer: the loss gave a " + cost.shape() + " tensor, not a scalar; use a loss with"
                    + " Reduction.MEAN (the course's cost is the mean over the batch)");
        }
        double c = cost.item();
        if (Double.isFinite(c) || !t.stopOnNonFinite) return true;
        requestStop(String.format(Locale.ROOT, "the cost is %s at epoch %d, batch %d (step %d): training diverged; the weights are those"
                + " before this step (try a lower learning rate, gradient clipping, or check the data and the loss)", c, epoch, currentBatch,
                step + 1));
        return false;
    }

    void afterBackward() {
        for (Callback c : callbacks) c.afterBackward(this);
    }

    void endStep(Batch b, Tensor out, Tensor dataCost, Tensor cost) {
        step++;
        double c = cost.item(), dc = dataCost.item();
        int n = b.size();
        costSum += c * n;
        dataCostSum += dc * n;
        examples += n;
        try (var s = Autograd.noGrad()) {
            Tensor predictions = out.detach();
            for (Metric.Accumulator a : accs) a.add(predictions, b.y());
        }
        history.addStep(new History.Step(step, epoch, currentBatch, c));
        for (Callback cb : callbacks) cb.onBatchEnd(this, c);
        nextBatch = currentBatch + 1;
    }

    void checkpointIfDue() {
        if (store == null) {
            checkpointRequested = false;
            return;
        }
        int every = t.checkpointing.everySteps();
        if (checkpointRequested || (every > 0 && step % every == 0)) saveCheckpoint();
    }

    void endEpoch(Map<String, Double> devMetrics) {
        Map<String, Double> row = new LinkedHashMap<>();
        Map<String, Double> train = running();
        row.put("train_loss", train.remove("loss"));
        if (t.l2 > 0) row.put("train_data_loss", examples == 0 ? Double.NaN : dataCostSum / examples);
        row.putAll(prefixed("train_", train));
        row.putAll(prefixed("dev_", devMetrics));
        row.put("lr", t.optimizer.learningRate());
        History.Epoch e = new History.Epoch(epoch, step, row);
        history.addEpoch(e);
        for (Callback c : callbacks) c.onEpochEnd(this, e.metrics());
        epoch++;
        nextBatch = 0;
        currentBatch = 0;
        resetRunning();
        writeHistoryFiles();
        int every = t.checkpointing == null ? 0 : t.checkpointing.everyEpochs();
        if (store != null && (checkpointRequested || (every > 0 && epoch % every == 0))) saveCheckpoint();
    }

    History end() {
        if (store != null && !position().equals(lastSaved)) saveCheckpoint();
        for (Callback c : callbacks) c.onTrainEnd(this);
        String how = stopReason != null ? "stopped: " + stopReason : "finished " + t.epochs + " epochs";
        recordEvent(History.END, how + String.format(Locale.ROOT, " (epoch %d, step %d)", epoch, step), Map.of());
        writeHistoryFiles();
        return history;
    }

    // ------------------------------------------------------------------ running values

    /** This epoch's values so far: {@code loss} and the metrics. */
    Map<String, Double> running() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", examples == 0 ? Double.NaN : costSum / examples);
        for (int i = 0; i < accs.size(); i++) m.put(t.metrics.get(i).name(), accs.get(i).value());
        return m;
    }

    private void resetRunning() {
        costSum = 0;
        dataCostSum = 0;
        examples = 0;
        accs.clear();
        for (Metric m : t.metrics) accs.add(m.newAccumulator());
    }

    private static Map<String, Double> prefixed(String prefix, Map<String, Double> values) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (var e : values.entrySet()) out.put(prefix + e.getKey(), e.getValue());
        return out;
    }

    Checkpoint.Position position() {
        return new Checkpoint.Position(epoch, nextBatch, step);
    }

    Map<String, Object> config() {
        return config;
    }

    private void writeHistoryFiles() {
        if (t.historyDir == null) return;
        try {
            history.write(t.historyDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Trainer: cannot write the history into " + t.historyDir + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ checkpoints

    /** The provenance record, with the data fingerprints computed once per run. */
    Provenance provenance() {
        if (provenanceBase == null) {
            DatasetIdentity train = t.dataIdentity != null ? t.dataIdentity
                    : DatasetIdentity.of(t.dataName != null ? t.dataName : "train", t.train.dataset());
            DatasetIdentity dev = t.dev == null ? null : DatasetIdentity.of("dev", t.dev);
            provenanceBase = Provenance.current(train, dev);
        }
        Provenance p = provenanceBase;
        return new Provenance(p.deepj(), p.java(), p.javaVendor(), p.os(), p.arch(), p.host(), Instant.now().toString(), p.train(), p.dev());
    }

    void saveCheckpoint() {
        checkpointRequested = false;
        Checkpoint.Position pos = position();
        Map<String, Long> rngs = new LinkedHashMap<>();
        Generators.states(t.model, rngs);
        List<String> grads = new ArrayList<>();
        for (var e : t.model.namedParameters().entrySet()) if (e.getValue().grad() != null) grads.add(e.getKey());
        Map<String, double[]> metricStates = new LinkedHashMap<>();
        for (int i = 0; i < accs.size(); i++) metricStates.put(t.metrics.get(i).name(), accs.get(i).state());
        Map<String, CallbackState> cbStates = new LinkedHashMap<>();
        for (int i = 0; i < callbacks.size(); i++) {
            CallbackState s = callbacks.get(i).checkpointState();
            if (s != null) cbStates.put(callbackKeys.get(i), s);
        }
        Checkpoint cp = new Checkpoint(pos, config, provenance(), Generator.global().state(), rngs, grads,
                new double[] {costSum, dataCostSum, examples}, metricStates, cbStates, history);
        Path dir;
        try {
            dir = store.write(CheckpointStore.name(pos), tmp -> {
                ModelIO.save(t.model, t.optimizer, tmp);
                cp.writeInto(tmp);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Trainer: cannot write a checkpoint into " + t.checkpointing.dir() + " at " + pos + ": "
                    + e.getMessage(), e);
        }
        lastSaved = pos;
        recordEvent(History.CHECKPOINT, "checkpoint " + dir.getFileName() + " at " + pos, Map.of("path", dir.toString()));
    }

    // ------------------------------------------------------------------ TrainState

    @Override
    public Module model() {
        return t.model;
    }

    @Override
    public Optimizer optimizer() {
        return t.optimizer;
    }

    @Override
    public int epoch() {
        return epoch;
    }

    @Override
    public long step() {
        return step;
    }

    @Override
    public int batchInEpoch() {
        return currentBatch;
    }

    /** The batch the next step will train on. */
    int nextBatch() {
        return nextBatch;
    }

    @Override
    public int batchesPerEpoch() {
        return t.train.batchesPerEpoch();
    }

    @Override
    public void requestStop(String reason) {
        if (stopReason != null) return;
        stopReason = reason == null || reason.isBlank() ? "stop requested" : reason;
        recordEvent(History.STOP, stopReason, Map.of());
    }

    @Override
    public boolean stopRequested() {
        return stopReason != null;
    }

    @Override
    public int epochs() {
        return t.epochs;
    }

    @Override
    public double learningRate() {
        return t.optimizer.learningRate();
    }

    @Override
    public Map<String, Double> runningMetrics() {
        return running();
    }

    @Override
    public History history() {
        return history;
    }

    @Override
    public void setHyperparameter(String name, double value, String reason) {
        Map<String, Double> before = t.optimizer.groups().get(0).hyperparameters();
        if (!before.containsKey(name)) {
            throw new IllegalArgumentException("setHyperparameter: " + t.optimizer.typeName() + " has no hyperparameter '" + name + "'; it has "
                    + before.keySet());
        }
        double old = before.get(name);
        for (Optimizer.ParamGroup g : t.optimizer.groups()) g.set(name, value);
        Map<String, String> d = new LinkedHashMap<>();
        d.put("name", name);
        d.put("old", Double.toString(old));
        d.put("new", Double.toString(value));
        if (reason != null) d.put("reason", reason);
        recordEvent(History.HYPERPARAMETER, name + " " + old + " -> " + value + (reason == null ? "" : " (" + reason + ")"), d);
    }

    @Override
    public void recordEvent(String kind, String message, Map<String, String> details) {
        History.Event e = new History.Event(kind, epoch, step, Instant.now().toString(), message, details);
        history.addEvent(e);
        for (Callback c : callbacks) c.onEvent(this, e);
    }

    @Override
    public void requestCheckpoint() {
        if (store == null) throw new IllegalStateException("requestCheckpoint: the trainer has no checkpointing configured (Builder.checkpoints)");
        checkpointRequested = true;
    }
}
