package ai.deepj.train;

import ai.deepj.data.Batch;
import ai.deepj.data.DataLoader;
import ai.deepj.data.Dataset;
import ai.deepj.nn.Module;
import ai.deepj.nn.loss.Loss;
import ai.deepj.nn.loss.Regularization;
import ai.deepj.optim.GradClip;
import ai.deepj.optim.LearningRateSchedule;
import ai.deepj.optim.Optimizer;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.Tensor;
import ai.deepj.train.metrics.Metric;
import ai.deepj.train.metrics.Metrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trains a model, Keras-{@code fit} style: mini-batches from a {@link DataLoader}, a loss (plus the
 * course's L2 term), an optimizer with an optional learning-rate schedule and gradient clipping,
 * metrics on the training batches and on a dev set after every epoch, callbacks, a progress bar,
 * checkpoints that resume bit-for-bit, and a {@link History}.
 *
 * {@snippet :
 * Generator g = Generator.seeded(0);
 * Sequential model = new Sequential(new Linear(2, 16, g), new ReLU(), new Linear(16, 3, g));
 * History h = Trainer.builder()
 *         .model(model)
 *         .loss(new CrossEntropy())
 *         .optimizer(Adam.of(model.parameters(), Adam.Options.defaults().withLr(0.01)))
 *         .train(new DataLoader(train, DataLoader.Options.batchSize(32).withShuffle(1)))
 *         .dev(dev)
 *         .epochs(20)
 *         .metrics(Metrics.accuracy())
 *         .callbacks(new EarlyStopping(EarlyStopping.Options.minimize("dev_loss").withPatience(3)))
 *         .checkpoints(Checkpointing.to(Path.of("runs/demo")))
 *         .build()
 *         .fit();
 * }
 *
 * <p><b>What is reported.</b> Each step's cost is the loss of the mini-batch plus, with {@link Builder#l2 L2}
 * λ > 0, the course's term {@code (λ/2b)·Σ‖W‖²} over the weights (rank ≥ 2 parameters) with {@code b} the
 * batch size ({@link Regularization#l2}); so the cost the course prints is the cost reported. Each epoch's
 * row holds {@code train_loss} (the mean of the step costs weighted by batch size, the course's
 * {@code cost_avg}), with L2 also {@code train_data_loss} (the same without the penalty), {@code train_<metric>}
 * over the training batches as they were trained on (training mode, as Keras), then with a dev set
 * {@code dev_loss} (the loss alone, comparable across λ) and {@code dev_<metric>} in evaluation mode without
 * gradients, and {@code lr}, the learning rate at the end of the epoch.
 *
 * <p><b>Resuming.</b> With {@link Builder#resumeFrom}, {@link #fit()} first restores a checkpoint (see
 * {@link Checkpoint}) into the model and optimizer given, which must be built the same way, and continues
 * from the checkpoint's epoch and batch. The final weights are bit-identical to those of an uninterrupted
 * run with the same settings and thread count ({@code deepj.threads}). Hyperparameters can be changed on
 * resuming ({@link Builder#resumeWith}: the course's "babysitting" of one model); every change is an event
 * in the history.
 *
 * <p><b>Non-finite costs.</b> By default a NaN or infinite cost stops training before the update, keeping
 * the last finite weights, with the reason in the history.
 */
public final class Trainer {
    /** What a learning-rate schedule's {@code t} counts. */
    public enum ScheduleUnit {
        /** The schedule is applied at the start of every epoch with {@code t} = the epoch (0-based). */
        EPOCH,
        /** The schedule is applied before every step with {@code t} = the steps taken so far. */
        STEP
    }

    enum Clip { NONE, VALUE, NORM }

    final Module model;
    final Loss loss;
    final Optimizer optimizer;
    final DataLoader train;
    final Dataset dev;
    final int epochs;
    final double l2;
    final Clip clip;
    final double clipAt;
    final LearningRateSchedule schedule;
    final ScheduleUnit scheduleUnit;
    final List<Metric> metrics;
    final List<Callback> callbacks;
    final Progress progress;
    final Checkpointing checkpointing;
    final Path resumeFrom;
    final Map<String, Double> resumeWith;
    final Path historyDir;
    final int evalBatchSize;
    final String dataName;
    final DatasetIdentity dataIdentity;
    final boolean stopOnNonFinite;
    private boolean ran;

    private Trainer(Builder b) {
        model = b.model;
        loss = b.loss;
        optimizer = b.optimizer;
        train = b.train;
        dev = b.dev;
        epochs = b.epochs;
        l2 = b.l2;
        clip = b.clip;
        clipAt = b.clipAt;
        schedule = b.schedule;
        scheduleUnit = b.scheduleUnit;
        metrics = List.copyOf(b.metrics);
        callbacks = List.copyOf(b.callbacks);
        progress = b.progress;
        checkpointing = b.checkpointing;
        resumeFrom = b.resumeFrom;
        resumeWith = Collections.unmodifiableMap(new LinkedHashMap<>(b.resumeWith));
        historyDir = b.historyDir;
        evalBatchSize = b.evalBatchSize > 0 ? b.evalBatchSize : train.options().batchSize();
        dataName = b.dataName;
        dataIdentity = b.dataIdentity;
        stopOnNonFinite = b.stopOnNonFinite;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains: the epochs from the start (or from the checkpoint given to {@link Builder#resumeFrom}) to
     * {@link Builder#epochs}, or until a stop is requested. Callable once per trainer.
     *
     * @return the history, also available to callbacks as it grows
     * @throws java.io.UncheckedIOException if a checkpoint or history file cannot be written or read
     */
    public History fit() {
        if (ran) throw new IllegalStateException("Trainer.fit: this trainer has run already; build another (resumeFrom a checkpoint to go on)");
        ran = true;
        Run run = new Run(this);
        run.begin();                                           // fresh start, or restore the checkpoint; onTrainBegin
        while (run.epoch() < epochs && !run.stopRequested()) {
            run.beginEpoch();                                  // lr per epoch, training mode, onEpochBegin
            try (DataLoader.Epoch batches = train.epoch(run.epoch(), run.nextBatch())) {
                for (Batch b : batches) {
                    run.beginStep();                           // lr per step
                    Tensor out = model.forward(b.x());
                    Tensor dataCost = loss.compute(out, b.y());
                    Tensor cost = l2 > 0 ? dataCost.add(Regularization.l2(model, l2, b.size())) : dataCost;
                    if (!run.isFinite(cost)) break;            // diverged: stop before the update
                    cost.backward();
                    run.afterBackward();                       // callbacks see the raw gradients
                    clipGradients();
                    optimizer.step();
                    run.endStep(b, out, dataCost, cost);       // count, metrics, history, onBatchEnd
                    model.zeroGrad();
                    run.checkpointIfDue();
                    if (run.stopRequested()) break;
                }
            }
            run.endEpoch(dev == null ? Map.of() : evaluate(dev));   // epoch row, onEpochEnd, checkpoint
        }
        return run.end();                                      // final checkpoint, onTrainEnd
    }

    private void clipGradients() {
        switch (clip) {
            case VALUE -> GradClip.byValue(model.parameters(), clipAt);
            case NORM -> GradClip.byNorm(model.parameters(), clipAt);
            case NONE -> {}
        }
    }

    /**
     * The loss (without regularization) and every metric over {@code data}, in evaluation mode without
     * gradients, in batches of the evaluation batch size; keys {@code loss} and the metrics' names. The
     * model is back in training mode afterwards.
     */
    public Map<String, Double> evaluate(Dataset data) {
        Metric.Accumulator lossAcc = Metrics.loss("loss", loss).newAccumulator();
        List<Metric.Accumulator> accs = new ArrayList<>();
        for (Metric m : metrics) accs.add(m.newAccumulator());
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var s = Autograd.noGrad(); DataLoader.Epoch batches = DataLoader.of(data, evalBatchSize).epoch(0)) {
            for (Batch b : batches) {
                Tensor out = model.forward(b.x());
                lossAcc.add(out, b.y());
                for (Metric.Accumulator a : accs) a.add(out, b.y());
            }
        } finally {
            model.train(wasTraining);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("loss", lossAcc.value());
        for (int i = 0; i < metrics.size(); i++) out.put(metrics.get(i).name(), accs.get(i).value());
        return out;
    }

    /** The model. */
    public Module model() {
        return model;
    }

    /** The optimizer. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The training data loader. */
    public DataLoader trainLoader() {
        return train;
    }

    /** The metrics, in order. */
    public List<Metric> metrics() {
        return metrics;
    }

    /**
     * Collects the parts of a {@link Trainer}. Required: {@link #model}, {@link #loss}, {@link #optimizer},
     * {@link #train}, {@link #epochs}. Everything else has a default: no dev set, no L2, no clipping, the
     * optimizer's own learning rate, no metrics but the loss, no callbacks, a progress display on
     * {@code System.out} ({@link Progress#auto}), no checkpoints.
     */
    public static final class Builder {
        private Module model;
        private Loss loss;
        private Optimizer optimizer;
        private DataLoader train;
        private Dataset dev;
        private int epochs;
        private double l2;
        private Clip clip = Clip.NONE;
        private double clipAt;
        private LearningRateSchedule schedule;
        private ScheduleUnit scheduleUnit;
        private final List<Metric> metrics = new ArrayList<>();
        private final List<Callback> callbacks = new ArrayList<>();
        private Progress progress = Progress.auto(System.out);
        private Checkpointing checkpointing;
        private Path resumeFrom;
        private final Map<String, Double> resumeWith = new LinkedHashMap<>();
        private Path historyDir;
        private int evalBatchSize;
        private String dataName;
        private DatasetIdentity dataIdentity;
        private boolean stopOnNonFinite = true;

        private Builder() {}

        /** The model to train. */
        public Builder model(Module model) {
            this.model = model;
            return this;
        }

        /** The data loss, e.g. {@code new CrossEntropy()}; its value must be a mean over the batch (a scalar). */
        public Builder loss(Loss loss) {
            this.loss = loss;
            return this;
        }

        /** The optimizer, built over (some of) the model's parameters. */
        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** The training batches. */
        public Builder train(DataLoader loader) {
            this.train = loader;
            return this;
        }

        /** The training batches of {@code data} cut as {@code options} say. */
        public Builder train(Dataset data, DataLoader.Options options) {
            return train(new DataLoader(data, options));
        }

        /** A dev (validation) set, evaluated after every epoch. */
        public Builder dev(Dataset dev) {
            this.dev = dev;
            return this;
        }

        /** The number of epochs to train in all (a resumed run trains up to this many, counting the ones done). */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** The course's L2 regularization with {@code λ = lambda} (0: none); the cost term is included in the reported cost. */
        public Builder l2(double lambda) {
            if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new IllegalArgumentException("Trainer: l2 lambda must be finite and >= 0, got " + lambda);
            this.l2 = lambda;
            return this;
        }

        /** Clips every gradient element to {@code [−value, value]} before each step ({@link GradClip#byValue}). */
        public Builder clipByValue(double value) {
            if (!(value > 0)) throw new IllegalArgumentException("Trainer: clipByValue needs a value > 0, got " + value);
            clip = Clip.VALUE;
            clipAt = value;
            return this;
        }

        /** Scales the gradients so that their global L2 norm is at most {@code maxNorm} ({@link GradClip#byNorm}). */
        public Builder clipByNorm(double maxNorm) {
            if (!(maxNorm > 0)) throw new IllegalArgumentException("Trainer: clipByNorm needs a maxNorm > 0, got " + maxNorm);
            clip = Clip.NORM;
            clipAt = maxNorm;
            return this;
        }

        /** Sets the learning rate from {@code schedule}, per epoch or per step. */
        public Builder schedule(LearningRateSchedule schedule, ScheduleUnit unit) {
            if (schedule == null || unit == null) throw new IllegalArgumentException("Trainer: schedule and unit must not be null");
            this.schedule = schedule;
            this.scheduleUnit = unit;
            return this;
        }

        /** Metrics to compute on the training batches and the dev set (added to any given before). */
        public Builder metrics(Metric... metrics) {
            this.metrics.addAll(List.of(metrics));
            return this;
        }

        /** Callbacks, called in the order given (added to any given before). */
        public Builder callbacks(Callback... callbacks) {
            this.callbacks.addAll(List.of(callbacks));
            return this;
        }

        /** Where progress goes; null or {@link #quiet()} for none. Default {@link Progress#auto}{@code (System.out)}. */
        public Builder progress(Progress progress) {
            this.progress = progress;
            return this;
        }

        /** No progress display. */
        public Builder quiet() {
            return progress(null);
        }

        /** Writes checkpoints as {@code checkpointing} says. */
        public Builder checkpoints(Checkpointing checkpointing) {
            this.checkpointing = checkpointing;
            return this;
        }

        /**
         * Continues from a checkpoint: a checkpoint directory, or a checkpoints directory (its latest). The
         * model and optimizer given must be built as the checkpointed run built them; their values are
         * replaced by the checkpoint's.
         */
        public Builder resumeFrom(Path checkpoint) {
            this.resumeFrom = checkpoint;
            return this;
        }

        /**
         * On resuming, sets optimizer hyperparameter {@code name} (e.g. {@code lr}) to {@code value} in every
         * group instead of the checkpoint's value; recorded as a {@link History#HYPERPARAMETER} event.
         */
        public Builder resumeWith(String name, double value) {
            resumeWith.put(name, value);
            return this;
        }

        /** Writes {@link History#write} files into {@code dir} after every epoch and at the end. */
        public Builder historyTo(Path dir) {
            this.historyDir = dir;
            return this;
        }

        /** The batch size for evaluating the dev set; default the training batch size. */
        public Builder evalBatchSize(int n) {
            if (n < 1) throw new IllegalArgumentException("Trainer: evalBatchSize must be >= 1, got " + n);
            this.evalBatchSize = n;
            return this;
        }

        /** The training data's name in provenance records (its fingerprint is computed from the data). */
        public Builder dataName(String name) {
            this.dataName = name;
            return this;
        }

        /** The training data's identity, when computed otherwise (e.g. {@link DatasetIdentity#ofFiles}). */
        public Builder dataIdentity(DatasetIdentity identity) {
            this.dataIdentity = identity;
            return this;
        }

        /** Whether a NaN or infinite cost stops training (default true); if false, training goes on with it. */
        public Builder stopOnNonFiniteCost(boolean stop) {
            this.stopOnNonFinite = stop;
            return this;
        }

        /** The trainer; checks that the parts fit together. */
        public Trainer build() {
            if (model == null || loss == null || optimizer == null || train == null) {
                throw new IllegalArgumentException("Trainer: model, loss, optimizer and train loader are required; missing "
                        + (model == null ? "model " : "") + (loss == null ? "loss " : "") + (optimizer == null ? "optimizer " : "")
                        + (train == null ? "train" : "").trim());
            }
            if (epochs < 1) throw new IllegalArgumentException("Trainer: epochs must be >= 1, got " + epochs);
            Set<Tensor> params = Collections.newSetFromMap(new IdentityHashMap<>());
            params.addAll(model.parameters());
            for (Optimizer.ParamGroup g : optimizer.groups()) {
                for (Tensor p : g.params()) {
                    if (!params.contains(p)) {
                        throw new IllegalArgumentException("Trainer: the optimizer updates a " + p.shape() + " tensor that is not a parameter"
                                + " of the model (built over another model's parameters?)");
                    }
                }
            }
            List<String> names = new ArrayList<>();
            for (Metric m : metrics) {
                if (m.name().equals("loss") || m.name().equals("data_loss") || names.contains(m.name())) {
                    throw new IllegalArgumentException("Trainer: metric name '" + m.name() + "' is " + (names.contains(m.name())
                            ? "given twice" : "reserved for the trainer's own loss"));
                }
                names.add(m.name());
            }
            if (!resumeWith.isEmpty() && resumeFrom == null) {
                throw new IllegalArgumentException("Trainer: resumeWith " + resumeWith + " needs resumeFrom (a checkpoint to resume)");
            }
            for (String h : resumeWith.keySet()) {
                if (!optimizer.groups().get(0).hyperparameters().containsKey(h)) {
                    throw new IllegalArgumentException("Trainer: resumeWith: " + optimizer.typeName() + " has no hyperparameter '" + h + "'; it has "
                            + optimizer.groups().get(0).hyperparameters().keySet());
                }
            }
            if (resumeWith.containsKey("lr") && schedule != null) {
                throw new IllegalArgumentException("Trainer: resumeWith(\"lr\", ...) would be overwritten by the learning-rate schedule;"
                        + " give a new schedule instead");
            }
            if (l2 > 0 && Regularization.weights(model).isEmpty()) {
                throw new IllegalArgumentException("Trainer: l2 " + l2 + " but the model has no weights of rank >= 2 to regularize");
            }
            return new Trainer(this);
        }
    }
}
