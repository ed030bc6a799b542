package ai.deepj.cli;

import ai.deepj.data.SharedData;
import ai.deepj.examples.CatClassifier;
import ai.deepj.examples.FlowerClassifier;
import ai.deepj.examples.OptimizationLesson;
import ai.deepj.examples.RegularizationLesson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The course's worked examples as commands: {@code flower}, {@code cat}, {@code regularization}, {@code optimization}. */
final class Lessons {
    private Lessons() {}

    static int positive(CommandSpec spec, String option, int v) {
        if (v <= 0) throw new CommandLine.ParameterException(spec.commandLine(), option + " needs a positive integer, got " + v);
        return v;
    }

    /** {@code deepj flower}. */
    @Command(name = "flower", header = "Course 1 week 3: the one-hidden-layer net on the planar flower data.",
            mixinStandardHelpOptions = true, sortOptions = false,
            description = "Course 1 week 3: train the one-hidden-layer net (2-h-1, tanh then sigmoid) on the planar flower data.")
    static final class Flower implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Spec
        CommandSpec spec;

        @Option(names = "--hidden", paramLabel = "N", description = "Hidden units (default: ${DEFAULT-VALUE}).")
        int hidden = FlowerClassifier.Options.course().hidden();

        @Option(names = "--lr", paramLabel = "A", description = "Learning rate (default: ${DEFAULT-VALUE}).")
        double lr = FlowerClassifier.Options.course().learningRate();

        @Option(names = "--iterations", paramLabel = "N", description = "Gradient-descent steps (default: ${DEFAULT-VALUE}).")
        int iterations = FlowerClassifier.Options.course().iterations();

        @Option(names = "--seed", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
        int seed = (int) FlowerClassifier.Options.course().seed();

        @Override
        public Integer call() {
            positive(spec, "--hidden", hidden);
            positive(spec, "--iterations", iterations);
            positive(spec, "--seed", seed);
            if (!(lr > 0) || !Double.isFinite(lr)) throw new CommandLine.ParameterException(spec.commandLine(), "--lr needs a positive number, got " + lr);
            PrintStream out = main.out;
            out.printf(Locale.ROOT, "Planar flower data: 400 points, 2 classes. Network 2-%d-1 (tanh, sigmoid), lr %s, %d iterations%n", hidden, lr,
                    iterations);
            long start = System.nanoTime();
            FlowerClassifier.train(new FlowerClassifier.Options(hidden, lr, iterations, seed, Math.max(1, iterations / 10)), out);
            out.printf(Locale.ROOT, "Trained in %.2f s%n", (System.nanoTime() - start) / 1e9);
            return Main.OK;
        }
    }

    /** {@code deepj cat}. */
    @Command(name = "cat", header = "Course 1 weeks 2 and 4: logistic regression and the 4-layer net on cat images.",
            mixinStandardHelpOptions = true,
            description = "Course 1 weeks 2 and 4: logistic regression and the 4-layer net on the course's cat / non-cat images.")
    static final class Cat implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Option(names = "--data", paramLabel = "DIR", description = "The folder of train_catvnoncat.h5 and test_catvnoncat.h5 (default: the shared"
                + " data's catvnoncat).")
        Path dir;

        @Override
        public Integer call() throws IOException {
            Path d = dir != null ? dir : SharedData.find("catvnoncat").orElseThrow(() ->
                    new UsageError(SharedData.missingReason("catvnoncat") + "; or pass --data DIR"));
            CatClassifier.Data data = CatClassifier.load(d);
            PrintStream out = main.out;
            out.printf(Locale.ROOT, "Cat vs non-cat from %s: %d training and %d test images of 64x64x3%n", d, data.trainX().size(0),
                    data.testX().size(0));
            out.println("Logistic regression (zero init, lr 0.005, 2000 iterations; the course reports 99% / 70%):");
            CatClassifier.logisticRegression(data, 0.005, 2000, new EveryNth(out, 500));
            out.println("4-layer network [12288, 20, 7, 5, 1] (lr 0.0075, 2500 iterations; the course reports 98.6% / 80%):");
            CatClassifier.deepNetwork(data, new int[] {20, 7, 5}, 0.0075, 2500, 1, out);
            return Main.OK;
        }
    }

    /** {@code deepj regularization}. */
    @Command(name = "regularization", header = "Course 2 week 1: no regularization vs L2 vs dropout on a noisy 2-D field.",
            mixinStandardHelpOptions = true,
            description = "Course 2 week 1: [2, 20, 3, 1] on a generated noisy 2-D field, trained without regularization, "
                    + "with L2 (λ 0.7) and with dropout (keepProb 0.86); prints the falling cost and train/dev "
                    + "accuracies.")
    static final class Regularization implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Spec
        CommandSpec spec;

        @Option(names = "--iterations", paramLabel = "N", description = "Steps (default: 30000).")
        Integer iterations;

        @Option(names = "--seed", paramLabel = "S", description = "Seed of data, weights and masks (default: 1).")
        Integer seed;

        @Override
        public Integer call() {
            RegularizationLesson.Options o = RegularizationLesson.Options.course();
            if (iterations != null) o = o.withIterations(positive(spec, "--iterations", iterations)).withLogEvery(Math.max(1, iterations / 3));
            if (seed != null) o = o.withSeed(positive(spec, "--seed", seed));
            long start = System.nanoTime();
            RegularizationLesson.run(o, main.out);
            main.out.println("Course (its football data): train/test 94.8%/91.5% none, 93.8%/93.0% L2, 92.9%/95.0% dropout.");
            main.out.printf(Locale.ROOT, "Trained in %.2f s%n", (System.nanoTime() - start) / 1e9);
            return Main.OK;
        }
    }

    /** {@code deepj optimization}. */
    @Command(name = "optimization", header = "Course 2 week 2: gradient descent vs momentum vs Adam on moons.",
            mixinStandardHelpOptions = true,
            description = "Course 2 week 2: [2, 5, 2, 1] on generated moons, mini-batches of 64: gradient descent, "
                    + "momentum and Adam at α 0.0007; prints the course's table.")
    static final class Optimization implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Spec
        CommandSpec spec;

        @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: 5000).")
        Integer epochs;

        @Option(names = "--seed", paramLabel = "S", description = "Seed of data, weights and shuffling (default: 1).")
        Integer seed;

        @Option(names = "--decay", description = "Also the learning-rate decay runs: α₀ 0.1 decayed as schedule_lr_decay (rate 1, every 1000"
                + " epochs), and α 0.1 constant for comparison.")
        boolean decay;

        @Override
        public Integer call() {
            OptimizationLesson.Options o = OptimizationLesson.Options.course();
            if (epochs != null) o = o.withEpochs(positive(spec, "--epochs", epochs)).withLogEvery(Math.max(1, epochs / 5));
            if (seed != null) o = o.withSeed(positive(spec, "--seed", seed));
            PrintStream out = main.out;
            long start = System.nanoTime();
            OptimizationLesson.run(o, out);
            out.println("Course (its moons, 5000 epochs): train accuracy 79.7% gradient descent, 79.7% momentum, 94% Adam.");
            if (decay) {
                out.println();
                OptimizationLesson.run(o.withCourseDecay(), out);
                out.println("Course (with decay): 94.4% gradient descent, 95.6% momentum, 94% Adam.");
                out.println();
                out.println("For comparison, the same initial rate without decay:");
                OptimizationLesson.run(o.withLearningRate(0.1), out);
            }
            out.printf(Locale.ROOT, "Trained in %.2f s%n", (System.nanoTime() - start) / 1e9);
            return Main.OK;
        }
    }

    /** Prints only every n-th "Cost after iteration" line (and every other line). */
    private static final class EveryNth extends PrintStream {
        private final int every;

        EveryNth(PrintStream out, int every) {
            super(out, true);
            this.every = every;
        }

        @Override
        public PrintStream printf(Locale l, String format, Object... args) {
            if (format.startsWith("Cost after") && ((Integer) args[0]) % every != 0) return this;
            return super.printf(l, format, args);
        }
    }
}
