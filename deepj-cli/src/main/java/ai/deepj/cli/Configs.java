package ai.deepj.cli;

import ai.deepj.cli.config.ConfigReader;
import ai.deepj.cli.config.Node;
import ai.deepj.cli.config.Overrides;
import ai.deepj.cli.config.RunSpec;
import ai.deepj.cli.run.RunDir;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Reading a config file (or a run folder's saved config) with {@code --set} options applied. */
final class Configs {
    private Configs() {}

    /** The checked config of {@code file} with {@code settings} applied. */
    static RunSpec load(Path file, List<String> settings) throws IOException {
        if (!java.nio.file.Files.exists(file)) throw new UsageError("no such config file: " + file);
        Node tree = Overrides.apply(ConfigReader.read(file), settings);
        return RunSpec.parse(tree, file);
    }

    /** The config a run was trained with ({@code config.json} in its folder). */
    static RunSpec ofRun(RunDir run, List<String> settings) throws IOException {
        return load(run.config(), settings);
    }
}
