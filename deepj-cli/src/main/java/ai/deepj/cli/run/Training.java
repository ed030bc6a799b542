package ai.deepj.cli.run;

import ai.deepj.advise.TrainingHealth;
import ai.deepj.cli.build.Augmentations;
import ai.deepj.cli.build.ModelBuilder;
import ai.deepj.cli.build.Optimizers;
import ai.deepj.cli.build.PreparedData;
import ai.deepj.cli.config.ConfigException;
import ai.deepj.cli.config.LossSpec;
import ai.deepj.cli.config.RunSpec;
import ai.deepj.data.DataLoader;
import ai.deepj.data.Dataset;
import ai.deepj.data.augment.AugmentedDataset;
import ai.deepj.nn.Module;
import ai.deepj.nn.io.ModelIO;
import ai.deepj.nn.loss.Loss;
import ai.deepj.optim.Optimizer;
import ai.deepj.plot.ConfusionMatrixPlot;
import ai.deepj.plot.LearningCurves;
import ai.deepj.tensor.Generator;
import ai.deepj.train.Callback;
import ai.deepj.train.Checkpointing;
import ai.deepj.train.History;
import ai.deepj.train.Progress;
import ai.deepj.train.Trainer;
import ai.deepj.train.callbacks.EarlyStopping;
import ai.deepj.train.metrics.BinaryOutput;
import ai.deepj.train.metrics.Metric;
import ai.deepj.train.metrics.Metrics;
import ai.deepj.train.tensorboard.SummaryWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains what a {@link RunSpec} describes on prepared data, Keras-{@code fit} style, and (given a
 * run folder) writes everything {@link RunDir} lists. Used by {@code deepj train} (with a folder and
 * a progress bar) and by {@code deepj search} (one quiet call per trial, no folder).
 */
public final class Training {
    private Training() {}

    /**
     * How to run.
     *
     * @param dir      the run folder, or null to write nothing (search trials)
     * @param resume   continue from the folder's latest checkpoint
     * @param progress the progress display, or null for none
     */
    public record Options(RunDir dir, boolean resume, Progress progress) {}

    /**
     * What came out.
     *
     * @param model       the trained model (best weights if early stopping restored them), in evaluation mode
     * @param history     the epochs, steps and events
     * @param evaluations final scores by set: train, dev, test, train-dev (those that exist)
     * @param record      the run record (also in run.json when there is a folder)
     * @param seconds     wall time of the training loop
     * @param written     files written into the folder, in order
     */
    public record Result(Module model, History history, Map<String, Evaluation> evaluations, RunRecord record, double seconds,
            List<Path> written) {}

    /**
     * What a run will train, built and checked before anything is written: the model (sized for the
     * data), the loss and optimizer for it, the training batches and the metrics.
     *
     * @param probabilities for binary cross-entropy, whether the model's output is a probability
     */
    public record Plan(RunSpec spec, PreparedData data, Module model, boolean probabilities, Loss loss, Optimizer optimizer,
            DataLoader loader, List<Metric> metrics) {}

    /**
     * Builds the model and everything that trains it.
     *
     * @throws ConfigException if a layer does not fit its input, the output does not fit the loss and data, or early
     *                         stopping monitors a value the run does not report
     */
    public static Plan plan(RunSpec spec, PreparedData data) throws IOException {
        Generator gen = Generator.seeded(spec.seed());
        Module model = ModelBuilder.build(spec.model(), data.inputShape(), spec.data(), data.train().x(), ModelBuilder.outputs(data), gen);
        boolean probabilities = ModelBuilder.checkOutput(model, spec.model(), spec.loss(), data);
        Loss loss = Optimizers.loss(spec.loss(), probabilities);
        Optimizer optimizer = Optimizers.optimizer(spec.optimizer(), model.parameters());
        DataLoader.Options loaderOptions = DataLoader.Options.batchSize(spec.batchSize());
        loaderOptions = spec.shuffle() ? loaderOptions.withShuffle(spec.seed()) : loaderOptions.withoutShuffle();
        Dataset train = data.train();
        if (spec.augment().isPresent()) {
            // Only the training batches are augmented: the final evaluation, the dev set and the health probe see the images as they are.
            train = new AugmentedDataset(data.train(), Augmentations.transform(spec.augment().get(), data.train().x()), spec.seed());
        }
        DataLoader loader = new DataLoader(train, loaderOptions);
        List<Metric> metrics = metrics(spec, probabilities);
        checkMonitor(spec, data, metrics);
        return new Plan(spec, data, model, probabilities, loss, optimizer, loader, metrics);
    }

    /** {@link #plan} then {@link #run(Plan, String, Options)}. */
    public static Result run(RunSpec spec, PreparedData data, String imageLayout, Options o) throws IOException {
        return run(plan(spec, data), imageLayout, o);
    }

    /** Trains the plan, evaluates the model on every set, and (given a folder) writes the outputs. */
    public static Result run(Plan plan, String imageLayout, Options o) throws IOException {
        RunSpec spec = plan.spec();
        PreparedData data = plan.data();
        Module model = plan.model();
        boolean probabilities = plan.probabilities();
        Loss loss = plan.loss();
        Optimizer optimizer = plan.optimizer();
        DataLoader loader = plan.loader();
        List<Metric> metrics = plan.metrics();

        RunRecord record = new RunRecord(spec.name(), spec.loss().task(), spec.loss().name(), probabilities, data.classes(), data.inputShape(),
                imageLayout, data.description(), spec.seed(), data.csvEncoding(), csvHeader(spec), csvDelimiter(spec), Instant.now().toString());
        List<Path> written = new ArrayList<>();
        RunDir dir = o.dir();

        Trainer.Builder b = Trainer.builder().model(model).loss(loss).optimizer(optimizer).train(loader).epochs(spec.epochs()).l2(spec.l2())
                .metrics(metrics.toArray(Metric[]::new)).evalBatchSize(spec.evalBatchSize()).dataName(data.description());
        if (data.dev() != null) b.dev(data.dev());
        spec.clip().ifPresent(c -> {
            if (c.byNorm()) b.clipByNorm(c.at());
            else b.clipByValue(c.at());
        });
        spec.schedule().ifPresent(s -> b.schedule(Optimizers.schedule(s, spec.optimizer().lr(), s.perStep() ? spec.epochs() * loader.batchesPerEpoch()
                : spec.epochs()), s.perStep() ? Trainer.ScheduleUnit.STEP : Trainer.ScheduleUnit.EPOCH));
        if (o.progress() != null && spec.progressEvery() > 1) {
            b.progress(null).callbacks(new SparseProgress(o.progress(), spec.progressEvery()));
        } else {
            b.progress(o.progress());
        }
        spec.earlyStopping().ifPresent(e -> b.callbacks(new EarlyStopping((e.maximize() ? EarlyStopping.Options.maximize(e.monitor())
                : EarlyStopping.Options.minimize(e.monitor())).withPatience(e.patience()).withMinDelta(e.minDelta())
                .withRestoreBestWeights(e.restoreBest()))));
        TrainingHealth health = null;
        if (spec.diagnose()) {
            var probeSource = data.dev() != null ? data.dev() : data.train();
            int n = Math.min(256, probeSource.size());
            health = new TrainingHealth(TrainingHealth.Options.defaults().withEvery(spec.healthEvery()).withProbe(probeSource.x().narrow(0, 0, n)));
            b.callbacks(health);
        }
        if (dir != null) {
            record.write(dir);
            written.add(dir.record());
            b.historyTo(dir.dir());
            spec.checkpoint().ifPresent(c -> b.checkpoints(new Checkpointing(dir.checkpoints(), c.everySteps(), c.everyEpochs(), c.keepLast())));
            if (o.resume()) b.resumeFrom(dir.checkpoints());
            if (spec.tensorboard()) {
                SummaryWriter tb = new SummaryWriter(dir.dir());
                b.callbacks(new TensorBoardLog(tb, 10));
                written.add(tb.file());
            }
        }
        Trainer trainer;
        try {
            trainer = b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(spec.tree().where(), e.getMessage(), e);
        }
        long start = System.nanoTime();
        History history = trainer.fit();
        double seconds = (System.nanoTime() - start) / 1e9;
        model.eval();

        Map<String, Evaluation> evals = new LinkedHashMap<>();
        int bs = spec.evalBatchSize();
        LossSpec.Task task = spec.loss().task();
        evals.put("train", Evaluation.of("train", model, loss, data.train(), task, probabilities, bs));
        if (data.dev() != null) evals.put("dev", Evaluation.of("dev", model, loss, data.dev(), task, probabilities, bs));
        if (data.test() != null) evals.put("test", Evaluation.of("test", model, loss, data.test(), task, probabilities, bs));
        if (data.trainDev() != null) evals.put("train-dev", Evaluation.of("train-dev", model, loss, data.trainDev(), task, probabilities, bs));

        if (dir != null) {
            written.add(dir.config());
            if (spec.checkpoint().isPresent()) written.add(dir.checkpoints());
            ModelIO.save(model, optimizer, dir.model());
            written.add(dir.model());
            for (String f : List.of(History.CSV, History.JSON, History.STEPS_CSV)) written.add(dir.dir().resolve(f));
            writeMetrics(dir, evals, history, seconds);
            written.add(dir.metrics());
            if (!history.epochs().isEmpty()) {
                Map<String, double[]> curves = new LinkedHashMap<>();
                for (String name : history.metricNames()) curves.put(name, history.metric(name));
                LearningCurves.write(dir.learningCurves(), curves);
                written.add(dir.learningCurves());
            }
            Evaluation shown = evals.containsKey("test") ? evals.get("test") : evals.get("dev");
            if (shown != null && shown.confusion() != null) {
                ConfusionMatrixPlot.of(shown.confusion().counts()).withClassNames(data.classes())
                        .withTitle(spec.name() + ": " + shown.name() + " set")
                        .write(dir.confusionMatrix());
                written.add(dir.confusionMatrix());
            }
            if (health != null) written.addAll(HealthOutputs.write(health, dir));
        }
        return new Result(model, history, evals, record, seconds, written);
    }

    private static void writeMetrics(RunDir dir, Map<String, Evaluation> evals, History history, double seconds) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        for (var e : evals.entrySet()) m.put(e.getKey(), e.getValue().toMap());
        m.put("epochs", history.epochs().size());
        m.put("seconds", seconds);
        List<History.Event> stops = history.events(History.STOP);
        if (!stops.isEmpty()) m.put("stopped", stops.getLast().message());
        RunDir.writeText(dir.metrics(), RunDir.GSON.toJson(m) + "\n");
    }

    /** The trainer's metrics for the config's names. */
    static List<Metric> metrics(RunSpec spec, boolean probabilities) {
        List<Metric> out = new ArrayList<>();
        BinaryOutput binary = probabilities ? BinaryOutput.PROBABILITIES : BinaryOutput.LOGITS;
        boolean isBinary = spec.loss().task() == LossSpec.Task.BINARY;
        for (String name : spec.metrics()) {
            out.add(switch (name) {
                case "accuracy" -> isBinary ? Metrics.accuracy(binary) : Metrics.accuracy();
                case "precision" -> Metrics.precision(binary);
                case "recall" -> Metrics.recall(binary);
                case "f1" -> Metrics.f1(binary);
                case "macro_precision" -> Metrics.macroPrecision();
                case "macro_recall" -> Metrics.macroRecall();
                case "macro_f1" -> Metrics.macroF1();
                default -> throw new IllegalStateException(name);
            });
        }
        return out;
    }

    private static void checkMonitor(RunSpec spec, PreparedData data, List<Metric> metrics) {
        if (spec.earlyStopping().isEmpty()) return;
        RunSpec.EarlyStop e = spec.earlyStopping().get();
        List<String> names = new ArrayList<>(List.of("train_loss", "lr"));
        if (spec.l2() > 0) names.add("train_data_loss");
        for (Metric m : metrics) names.add("train_" + m.name());
        if (data.dev() != null) {
            names.add("dev_loss");
            for (Metric m : metrics) names.add("dev_" + m.name());
        }
        if (!names.contains(e.monitor())) {
            throw new ConfigException(e.where(), "early_stopping monitors '" + e.monitor() + "', which the run does not report (it reports "
                    + String.join(", ", names) + ")");
        }
    }

    private static boolean csvHeader(RunSpec spec) {
        return !(spec.data().source() instanceof ai.deepj.cli.config.DataSpec.CsvFile c) || c.header();
    }

    private static char csvDelimiter(RunSpec spec) {
        return spec.data().source() instanceof ai.deepj.cli.config.DataSpec.CsvFile c ? c.delimiter() : ',';
    }

    /** How images are laid out in the inputs, for predicting on image files: chw, hwc or none. */
    public static String imageLayout(RunSpec spec, int[] inputShape) {
        if (spec.data().source() instanceof ai.deepj.cli.config.DataSpec.Named n && n.name().equals("catvnoncat")) return "hwc";
        if (inputShape.length == 3 && (inputShape[0] == 1 || inputShape[0] == 3)) return "chw";
        return "none";
    }
}
