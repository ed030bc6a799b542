package ai.deepj.examples;

import ai.deepj.nn.Dropout;
import ai.deepj.nn.Linear;
import ai.deepj.nn.Module;
import ai.deepj.nn.ReLU;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.init.Init;
import ai.deepj.nn.loss.BinaryCrossEntropyWithLogits;
import ai.deepj.nn.loss.Loss;
import ai.deepj.nn.loss.Regularization;
import ai.deepj.optim.GradientDescent;
import ai.deepj.optim.Optimizer;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The course's regularization lesson (Course 2, week 1): the 3-layer network
 * {@code [2, 20, 3, 1]} (ReLU hidden layers, sigmoid output) trained by full-batch gradient descent
 * on a small, noisy 2-D training set ({@link FootballField}) three ways, and judged on a separate
 * dev set:
 * <ul>
 *   <li>{@link Variant#NONE}: no regularization; it learns the training set's noise and overfits
 *       (train accuracy above dev accuracy);</li>
 *   <li>{@link Variant#L2}: the cost {@code J = (1/m)·Σ L + (λ/2m)·Σ_l ‖W[l]‖²_F}, with the L2 term
 *       in the cost itself ({@link Regularization#l2}), so the cost printed is the one minimized and
 *       autograd adds {@code (λ/m)·W} to each {@code dW};</li>
 *   <li>{@link Variant#DROPOUT}: inverted dropout after both hidden layers, each unit kept with
 *       probability {@code keepProb}, a fresh mask every iteration; off for evaluation.</li>
 * </ul>
 * Weights start as {@code randn/√n[l−1]} ({@link Init#xavier()}, the lesson's
 * {@code initialize_parameters}), biases at zero; all three variants start from the same weights.
 *
 * <p>The course's dropout code reseeds numpy ({@code np.random.seed(1)}) at the top of every forward
 * pass, so it draws the <em>same</em> masks at every iteration; here each iteration draws new masks,
 * as dropout is meant to (and as PyTorch and Keras do).
 *
 * {@snippet :
 * List<RegularizationLesson.Result> results = RegularizationLesson.run(RegularizationLesson.Options.course(), System.out);
 * }
 */
public final class RegularizationLesson {
    /** Sizes of the layers, input to output, as in the course. */
    public static final int[] LAYERS = {2, 20, 3, 1};

    /** How the network is regularized. */
    public enum Variant {
        /** Plain cross-entropy. */
        NONE("no regularization"),
        /** Cross-entropy plus {@code (λ/2m)·Σ‖W‖²}. */
        L2("L2"),
        /** Inverted dropout on the hidden layers. */
        DROPOUT("dropout");

        private final String label;

        Variant(String label) {
            this.label = label;
        }

        /** A name for tables. */
        public String label() {
            return label;
        }
    }

    /**
     * Settings.
     *
     * @param learningRate α of gradient descent (course: 0.3)
     * @param iterations   full-batch steps (course: 30000)
     * @param lambda       λ of the L2 term (course: 0.7)
     * @param keepProb     probability of keeping a hidden unit under dropout (course: 0.86)
     * @param trainSize    training examples (course: 211)
     * @param devSize      dev examples (course: 200)
     * @param seed         seed of the data, the initial weights and the dropout masks
     * @param logEvery     record the cost every this many iterations (course: 10000)
     */
    public record Options(double learningRate, int iterations, double lambda, double keepProb, int trainSize, int devSize, long seed,
            int logEvery) {
        public Options {
            if (!(learningRate > 0) || iterations < 1 || !(lambda >= 0) || !(keepProb > 0 && keepProb <= 1) || trainSize < 1 || devSize < 1
                    || logEvery < 1) {
                throw new IllegalArgumentException("RegularizationLesson.Options: need learningRate > 0, iterations >= 1, lambda >= 0,"
                        + " keepProb in (0, 1], sizes >= 1, logEvery >= 1; got " + learningRate + ", " + iterations + ", " + lambda + ", "
                        + keepProb + ", " + trainSize + ", " + devSize + ", " + logEvery);
            }
        }

        /** The course's settings: α 0.3, 30000 iterations, λ 0.7, keepProb 0.86, 211 + 200 points, seed 1. */
        public static Options course() {
            return new Options(0.3, 30_000, 0.7, 0.86, 211, 200, 1, 10_000);
        }

        /** Same settings with another number of iterations. */
        public Options withIterations(int v) {
            return new Options(learningRate, v, lambda, keepProb, trainSize, devSize, seed, logEvery);
        }

        /** Same settings with another seed. */
        public Options withSeed(long v) {
            return new Options(learningRate, iterations, lambda, keepProb, trainSize, devSize, v, logEvery);
        }

        /** Same settings, recording the cost every {@code v} iterations. */
        public Options withLogEvery(int v) {
            return new Options(learningRate, iterations, lambda, keepProb, trainSize, devSize, seed, v);
        }
    }

    /** The training and dev sets. */
    public record Data(PlanarFlower.Data train, PlanarFlower.Data dev) {}

    /**
     * What one variant reached.
     *
     * @param variant       the variant
     * @param costs         the cost at iterations {@code 0, logEvery, 2·logEvery, ...} (with the L2 term for {@link Variant#L2})
     * @param finalCost     the cost at the last iteration
     * @param finalDataCost the cross-entropy part of {@code finalCost}, without the L2 term
     * @param trainAccuracy fraction of training points right (dropout off)
     * @param devAccuracy   fraction of dev points right
     */
    public record Result(Variant variant, List<Double> costs, double finalCost, double finalDataCost, double trainAccuracy,
            double devAccuracy) {}

    private RegularizationLesson() {}

    /** The training and dev sets of {@code o.seed()}, drawn one after the other from one generator. */
    public static Data data(Options o) {
        Generator gen = Generator.seeded(o.seed());
        PlanarFlower.Data train = FootballField.generate(o.trainSize(), gen);
        return new Data(train, FootballField.generate(o.devSize(), gen));
    }

    /** The network for a variant; its weights come from {@code init}, its dropout masks from {@code masks}. */
    public static Sequential model(Variant variant, double keepProb, Generator init, Generator masks) {
        Sequential model = new Sequential();
        for (int l = 1; l < LAYERS.length; l++) {
            model.add(new Linear(LAYERS[l - 1], LAYERS[l], Linear.Options.defaults().withWeightInit(Init.xavier()).withBiasInit(Init.zeros()),
                    init));
            if (l == LAYERS.length - 1) break;   // the output is a logit: the sigmoid is inside the cost
            model.add(new ReLU());
            if (variant == Variant.DROPOUT) model.add(Dropout.ofKeepProb(keepProb, masks));
        }
        return model;
    }

    /** Trains one variant on {@code d.train()} and measures it on both sets. */
    public static Result train(Variant variant, Data d, Options o) {
        Tensor x = d.train().x().to(DType.defaultFloat()), y = d.train().y().to(DType.defaultFloat());
        int m = x.size(0);
        Sequential model = model(variant, o.keepProb(), Generator.seeded(o.seed() + 1), Generator.seeded(o.seed() + 2));
        Loss crossEntropy = new BinaryCrossEntropyWithLogits();
        Optimizer optimizer = GradientDescent.of(model.parameters(), o.learningRate());
        List<Double> costs = new ArrayList<>();
        double cost = Double.NaN, dataCost = Double.NaN;
        for (int i = 0; i < o.iterations(); i++) {
            Tensor crossEntropyCost = crossEntropy.compute(model.forward(x), y);
            Tensor loss = variant == Variant.L2 ? crossEntropyCost.add(Regularization.l2(model, o.lambda(), m)) : crossEntropyCost;
            loss.backward();
            optimizer.step();
            optimizer.zeroGrad();
            cost = loss.item();   // before this step's update, as the course prints it
            dataCost = crossEntropyCost.item();
            if (i % o.logEvery() == 0) costs.add(cost);
        }
        model.eval();
        return new Result(variant, costs, cost, dataCost, accuracy(model, d.train()), accuracy(model, d.dev()));
    }

    /** Trains the three variants and prints the lesson's table: the cost as it falls, then the accuracies. */
    public static List<Result> run(Options o, PrintStream out) {
        Data d = data(o);
        out.printf(Locale.ROOT, "Football field: %d training and %d dev points (seed %d). Network %s, ReLU, sigmoid output;%n",
                o.trainSize(), o.devSize(), o.seed(), java.util.Arrays.toString(LAYERS));
        out.printf(Locale.ROOT, "full-batch gradient descent, lr %s, %d iterations. L2: lambda %s. Dropout: keepProb %s.%n%n",
                o.learningRate(), o.iterations(), o.lambda(), o.keepProb());
        List<Result> results = new ArrayList<>();
        for (Variant v : Variant.values()) results.add(train(v, d, o));
        out.printf(Locale.ROOT, "%-22s", "cost after iteration");
        for (Result r : results) out.printf(Locale.ROOT, "%20s", r.variant().label());
        out.println();
        for (int k = 0; k < results.get(0).costs().size(); k++) {
            out.printf(Locale.ROOT, "%-22d", k * o.logEvery());
            for (Result r : results) out.printf(Locale.ROOT, "%20.6f", r.costs().get(k));
            out.println();
        }
        out.printf(Locale.ROOT, "%-22s", "final cost");
        for (Result r : results) out.printf(Locale.ROOT, "%20.6f", r.finalCost());
        out.printf(Locale.ROOT, "%n%-22s", "  of which L2 term");
        for (Result r : results) out.printf(Locale.ROOT, "%20s", r.variant() == Variant.L2 ? String.format(Locale.ROOT, "%.6f",
                r.finalCost() - r.finalDataCost()) : "-");
        out.printf(Locale.ROOT, "%n%-22s", "train accuracy");
        for (Result r : results) out.printf(Locale.ROOT, "%19.1f%%", 100 * r.trainAccuracy());
        out.printf(Locale.ROOT, "%n%-22s", "dev accuracy");
        for (Result r : results) out.printf(Locale.ROOT, "%19.1f%%", 100 * r.devAccuracy());
        out.println();
        return results;
    }

    /** Fraction of points whose logit has the sign of the label (σ(z) > 0.5 for class 1). */
    static double accuracy(Module model, PlanarFlower.Data d) {
        try (var s = Autograd.noGrad()) {
            return model.forward(d.x().to(DType.defaultFloat())).gt(0).eq(d.y().to(DType.defaultFloat())).mean().item();
        }
    }
}
