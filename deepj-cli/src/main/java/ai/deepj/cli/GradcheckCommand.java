package ai.deepj.cli;

import ai.deepj.autograd.GradCheck;
import ai.deepj.nn.ModelGradCheck;
import ai.deepj.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code deepj gradcheck}: the course's gradient check of a whole model, in float64. */
@Command(name = "gradcheck", header = "The course's gradient check of a whole model, in float64.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check a model's backpropagation as the course does: the gradient of the loss on a few training examples",
                "with respect to every parameter, from autograd, against centred finite differences (J(θ+ε) − J(θ−ε))/2ε, on a",
                "float64 copy of the model with dropout off. Prints the relative difference ‖g_approx − g‖ / (‖g_approx‖ + ‖g‖)",
                "and the course's verdict. The L2 term is not included (it is checked by deepj's own tests)."},
        footerHeading = "%n",
        footer = {"Examples:", "  deepj gradcheck examples/shapes.yaml          the config's model, freshly initialized",
                "  deepj gradcheck runs/shapes                    the trained model", "",
                "Exit status: 0 the check passed; 1 it did not (a difference above --tolerance); 2 usage error."})
final class GradcheckCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG|RUN_DIR", description = "A config file or a run folder.")
    Path source;

    @Option(names = "--examples", paramLabel = "N", description = "Training examples in the batch (default: ${DEFAULT-VALUE}).")
    int examples = 8;

    @Option(names = "--coordinates", paramLabel = "N", description = "Coordinates checked per parameter tensor, chosen at random;"
            + " 0 checks all (default: ${DEFAULT-VALUE}).")
    int coordinates = 50;

    @Option(names = "--epsilon", paramLabel = "E", description = "The finite-difference step ε (default: ${DEFAULT-VALUE}).")
    double epsilon = 1e-7;

    @Option(names = "--tolerance", paramLabel = "T", description = "The largest difference that passes; the course's 2e-7 (default: ${DEFAULT-VALUE}).")
    double tolerance = 2e-7;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config value (as for train). Repeatable.")
    List<String> settings = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (examples < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--examples must be at least 1, got " + examples);
        if (coordinates < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--coordinates must be 0 (all) or more, got " + coordinates);
        if (!(epsilon > 0) || !(tolerance > 0)) throw new CommandLine.ParameterException(spec.commandLine(), "--epsilon and --tolerance must be positive");
        ModelSource m = ModelSource.load(source, settings, examples);
        Tensor x = m.data().train().x();
        Tensor y = m.data().train().y();
        GradCheck.Options o = GradCheck.Options.defaults().withEpsilon(epsilon).withTolerance(tolerance).withMaxPerInput(coordinates);
        int tensors = (int) m.model().parameters().stream().filter(Tensor::requiresGrad).count();
        main.out.printf(Locale.ROOT, "Gradient check of %s on %d training examples (float64, dropout off, %s per parameter tensor, %d tensors, ε %s)%n",
                m.description(), x.size(0), coordinates == 0 ? "every coordinate" : "up to " + coordinates + " coordinates", tensors,
                Double.toString(epsilon));
        GradCheck.Result r = ModelGradCheck.check(m.model(), x, out -> m.loss().compute(out, y.to(out.dtype().isFloating() && y.dtype().isFloating()
                ? out.dtype() : y.dtype())), o);
        main.out.println(r);
        if (r.relativeDifference() > tolerance) {
            main.out.printf(Locale.ROOT, "There is a mistake in the backward propagation! difference = %.6g (above %s)%n", r.relativeDifference(),
                    Double.toString(tolerance));
            return Main.FAILURE;
        }
        main.out.printf(Locale.ROOT, "Your backward propagation works perfectly fine! difference = %.6g%n", r.relativeDifference());
        return Main.OK;
    }
}
