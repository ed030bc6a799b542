package ai.deepj.cli.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A whole training config, checked: what {@code deepj train} reads. Every value that is wrong is
 * reported with its line before any data is loaded.
 *
 * <pre>
 * name: shapes-mlp            # the run's name (default: the file's name); the output folder is runs/NAME
 * seed: 1                     # one seed for the data, the initial weights, shuffling and dropout
 * data: {...}                 # see DataSpec
 * augment: [...]              # see AugmentSpec: random flips, crops, rotations of the training images
 * model: [...]                # see ModelSpec
 * loss: cross_entropy         # see LossSpec; default cross_entropy
 * optimizer: {name: adam, lr: 0.001}   # see OptimizerSpec
 * schedule: {name: cosine}    # see ScheduleSpec; default none (constant lr)
 * l2: 0.0                     # the course's L2 λ: cost + λ/(2m)·Σ‖W‖²
 * epochs: 10
 * batch_size: 128
 * shuffle: true               # reshuffle the training set every epoch
 * clip: {norm: 5}             # or {value: 1}: gradient clipping
 * early_stopping: {monitor: dev_loss, patience: 3, min_delta: 0, restore_best: true}
 * checkpoint: {every_epochs: 1, every_steps: 0, keep_last: 2}   # false: no checkpoints (and no --resume)
 * metrics: [accuracy, macro_f1]   # default [accuracy] for classification
 * diagnose: true              # record training health (gradient norms, update ratios, dead ReLUs)
 * health_every: 10            # with diagnose: record every so many steps
 * tensorboard: true           # write a TensorBoard event file
 * progress_every: 1           # print the line of every N-th epoch (for runs of thousands of short epochs)
 * eval_batch_size: 256        # examples per forward pass when evaluating
 * </pre>
 */
public record RunSpec(String name, long seed, DataSpec data, Optional<AugmentSpec> augment, ModelSpec model, LossSpec loss, OptimizerSpec optimizer,
        Optional<ScheduleSpec> schedule, double l2, int epochs, int batchSize, boolean shuffle, int evalBatchSize,
        Optional<EarlyStop> earlyStopping, Optional<Checkpoints> checkpoint, Optional<Clip> clip, List<String> metrics,
        boolean diagnose, int healthEvery, boolean tensorboard, int progressEvery, Optional<Node> search, Node tree) {

    /** Metric names for classification. */
    public static final List<String> METRICS = List.of("accuracy", "precision", "recall", "f1", "macro_precision", "macro_recall", "macro_f1");

    /** Early stopping on {@code monitor}, minimized when its name ends in {@code loss}, else maximized. */
    public record EarlyStop(String monitor, boolean maximize, int patience, double minDelta, boolean restoreBest, Location where) {}

    /** Checkpoints every so many epochs and/or steps, keeping the last few. */
    public record Checkpoints(int everyEpochs, int everySteps, int keepLast) {}

    /** Gradient clipping by global norm or by value. */
    public record Clip(boolean byNorm, double at) {}

    /** Checks {@code root} (the tree of a config file with its {@code --set} options applied); {@code file} names the run by default. */
    public static RunSpec parse(Node root, Path file) {
        Section s = Section.of(root, "the top level");
        String name = s.string("name", defaultName(file));
        if (!name.matches("[A-Za-z0-9._-]+")) throw s.error("name", "name must be letters, digits, '.', '_' or '-' (it names a folder), got '" + name + "'");
        long seed = s.longValue("seed", 1);
        DataSpec data = DataSpec.parse(Section.of(s.require("data"), "data"));
        Optional<AugmentSpec> augment = s.get("augment").map(AugmentSpec::parse).filter(a -> !a.steps().isEmpty());
        ModelSpec model = ModelSpec.parse(s.require("model"));
        LossSpec loss = s.get("loss").map(LossSpec::parse).orElse(LossSpec.crossEntropy(s.where()));
        OptimizerSpec optimizer = s.get("optimizer").map(OptimizerSpec::parse).orElseGet(() -> OptimizerSpec.parse(
                new Node.Scalar("adam", s.where())));
        Optional<ScheduleSpec> schedule = s.get("schedule").map(ScheduleSpec::parse);
        double l2 = s.nonNegative("l2", 0);
        int epochs = s.positiveInt("epochs", 10);
        int batchSize = s.positiveInt("batch_size", 32);
        boolean shuffle = s.bool("shuffle", true);
        int evalBatchSize = s.positiveInt("eval_batch_size", Math.max(batchSize, 256));
        Optional<EarlyStop> early = s.get("early_stopping").map(RunSpec::earlyStop);
        Optional<Checkpoints> checkpoint = checkpoints(s);
        Optional<Clip> clip = s.get("clip").map(RunSpec::clip);
        List<String> metrics = metrics(s, loss);
        boolean diagnose = s.bool("diagnose", false);
        int healthEvery = s.positiveInt("health_every", 10);
        boolean tensorboard = s.bool("tensorboard", true);
        int progressEvery = s.positiveInt("progress_every", 1);
        Optional<Node> search = s.get("search");
        s.done();
        if (early.isPresent() && data.dev() instanceof DataSpec.NoPart && early.get().monitor().startsWith("dev_")) {
            throw new ConfigException(early.get().where(), "early_stopping monitors " + early.get().monitor() + " but the data has no dev set"
                    + " (give data: dev: ...)");
        }
        return new RunSpec(name, seed, data, augment, model, loss, optimizer, schedule, l2, epochs, batchSize, shuffle, evalBatchSize, early,
                checkpoint, clip, metrics, diagnose, healthEvery, tensorboard, progressEvery, search, root);
    }

    /** The file name without its extension. */
    public static String defaultName(Path file) {
        String f = file.getFileName().toString();
        int dot = f.lastIndexOf('.');
        String stem = dot > 0 ? f.substring(0, dot) : f;
        return stem.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static EarlyStop earlyStop(Node n) {
        Section s = Section.of(n, "early_stopping");
        String monitor = s.string("monitor", "dev_loss");
        if (!monitor.matches("(train|dev)_[a-z0-9_]+")) {
            throw s.error("monitor", "monitor must name an epoch value such as dev_loss, dev_accuracy or train_loss, got '" + monitor + "'");
        }
        boolean maximize = s.choice("mode", monitor.endsWith("loss") ? "min" : "max", List.of("min", "max")).equals("max");
        int patience = s.positiveInt("patience", 3);
        double minDelta = s.nonNegative("min_delta", 0);
        boolean restore = s.bool("restore_best", true);
        s.done();
        return new EarlyStop(monitor, maximize, patience, minDelta, restore, n.where());
    }

    private static Optional<Checkpoints> checkpoints(Section top) {
        Optional<Node> n = top.get("checkpoint");
        if (n.isEmpty()) return Optional.of(new Checkpoints(1, 0, 2));
        if (n.get() instanceof Node.Scalar sc && sc.value() instanceof Boolean b) {
            return b ? Optional.of(new Checkpoints(1, 0, 2)) : Optional.empty();
        }
        Section s = Section.of(n.get(), "checkpoint");
        int everyEpochs = s.nonNegativeInt("every_epochs", s.has("every_steps") ? 0 : 1);
        int everySteps = s.nonNegativeInt("every_steps", 0);
        int keep = s.positiveInt("keep_last", 2);
        s.done();
        if (everyEpochs == 0 && everySteps == 0) throw new ConfigException(n.get().where(), "checkpoint: every_epochs and every_steps are both 0;"
                + " write checkpoint: false for none");
        return Optional.of(new Checkpoints(everyEpochs, everySteps, keep));
    }

    private static Clip clip(Node n) {
        Section s = Section.of(n, "clip");
        boolean norm = s.has("norm"), value = s.has("value");
        if (norm == value) throw new ConfigException(n.where(), "clip needs norm (global L2 norm) or value (each element), e.g. clip: {norm: 5}");
        double at = norm ? s.positive("norm", 1) : s.positive("value", 1);
        s.done();
        return new Clip(norm, at);
    }

    private static List<String> metrics(Section s, LossSpec loss) {
        Optional<Node> n = s.get("metrics");
        boolean classification = loss.task() != LossSpec.Task.REGRESSION;
        if (n.isEmpty()) return classification ? List.of("accuracy") : List.of();
        List<Node> items = n.get() instanceof Node.Seq seq ? seq.items() : List.of(n.get());
        List<String> out = new java.util.ArrayList<>();
        for (Node item : items) {
            String m = Section.choose(item, "metric", METRICS);
            if (!classification) throw new ConfigException(item.where(), "metric " + m + " needs a classification loss; " + loss.name() + " is regression");
            if (loss.task() == LossSpec.Task.MULTICLASS && List.of("precision", "recall", "f1").contains(m)) {
                throw new ConfigException(item.where(), m + " is for one positive class (binary); for " + loss.name() + " use macro_"
                        + m.toLowerCase(Locale.ROOT));
            }
            if (out.contains(m)) throw new ConfigException(item.where(), "metric " + m + " is listed twice");
            out.add(m);
        }
        return List.copyOf(out);
    }
}
