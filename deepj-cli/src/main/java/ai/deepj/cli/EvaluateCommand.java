package ai.deepj.cli;

import ai.deepj.cli.build.DataBuilder;
import ai.deepj.cli.build.Optimizers;
import ai.deepj.cli.build.PreparedData;
import ai.deepj.cli.config.RunSpec;
import ai.deepj.cli.run.Evaluation;
import ai.deepj.cli.run.RunDir;
import ai.deepj.cli.run.RunRecord;
import ai.deepj.data.TensorDataset;
import ai.deepj.nn.Module;
import ai.deepj.nn.io.ModelIO;
import ai.deepj.nn.loss.Loss;
import ai.deepj.plot.ConfusionMatrixPlot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code deepj evaluate}: a trained model's metrics and confusion matrix on a data set. */
@Command(name = "evaluate", header = "Metrics and confusion matrix of a trained model on a data set.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score a trained model: loss, accuracy (or MSE and MAE) and, for classifiers, the confusion "
                + "matrix with per-class precision, recall and F1. DATA is one of the run's own sets (train, dev, "
                + "test, train-dev: rebuilt from its config) or files read as the training data was: a CSV file, "
                + "an .npz file (arrays x and y), .npy files (inputs then targets), IDX files (images then labels) "
                + "or a folder of images with one subfolder per class.",
        footerHeading = "%n",
        footer = {"Examples:", "  deepj evaluate runs/shapes                        its dev and test sets",
                "  deepj evaluate runs/mnist t10k-images-idx3-ubyte t10k-labels-idx1-ubyte",
                "  deepj evaluate runs/pets data/pets-test --confusion pets.png"})
final class EvaluateCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run folder (or its model folder).")
    Path runPath;

    @Parameters(index = "1..*", paramLabel = "DATA", description = "train, dev, test, train-dev, or files (default: dev and test).")
    List<String> data = new ArrayList<>();

    @Option(names = "--confusion", paramLabel = "PNG", description = "Also draw the (last) confusion matrix to this PNG file.")
    Path confusionPng;

    @Option(names = "--batch-size", paramLabel = "N", description = "Examples per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize = 512;

    @Override
    public Integer call() throws IOException {
        RunDir run = RunDir.locate(runPath);
        RunRecord record = RunRecord.read(run);
        Module model = ModelIO.load(run.model());
        model.eval();
        Loss loss = Optimizers.loss(RunSpec.parse(ai.deepj.cli.config.ConfigReader.read(run.config()), run.config()).loss(),
                record.probabilities());
        Map<String, TensorDataset> sets = sets(run, record);
        main.out.printf(Locale.ROOT, "Evaluating %s (%s, trained on %s)%n%n", run.dir(), record.loss(), record.data());
        List<Evaluation> results = new ArrayList<>();
        for (var e : sets.entrySet()) {
            results.add(Evaluation.of(e.getKey(), model, loss, e.getValue(), record.task(), record.probabilities(), Math.max(1, batchSize)));
        }
        main.out.print(Evaluation.table(results));
        Evaluation last = null;
        for (Evaluation r : results) {
            if (r.confusion() == null) continue;
            main.out.printf(Locale.ROOT, "%n%s: confusion matrix (rows: true class, columns: predicted), macro F1 %.4f%n", r.name(),
                    r.confusion().macroF1());
            main.out.print(Evaluation.confusionText(r.confusion(), record.classes()));
            last = r;
        }
        if (confusionPng != null) {
            if (last == null) throw new UsageError("--confusion: a regression model has no confusion matrix");
            ConfusionMatrixPlot.of(last.confusion().counts()).withClassNames(record.classes())
                    .withTitle(record.name() + ": " + last.name())
                    .write(confusionPng);
            main.out.println("\nwrote " + confusionPng);
        }
        return Main.OK;
    }

    private Map<String, TensorDataset> sets(RunDir run, RunRecord record) throws IOException {
        Map<String, TensorDataset> out = new LinkedHashMap<>();
        List<String> words = List.of("train", "dev", "test", "train-dev");
        boolean files = !data.isEmpty() && !words.contains(data.get(0));
        if (files) {
            InputFiles in = InputFiles.read(data.stream().map(Path::of).toList(), record, true);
            out.put(shortName(in.what()), DataBuilder.forTask(in.x(), in.y(), record.task(), in.what()));
            return out;
        }
        for (String d : data) {
            if (!words.contains(d)) throw new UsageError("give either the run's sets (" + String.join(", ", words) + ") or files, not both: " + d);
        }
        RunSpec spec = Configs.ofRun(run, List.of());
        PreparedData p = DataBuilder.load(spec.data(), spec.seed(), spec.loss().task(), 0);
        List<String> wanted = data.isEmpty() ? List.of("dev", "test") : data;
        for (String w : wanted) {
            TensorDataset d = switch (w) {
                case "train" -> p.train();
                case "dev" -> p.dev();
                case "test" -> p.test();
                default -> p.trainDev();
            };
            if (d != null) out.put(w, d);
            else if (!data.isEmpty()) throw new UsageError("the run has no " + w + " set");
        }
        if (out.isEmpty()) out.put("train", p.train());
        return out;
    }

    private static String shortName(String what) {
        return Path.of(what.split(" ")[0]).getFileName().toString();
    }
}
