package ai.deepj.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code deepj summary}: the Keras-style table of a config's model or a trained one. */
@Command(name = "summary", header = "The Keras-style table of a model: layers, output shapes, parameters.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print the Keras-style table of a model: each layer with its output shape and parameter count, "
                + "and the totals. Give a config (the model it describes; data is loaded only to learn the input "
                + "shape) or a run folder.",
        footerHeading = "%n", footer = {"Examples:", "  deepj summary examples/shapes.yaml", "  deepj summary runs/shapes"})
final class SummaryCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "CONFIG|RUN_DIR", description = "A config file or a run folder.")
    Path source;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config value (as for train). Repeatable.")
    List<String> settings = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        ModelSource m = ModelSource.load(source, settings, 16);
        int[] shape = m.data().inputShape();
        int[] batch = new int[shape.length + 1];
        batch[0] = 1;
        System.arraycopy(shape, 0, batch, 1, shape.length);
        main.out.printf(Locale.ROOT, "%s, for inputs %s per example%n", capitalize(m.description()), Arrays.toString(shape));
        main.out.print(m.model().summary(batch));
        return Main.OK;
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
