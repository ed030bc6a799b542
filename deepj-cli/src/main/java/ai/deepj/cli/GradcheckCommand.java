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
        description = "Check a model's backpropagation as the course does: the gradient of the loss on a few training "
                + "examples with respect to every parameter, from autograd, against centred finite differences "
                + "(J(θ+ε) − J(θ−ε))/2ε, on a float64 copy of the model with dropout off. Prints the relative "
                + "difference ‖g_approx − g‖ / (‖g_approx‖ + ‖g‖) and the course's verdict. A trained model is "
                + "checked on the training examples it fits worst (where it fits almost perfectly the cost is flat "
                + "and finite differences lose their digits). The L2 term is not included.",
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

    @Option(names = "--epsilon", paramLabel = "E", description = "The finite-difference step ε (default: ${DEFAULT-VALUE}; the course uses"
            + " 1e-7, which loses more digits to rounding on a trained model).")
    double epsilon = 1e-6;

    @Option(names = "--tolerance", paramLabel = "T", description = "The largest difference that passes; the course's 2e-7 (default: ${DEFAULT-VALUE}).")
    double tolerance = 2e-7;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config value (as for train). Repeatable.")
    List<String> settings = new ArrayList<>();

    /** Training examples a trained model's worst-fitted ones are chosen from. */
    static final int POOL = 2048;

    @Override
    public Integer call() throws IOException {
        if (examples < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--examples must be at least 1, got " + examples);
        if (coordinates < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--coordinates must be 0 (all) or more, got " + coordinates);
        if (!(epsilon > 0) || !(tolerance > 0)) throw new CommandLine.ParameterException(spec.commandLine(), "--epsilon and --tolerance must be positive");
        boolean trained = java.nio.file.Files.isDirectory(source);
        ModelSource m = ModelSource.load(source, settings, trained ? Math.max(examples, POOL) : examples);
        Tensor x = m.data().train().x();
        Tensor y = m.data().train().y();
        int pool = x.size(0);
        if (trained) {
            // A trained model fits most examples almost perfectly: there the cost is nearly flat and its finite
            // differences lose their digits to rounding. Check on the examples it fits worst instead.
            Tensor idx = worst(m, x, y, Math.min(examples, x.size(0)));
            x = x.indexSelect(0, idx);
            y = y.indexSelect(0, idx);
        }
        GradCheck.Options o = GradCheck.Options.defaults().withEpsilon(epsilon).withTolerance(tolerance).withMaxPerInput(coordinates);
        int tensors = (int) m.model().parameters().stream().filter(Tensor::requiresGrad).count();
        String which = trained ? " (the ones it fits worst of the first " + pool + ")" : "";
        String perTensor = coordinates == 0 ? "every coordinate" : "up to " + coordinates + " coordinates";
        main.out.printf(Locale.ROOT, "Gradient check of %s on %d training examples%s (float64, dropout off, %s per parameter tensor, %d tensors,"
                + " ε %s)%n", m.description(), x.size(0), which, perTensor, tensors, String.format(Locale.ROOT, "%.0e", epsilon));
        Tensor targets = y;
        GradCheck.Result r = ModelGradCheck.check(m.model(), x, out -> m.loss().compute(out, targets.to(out.dtype().isFloating()
                && targets.dtype().isFloating() ? out.dtype() : targets.dtype())), o);
        main.out.println(r);
        if (r.relativeDifference() > tolerance) {
            main.out.printf(Locale.ROOT, "There is a mistake in the backward propagation! difference = %.6g (above %s)%n", r.relativeDifference(),
                    Double.toString(tolerance));
            return Main.FAILURE;
        }
        main.out.printf(Locale.ROOT, "Your backward propagation works perfectly fine! difference = %.6g%n", r.relativeDifference());
        return Main.OK;
    }

    /** The indices of the {@code k} examples with the largest loss, by the model in evaluation mode. */
    private static Tensor worst(ModelSource m, Tensor x, Tensor y, int k) {
        double[] losses = new double[x.size(0)];
        boolean training = m.model().isTraining();
        m.model().eval();
        try (var s = ai.deepj.tensor.Autograd.noGrad()) {
            for (int i = 0; i < x.size(0); i += 256) {
                int n = Math.min(256, x.size(0) - i);
                Tensor out = m.model().forward(x.narrow(0, i, n));
                Tensor t = y.narrow(0, i, n);
                for (int j = 0; j < n; j++) {
                    losses[i + j] = m.loss().compute(out.narrow(0, j, 1), t.narrow(0, j, 1)).item();
                }
            }
        } finally {
            m.model().train(training);
        }
        Integer[] order = new Integer[losses.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(losses[b], losses[a]));
        int[] pick = new int[k];
        for (int i = 0; i < k; i++) pick[i] = order[i];
        java.util.Arrays.sort(pick);
        return Tensor.of(pick, k);
    }
}
