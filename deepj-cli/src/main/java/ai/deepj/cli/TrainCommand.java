package ai.deepj.cli;

import ai.deepj.cli.build.Augmentations;
import ai.deepj.cli.build.DataBuilder;
import ai.deepj.cli.build.PreparedData;
import ai.deepj.cli.config.ConfigPaths;
import ai.deepj.cli.config.RunSpec;
import ai.deepj.cli.run.Evaluation;
import ai.deepj.cli.run.RunDir;
import ai.deepj.cli.run.Training;
import ai.deepj.train.History;
import ai.deepj.train.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code deepj train}: trains the model a config describes and saves everything about the run. */
@Command(name = "train", header = "Train a model from a config file; save the run.",
        sortOptions = false, mixinStandardHelpOptions = true,
        description = "Train the model a config file describes (YAML or JSON), with a progress bar; then print the "
                + "final train, dev and test metrics and save the run: the model, history CSV/JSON, learning "
                + "curves and confusion matrix PNGs, a TensorBoard event file and checkpoints.",
        footerHeading = "%n",
        footer = {"Examples:",
                "  deepj train examples/shapes.yaml",
                "  deepj train examples/shapes.yaml --set epochs=3 --set optimizer.lr=0.003 --out runs/quick",
                "  deepj train examples/shapes.yaml --set epochs=30 --resume    continue runs/shapes to 30 epochs",
                "",
                "Exit status: 0 trained; 1 failure (data unreadable, training stopped on a NaN cost, files not",
                "writable); 2 usage error (bad option or config; the message names the config line)."})
final class TrainCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "The config file (.yaml, .yml or .json).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config value: a dotted path (optimizer.lr, "
            + "model.1.dense, data.train) and a value (a number, text, true/false or [a, b]). Repeatable.")
    List<String> settings = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "The run folder (default: runs/NAME, NAME from the config or its file name;"
            + " a new runs/NAME-2, -3, ... when that one is taken).")
    Path out;

    @Option(names = "--resume", description = "Continue the run in the run folder from its latest checkpoint (give the same config;"
            + " --set epochs=N to train longer).")
    boolean resume;

    @Option(names = "--quiet", description = "No progress bar; only the final table.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        RunSpec spec = Configs.load(config, settings);
        RunDir dir = runDir(spec);
        var o = main.out;
        o.println("deepj train " + config + " -> " + dir.dir() + (resume ? " (resuming)" : ""));
        PreparedData data = DataBuilder.load(spec.data(), spec.seed(), spec.loss().task(), 0);
        o.println("data      " + data.description());
        Training.Plan plan = Training.plan(spec, data);
        o.println("model     " + String.format(Locale.ROOT, "%,d parameters", plan.model().parameterCount()) + " (deepj summary " + config
                + " for the layers)");
        o.println("training  " + describe(spec));
        spec.augment().ifPresent(a -> o.println("augment   " + Augmentations.describe(a) + " (training set only)"));
        Files.createDirectories(dir.dir());
        dir.writeConfig(ConfigPaths.absolute(spec.tree()));
        Progress progress = quiet ? null : main.console() ? Progress.auto(o) : Progress.lines(o);
        Training.Result r = Training.run(plan, Training.imageLayout(spec, data.inputShape()), new Training.Options(dir, resume, progress));
        List<History.Event> stops = r.history().events(History.STOP);
        o.printf(Locale.ROOT, "trained   %d epochs in %.1f s%s%n", r.history().epochs().size(), r.seconds(),
                stops.isEmpty() ? "" : "; stopped: " + stops.getLast().message());
        o.println();
        o.print(Evaluation.table(new ArrayList<>(r.evaluations().values())));
        o.println();
        o.println("saved     " + dir.dir() + ": " + String.join(", ", r.written().stream().map(p -> dir.dir().relativize(p).toString()
                + (Files.isDirectory(p) ? "/" : "")).toList()));
        // The trainer stops before an update whose cost is NaN or infinite; the run is saved, but it failed.
        for (History.Event e : stops) {
            if (e.message().contains("training diverged")) {
                o.flush();
                main.err.println("deepj train: " + e.message());
                return Main.FAILURE;
            }
        }
        return r.evaluations().values().stream().allMatch(e -> Double.isFinite(e.loss())) ? Main.OK : Main.FAILURE;
    }

    private RunDir runDir(RunSpec spec) throws IOException {
        if (resume) {
            RunDir d = new RunDir(out != null ? out : Path.of("runs", spec.name()));
            if (!Files.isDirectory(d.checkpoints())) {
                throw new UsageError("--resume: " + d.dir() + " has no checkpoints to resume (" + (Files.isDirectory(d.dir())
                        ? "the run did not write any" : "no such folder") + ")");
            }
            return d;
        }
        if (out != null) {
            RunDir d = new RunDir(out);
            if (!d.isEmpty()) {
                throw new UsageError("--out " + out + " is not empty" + (d.exists() ? " (it holds a run: --resume continues it)" : "")
                        + "; choose another folder");
            }
            return d;
        }
        Path base = Path.of("runs", spec.name());
        RunDir d = new RunDir(base);
        for (int i = 2; !d.isEmpty(); i++) d = new RunDir(Path.of("runs", spec.name() + "-" + i));
        return d;
    }

    private static String describe(RunSpec s) {
        StringBuilder sb = new StringBuilder();
        sb.append(s.optimizer().name()).append(" lr ").append(s.optimizer().lr());
        s.schedule().ifPresent(sc -> sb.append(", ").append(sc.name()).append(" schedule per ").append(sc.perStep() ? "step" : "epoch"));
        sb.append(", ").append(s.loss().name());
        if (s.l2() > 0) sb.append(", L2 λ ").append(s.l2());
        sb.append(", batch ").append(s.batchSize()).append(", ").append(s.epochs()).append(" epochs, seed ").append(s.seed());
        s.earlyStopping().ifPresent(e -> sb.append(", early stopping on ").append(e.monitor()).append(" (patience ").append(e.patience()).append(')'));
        return sb.toString();
    }
}
