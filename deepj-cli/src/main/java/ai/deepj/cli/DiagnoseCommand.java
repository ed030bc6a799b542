package ai.deepj.cli;

import ai.deepj.advise.BiasVariance;
import ai.deepj.cli.config.LossSpec;
import ai.deepj.cli.run.RunDir;
import ai.deepj.cli.run.RunRecord;
import ai.deepj.nn.io.FileFormatException;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code deepj diagnose}: the course's bias / variance advice and the training-health report of a run. */
@Command(name = "diagnose", header = "Bias / variance advice and the training-health report of a run.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = "Advise on a finished run as the course does: from its final training and dev errors (and a "
                + "human-level error, and a training-dev error when known) the avoidable bias, variance and data "
                + "mismatch, the diagnosis and the basic recipe's next steps. Then the training-health report "
                + "(gradient norms, update ratios, dead ReLUs, the cost's trend) if the run recorded one "
                + "(diagnose: true in its config).",
        footerHeading = "%n",
        footer = {"Examples:", "  deepj diagnose runs/shapes", "  deepj diagnose runs/cat --human-error 1%%",
                "  deepj diagnose runs/speech --human-error 0.5%% --train-dev 2.1%%"})
final class DiagnoseCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run folder.")
    Path runPath;

    @Option(names = "--human-error", paramLabel = "E", description = "Human-level error, the proxy for Bayes error: a fraction (0.01) or a"
            + " percentage (1%%). Default: taken as 0.")
    String humanError;

    @Option(names = "--train-dev", paramLabel = "E", description = "The error on a training-dev set (held out of the training distribution),"
            + " as a fraction or percentage. Default: the run's own train-dev set, if it had one (data: train_dev: ...).")
    String trainDev;

    @Override
    public Integer call() throws IOException {
        RunDir run = RunDir.locate(runPath);
        RunRecord record = RunRecord.read(run);
        if (record.task() == LossSpec.Task.REGRESSION) throw new UsageError("diagnose reads classification errors; " + run.dir() + " is a regression");
        if (!Files.isRegularFile(run.metrics())) {
            throw new NoSuchFileException(run.metrics().toString(), null, "the run has no final metrics (did it finish?)");
        }
        JsonObject m = metrics(run.metrics());
        double train = error(m, "train");
        String devSet = m.has("dev") ? "dev" : "test";
        if (!m.has(devSet)) throw new UsageError("the run has neither a dev nor a test set to compare the training error with");
        double dev = error(m, devSet);
        BiasVariance bv = BiasVariance.of(train, dev);
        if (humanError != null) bv = bv.withHumanLevel(fraction("--human-error", humanError));
        if (trainDev != null) bv = bv.withTrainDev(fraction("--train-dev", trainDev));
        else if (m.has("train-dev")) bv = bv.withTrainDev(error(m, "train-dev"));
        var o = main.out;
        o.printf(Locale.ROOT, "Run %s: %s, errors measured after training with dropout off%s%n%n", run.dir(), record.data(),
                devSet.equals("test") ? " (no dev set: the test error stands in for the dev error)" : "");
        o.print(bv.report());
        o.println();
        if (Files.isRegularFile(run.healthReport())) {
            o.print(Files.readString(run.healthReport(), StandardCharsets.UTF_8));
            o.println("(series in " + run.healthSeries() + (Files.isRegularFile(run.healthPlot()) ? ", gradient norms in " + run.healthPlot() : "") + ")");
        } else {
            o.println("No training-health record: set diagnose: true in the config to record gradient norms, update ratios and dead ReLUs.");
        }
        return Main.OK;
    }

    private static JsonObject metrics(Path file) throws IOException {
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (e instanceof JsonObject o) return o;
            throw new FileFormatException(file, "not a JSON object");
        } catch (JsonParseException e) {
            throw new FileFormatException(file, "not valid JSON: " + e.getMessage(), e);
        }
    }

    private static double error(JsonObject m, String set) throws FileFormatException {
        if (m.get(set) instanceof JsonObject s && s.get("error") != null) return s.get("error").getAsDouble();
        throw new FileFormatException(Path.of("metrics.json"), "no error for the " + set + " set");
    }

    private double fraction(String option, String text) {
        String t = text.strip();
        boolean percent = t.endsWith("%");
        if (percent) t = t.substring(0, t.length() - 1).strip();
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " needs a fraction (0.01) or a percentage (1%), got '" + text + "'");
        }
        if (percent) v /= 100;
        if (!(v >= 0 && v <= 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be between 0 and 1 (0 % and 100 %), got '" + text + "'");
        }
        return v;
    }
}
