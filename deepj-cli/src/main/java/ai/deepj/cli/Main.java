package ai.deepj.cli;

import ai.deepj.Deepj;
import ai.deepj.examples.CatClassifier;
import ai.deepj.examples.FlowerClassifier;
import ai.deepj.examples.OptimizationLesson;
import ai.deepj.examples.RegularizationLesson;
import java.util.Arrays;
import java.util.Locale;

/**
 * The {@code deepj} command. Run it through the {@code ./deepj} launcher in the repository root,
 * which builds the project on first use and passes the JVM flags deepj needs.
 *
 * <pre>
 * deepj info                      version, Java, vector width, GEMM backend, threads
 * deepj flower [options]          train the course's one-hidden-layer net on the flower data
 *     --hidden N      hidden units (4)       --lr A          learning rate (1.2)
 *     --iterations N  steps (10000)          --seed S        seed (1)
 * deepj cat [--data DIR]          logistic regression and the 4-layer net on the course's cat images
 * deepj regularization [options]  Course 2 week 1: [2, 20, 3, 1] on a generated noisy 2-D field, trained
 *                                 without regularization, with L2 (λ 0.7) and with dropout (keepProb 0.86);
 *                                 prints the cost as it falls and train/dev accuracies
 *     --iterations N  steps (30000)          --seed S        seed of data, weights and masks (1)
 * deepj optimization [options]    Course 2 week 2: [2, 5, 2, 1] on generated moons, mini-batches of 64,
 *                                 gradient descent, momentum and Adam at α 0.0007; prints the same table
 *     --epochs N      epochs (5000)          --seed S        seed of data, weights and shuffling (1)
 *     --decay         also the learning-rate decay runs: α₀ 0.1 decayed as schedule_lr_decay
 *                     (rate 1, every 1000 epochs), and α 0.1 constant for comparison
 * </pre>
 */
public final class Main {
    private Main() {}

    /** Entry point; exits with status 2 on a usage error. */
    public static void main(String[] args) {
        String command = args.length == 0 ? "help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        try {
            switch (command) {
                case "info" -> System.out.print(Deepj.info());
                case "flower" -> flower(rest);
                case "cat" -> cat(rest);
                case "regularization" -> regularization(rest);
                case "optimization" -> optimization(rest);
                case "help", "--help", "-h" -> System.out.print(usage());
                default -> throw new UsageException("unknown command '" + command + "'");
            }
        } catch (UsageException e) {
            System.err.println("deepj: " + e.getMessage());
            System.err.print(usage());
            System.exit(2);
        }
    }

    private static void flower(String[] args) {
        FlowerClassifier.Options o = FlowerClassifier.Options.course();
        int hidden = o.hidden(), iterations = o.iterations();
        double lr = o.learningRate();
        long seed = o.seed();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--hidden" -> hidden = parseInt(args[i], value);
                case "--iterations" -> iterations = parseInt(args[i], value);
                case "--lr" -> lr = parseDouble(args[i], value);
                case "--seed" -> seed = parseInt(args[i], value);
                default -> throw new UsageException("flower: unknown option '" + args[i] + "'");
            }
            i++;
        }
        System.out.printf(Locale.ROOT, "Planar flower data: 400 points, 2 classes. Network 2-%d-1 (tanh, sigmoid), lr %s, %d iterations%n",
                hidden, lr, iterations);
        long start = System.nanoTime();
        FlowerClassifier.train(new FlowerClassifier.Options(hidden, lr, iterations, seed, Math.max(1, iterations / 10)), System.out);
        System.out.printf(Locale.ROOT, "Trained in %.2f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static void regularization(String[] args) {
        RegularizationLesson.Options o = RegularizationLesson.Options.course();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--iterations" -> {
                    int n = parseInt(args[i], value);
                    o = o.withIterations(n).withLogEvery(Math.max(1, n / 3));
                }
                case "--seed" -> o = o.withSeed(parseInt(args[i], value));
                default -> throw new UsageException("regularization: unknown option '" + args[i] + "'");
            }
            i++;
        }
        long start = System.nanoTime();
        RegularizationLesson.run(o, System.out);
        System.out.println("Course (its football data): train/test 94.8%/91.5% none, 93.8%/93.0% L2, 92.9%/95.0% dropout.");
        System.out.printf(Locale.ROOT, "Trained in %.2f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static void optimization(String[] args) {
        OptimizationLesson.Options o = OptimizationLesson.Options.course();
        boolean decay = false;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--epochs" -> {
                    int n = parseInt(args[i], value);
                    o = o.withEpochs(n).withLogEvery(Math.max(1, n / 5));
                }
                case "--seed" -> o = o.withSeed(parseInt(args[i], value));
                case "--decay" -> {
                    decay = true;
                    continue;
                }
                default -> throw new UsageException("optimization: unknown option '" + args[i] + "'");
            }
            i++;
        }
        long start = System.nanoTime();
        OptimizationLesson.run(o, System.out);
        System.out.println("Course (its moons, 5000 epochs): train accuracy 79.7% gradient descent, 79.7% momentum, 94% Adam.");
        if (decay) {
            System.out.println();
            OptimizationLesson.run(o.withCourseDecay(), System.out);
            System.out.println("Course (with decay): 94.4% gradient descent, 95.6% momentum, 94% Adam.");
            System.out.println();
            System.out.println("For comparison, the same initial rate without decay:");
            OptimizationLesson.run(o.withLearningRate(0.1), System.out);
        }
        System.out.printf(Locale.ROOT, "Trained in %.2f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static void cat(String[] args) {
        java.nio.file.Path dir = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--data") && i + 1 < args.length) dir = java.nio.file.Path.of(args[++i]);
            else throw new UsageException("cat: unknown option '" + args[i] + "'");
        }
        if (dir == null) {
            dir = ai.deepj.data.SharedData.find("catvnoncat").orElseThrow(() ->
                    new UsageException("cat: " + ai.deepj.data.SharedData.missingReason("catvnoncat") + "; or pass --data DIR"));
        }
        CatClassifier.Data d;
        try {
            d = CatClassifier.load(dir);
        } catch (java.io.IOException e) {
            throw new UsageException("cat: cannot read the data: " + e.getMessage());
        }
        System.out.printf(Locale.ROOT, "Cat vs non-cat from %s: %d training and %d test images of 64x64x3%n", dir,
                d.trainX().size(0), d.testX().size(0));
        System.out.println("Logistic regression (zero init, lr 0.005, 2000 iterations; the course reports 99% / 70%):");
        CatClassifier.logisticRegression(d, 0.005, 2000, new LinePrinter(System.out, 500));
        System.out.println("4-layer network [12288, 20, 7, 5, 1] (lr 0.0075, 2500 iterations; the course reports 98.6% / 80%):");
        CatClassifier.deepNetwork(d, new int[] {20, 7, 5}, 0.0075, 2500, 1, System.out);
    }

    /** Prints only every n-th "Cost after iteration" line (and every other line). */
    private static final class LinePrinter extends java.io.PrintStream {
        private final int every;

        LinePrinter(java.io.PrintStream out, int every) {
            super(out, true);
            this.every = every;
        }

        @Override
        public java.io.PrintStream printf(java.util.Locale l, String format, Object... args) {
            if (format.startsWith("Cost after") && ((Integer) args[0]) % every != 0) return this;
            return super.printf(l, format, args);
        }
    }

    private static int parseInt(String option, String value) {
        try {
            int v = Integer.parseInt(value);
            if (v <= 0) throw new UsageException(option + " needs a positive integer, got " + value);
            return v;
        } catch (NumberFormatException | NullPointerException e) {
            throw new UsageException(option + " needs an integer, got " + value);
        }
    }

    private static double parseDouble(String option, String value) {
        try {
            double v = Double.parseDouble(value);
            if (!(v > 0) || !Double.isFinite(v)) throw new UsageException(option + " needs a positive number, got " + value);
            return v;
        } catch (NumberFormatException | NullPointerException e) {
            throw new UsageException(option + " needs a number, got " + value);
        }
    }

    private static String usage() {
        return """
                usage: deepj <command> [options]
                  info                  version, Java, vector width, GEMM backend, threads
                  flower [options]      train a one-hidden-layer net on the planar flower data
                      --hidden N  --lr A  --iterations N  --seed S
                  cat [--data DIR]      the course's cat classifiers on catvnoncat/*.h5 (shared data)
                  regularization        no regularization vs L2 vs dropout on a noisy 2-D field
                      --iterations N  --seed S
                  optimization          gradient descent vs momentum vs Adam on moons, mini-batches
                      --epochs N  --seed S  --decay (add the learning-rate decay runs)
                JVM settings: -Ddeepj.threads=N  -Ddeepj.gemm=auto|java|openblas (pass via DEEPJ_OPTS)
                """;
    }

    private static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
