package ai.deepj.cli;

import ai.deepj.cli.config.LossSpec;
import ai.deepj.cli.run.RunDir;
import ai.deepj.cli.run.RunRecord;
import ai.deepj.io.AtomicFiles;
import ai.deepj.nn.Module;
import ai.deepj.nn.io.ModelIO;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code deepj predict}: a trained model's predictions, to CSV. */
@Command(name = "predict", header = "Predictions of a trained model, to CSV.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predict with a trained model. INPUT is read as the training data was: a CSV file (the run's "
                + "columns; the label column may be absent), an .npz file (array x), an .npy file, an IDX file, "
                + "image files or a folder of images (searched recursively; resized as the training images). "
                + "Writes one CSV row per example: the input (file name or row number), the predicted class and "
                + "each class's probability (for regression, the predicted values).",
        footerHeading = "%n",
        footer = {"Examples:", "  deepj predict runs/shapes samples.npy --out predictions.csv",
                "  deepj predict runs/cat photo1.jpg photo2.png", "  deepj predict runs/houses houses.csv --out prices.csv"})
final class PredictCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run folder (or its model folder).")
    Path runPath;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "INPUT", description = "The inputs: a file, several image files, or a folder.")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE", description = "The CSV file to write (default: standard output).")
    Path out;

    @Option(names = "--batch-size", paramLabel = "N", description = "Examples per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize = 512;

    @Override
    public Integer call() throws IOException {
        RunDir run = RunDir.locate(runPath);
        RunRecord record = RunRecord.read(run);
        Module model = ModelIO.load(run.model());
        model.eval();
        InputFiles in = InputFiles.read(inputs, record, false);
        Tensor outputs = forward(model, in.x(), Math.max(1, batchSize));
        String csv = csv(record, in.names(), outputs);
        if (out == null) {
            main.out.print(csv);
        } else {
            byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(out, o -> o.write(bytes));
            main.out.printf(Locale.ROOT, "wrote %d predictions to %s%n", in.x().size(0), out);
        }
        return Main.OK;
    }

    private static Tensor forward(Module model, Tensor x, int batchSize) {
        List<Tensor> parts = new ArrayList<>();
        try (var s = Autograd.noGrad()) {
            for (int i = 0; i < x.size(0); i += batchSize) parts.add(model.forward(x.narrow(0, i, Math.min(batchSize, x.size(0) - i))));
        }
        return Tensor.concat(0, parts.toArray(Tensor[]::new));
    }

    /** The CSV text: header, then one row per example. */
    static String csv(RunRecord record, List<String> names, Tensor outputs) {
        StringBuilder sb = new StringBuilder("input");
        int n = outputs.size(0);
        List<String> classes = record.classes();
        double[][] p;
        switch (record.task()) {
            case MULTICLASS -> p = rows(outputs.softmax(1));
            case BINARY -> {
                double[][] one = rows(record.probabilities() ? outputs : outputs.sigmoid());
                p = new double[n][];
                for (int i = 0; i < n; i++) p[i] = new double[] {1 - one[i][0], one[i][0]};
            }
            default -> p = rows(outputs);
        }
        if (record.task() == LossSpec.Task.REGRESSION) {
            for (int j = 0; j < p[0].length; j++) sb.append(",prediction").append(p[0].length == 1 ? "" : "_" + j);
        } else {
            sb.append(",prediction");
            for (String c : classes) sb.append(",p_").append(field(c));
        }
        sb.append('\n');
        for (int i = 0; i < n; i++) {
            sb.append(field(names.get(i)));
            if (record.task() != LossSpec.Task.REGRESSION) {
                int best = 0;
                for (int j = 1; j < p[i].length; j++) if (p[i][j] > p[i][best]) best = j;
                sb.append(',').append(field(classes.get(best)));
            }
            for (double v : p[i]) sb.append(',').append(String.format(Locale.ROOT, "%.6g", v));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static double[][] rows(Tensor t) {
        int n = t.size(0), k = (int) (t.numel() / Math.max(1, n));
        double[] flat = t.contiguous().toDoubleArray();
        double[][] out = new double[n][k];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * k, out[i], 0, k);
        return out;
    }

    /** A CSV field, quoted when it holds a comma, quote or line break. */
    private static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
