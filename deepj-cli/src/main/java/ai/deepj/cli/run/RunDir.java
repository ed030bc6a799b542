package ai.deepj.cli.run;

import ai.deepj.io.AtomicFiles;
import ai.deepj.nn.io.ModelIO;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The folder a {@code deepj train} run writes:
 * <pre>
 * runs/shapes/
 *   run.json              what was trained: task, loss, classes, input shape, data (RunRecord)
 *   config.json           the config as run (after --set), paths made absolute
 *   model/                the trained model (ModelIO: model.json, weights.safetensors, optimizer state)
 *   metrics.json          final loss / accuracy / confusion matrix on train, dev, test (and train-dev)
 *   history.csv, history.json, steps.csv     per-epoch values and per-step costs
 *   learning_curves.png   cost and accuracy per epoch, train and dev
 *   confusion_matrix.png  on the test set (the dev set when there is no test set)
 *   events.out.tfevents.* TensorBoard scalars (tensorboard --logdir runs)
 *   checkpoints/          for --resume
 *   health.txt, health.csv, health.png       with diagnose: true
 * </pre>
 *
 * @param dir the folder
 */
public record RunDir(Path dir) {
    static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeSpecialFloatingPointValues().create();

    /** {@code run.json}. */
    public Path record() {
        return dir.resolve("run.json");
    }

    /** {@code config.json}. */
    public Path config() {
        return dir.resolve("config.json");
    }

    /** {@code model/}. */
    public Path model() {
        return dir.resolve("model");
    }

    /** {@code metrics.json}. */
    public Path metrics() {
        return dir.resolve("metrics.json");
    }

    /** {@code checkpoints/}. */
    public Path checkpoints() {
        return dir.resolve("checkpoints");
    }

    /** {@code learning_curves.png}. */
    public Path learningCurves() {
        return dir.resolve("learning_curves.png");
    }

    /** {@code confusion_matrix.png}. */
    public Path confusionMatrix() {
        return dir.resolve("confusion_matrix.png");
    }

    /** {@code health.txt}. */
    public Path healthReport() {
        return dir.resolve("health.txt");
    }

    /** {@code health.csv}. */
    public Path healthSeries() {
        return dir.resolve("health.csv");
    }

    /** {@code health.png}. */
    public Path healthPlot() {
        return dir.resolve("health.png");
    }

    /** Whether the folder holds a run (a {@code run.json}). */
    public boolean exists() {
        return Files.isRegularFile(record());
    }

    /** Whether the folder is missing or empty. */
    public boolean isEmpty() throws IOException {
        if (!Files.exists(dir)) return true;
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /**
     * The run a user named: a run folder, or its {@code model} folder.
     *
     * @throws NoSuchFileException if {@code path} is neither
     */
    public static RunDir locate(Path path) throws IOException {
        if (!Files.exists(path)) throw new NoSuchFileException(path.toString(), null, "no such run folder");
        RunDir r = new RunDir(path);
        if (r.exists()) return r;
        Path parent = path.toAbsolutePath().normalize().getParent();
        if (Files.isRegularFile(path.resolve(ModelIO.MODEL_JSON)) && parent != null && new RunDir(parent).exists()) return new RunDir(parent);
        throw new NoSuchFileException(path.toString(), null, "not a deepj run folder (no run.json): give the folder deepj train wrote");
    }

    /** Writes the config as run ({@link #config()}), as JSON. */
    public void writeConfig(ai.deepj.cli.config.Node tree) throws IOException {
        writeConfigTo(config(), tree);
    }

    /** Writes a config tree as JSON to {@code file}. */
    public void writeConfigTo(Path file, ai.deepj.cli.config.Node tree) throws IOException {
        writeText(file, GSON.toJson(tree.plain()) + "\n");
    }

    /** Writes {@code text} to {@code file} atomically. */
    static void writeText(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }
}
