package ai.deepj.cli;

import ai.deepj.cli.build.DataBuilder;
import ai.deepj.cli.build.ModelBuilder;
import ai.deepj.cli.build.Optimizers;
import ai.deepj.cli.build.PreparedData;
import ai.deepj.cli.config.RunSpec;
import ai.deepj.cli.run.RunDir;
import ai.deepj.cli.run.RunRecord;
import ai.deepj.nn.Module;
import ai.deepj.nn.io.ModelIO;
import ai.deepj.nn.loss.Loss;
import ai.deepj.tensor.Generator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A model named on the command line: a config file (the model it describes, freshly initialized,
 * with a small sample of its data) or a run folder (the trained model and a sample of the data it
 * was trained on). What {@code summary} and {@code gradcheck} work on.
 *
 * @param model       the model
 * @param loss        the run's loss, ready for the model's output
 * @param data        a sample of the training data ({@code limit} examples)
 * @param spec        the config
 * @param description "the model of examples/shapes.yaml (new, untrained)" or "the trained model of runs/shapes"
 */
record ModelSource(Module model, Loss loss, PreparedData data, RunSpec spec, String description) {

    /** Loads from a config file or run folder, with {@code limit} training examples. */
    static ModelSource load(Path path, List<String> settings, int limit) throws IOException {
        if (Files.isDirectory(path)) {
            RunDir run = RunDir.locate(path);
            RunRecord record = RunRecord.read(run);
            RunSpec spec = Configs.ofRun(run, settings);
            PreparedData data = DataBuilder.load(spec.data(), spec.seed(), spec.loss().task(), limit);
            Module model = ModelIO.load(run.model());
            return new ModelSource(model, Optimizers.loss(spec.loss(), record.probabilities()), data, spec, "the trained model of " + run.dir());
        }
        RunSpec spec = Configs.load(path, settings);
        PreparedData data = DataBuilder.load(spec.data(), spec.seed(), spec.loss().task(), limit);
        Module model = ModelBuilder.build(spec.model(), data.inputShape(), spec.data(), data.train().x(), ModelBuilder.outputs(data),
                Generator.seeded(spec.seed()));
        boolean probabilities = ModelBuilder.checkOutput(model, spec.model(), spec.loss(), data);
        return new ModelSource(model, Optimizers.loss(spec.loss(), probabilities), data, spec, "the model of " + path + " (new, untrained)");
    }
}
