package ai.deepj.examples;

import ai.deepj.examples.MiniBatches.Batch;
import ai.deepj.nn.Linear;
import ai.deepj.nn.Module;
import ai.deepj.nn.ReLU;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.init.Init;
import ai.deepj.nn.loss.BinaryCrossEntropyWithLogits;
import ai.deepj.nn.loss.Loss;
import ai.deepj.optim.Adam;
import ai.deepj.optim.GradientDescent;
import ai.deepj.optim.LearningRateSchedule;
import ai.deepj.optim.Momentum;
import ai.deepj.optim.Optimizer;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The course's optimization lesson (Course 2, week 2): the network {@code [2, 5, 2, 1]} (ReLU
 * hidden layers, sigmoid output) trained on {@link Moons} with shuffled mini-batches of 64 by three
 * update rules at the same learning rate:
 * <ul>
 *   <li>{@link Method#GD}: mini-batch gradient descent, {@code W −= α·dW};</li>
 *   <li>{@link Method#MOMENTUM}: the course's momentum, {@code v = β·v + (1−β)·dW; W −= α·v}
 *       ({@link Momentum#course}, β = 0.9);</li>
 *   <li>{@link Method#ADAM}: Adam with β₁ = 0.9, β₂ = 0.999, ε = 1e-8 ({@link Adam}).</li>
 * </ul>
 * Optionally with the lesson's learning-rate decay {@code schedule_lr_decay}: {@code α = α₀/(1 +
 * decayRate·⌊epoch/timeInterval⌋)} ({@link LearningRateSchedule#inverseTimeStaircase}), set at the
 * start of each epoch (the course sets it at the end of the previous one; the same rates, one epoch
 * later at each stair).
 *
 * <p>Weights start as He ({@code randn·√(2/n[l−1])}, {@link Init#heNormal()}), as the lesson's
 * {@code initialize_parameters}, biases at zero; every method starts from the same weights and sees
 * the same sequence of mini-batches. The cost of an epoch is, as the course's {@code cost_avg}, the
 * mean over all examples of the losses computed on the mini-batches during that epoch.
 *
 * {@snippet :
 * List<OptimizationLesson.Result> results = OptimizationLesson.run(OptimizationLesson.Options.course(), System.out);
 * }
 */
public final class OptimizationLesson {
    /** Sizes of the layers, input to output, as in the course. */
    public static final int[] LAYERS = {2, 5, 2, 1};

    /** The update rule. */
    public enum Method {
        /** Mini-batch gradient descent. */
        GD("gradient descent"),
        /** Momentum, the course's form. */
        MOMENTUM("momentum"),
        /** Adam. */
        ADAM("Adam");

        private final String label;

        Method(String label) {
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
     * @param learningRate α, or α₀ with decay (course: 0.0007; with decay 0.1)
     * @param epochs       passes over the training set (course: 5000)
     * @param batchSize    examples per mini-batch (course: 64)
     * @param beta         momentum's β (course: 0.9)
     * @param beta1        Adam's β₁ (course: 0.9)
     * @param beta2        Adam's β₂ (course: 0.999)
     * @param eps          Adam's ε (course: 1e-8)
     * @param decayRate    learning-rate decay rate; 0 for a constant rate (course, with decay: 1)
     * @param timeInterval epochs between two decays (course: 1000)
     * @param trainSize    training examples (course: 300)
     * @param devSize      dev examples (the course has none; 300 here)
     * @param noise        the moons' noise (course: 0.2)
     * @param seed         seed of the data, the initial weights and the shuffling
     * @param logEvery     record the cost every this many epochs (course: 1000)
     */
    public record Options(double learningRate, int epochs, int batchSize, double beta, double beta1, double beta2, double eps,
            double decayRate, int timeInterval, int trainSize, int devSize, double noise, long seed, int logEvery) {
        public Options {
            if (!(learningRate > 0) || epochs < 1 || batchSize < 1 || !(decayRate >= 0) || timeInterval < 1 || trainSize < 1 || devSize < 1
                    || logEvery < 1) {
                throw new IllegalArgumentException("OptimizationLesson.Options: need learningRate > 0, epochs, batchSize, timeInterval,"
                        + " sizes and logEvery >= 1, decayRate >= 0; got lr " + learningRate + ", epochs " + epochs + ", batch "
                        + batchSize + ", decay " + decayRate + " every " + timeInterval + ", sizes " + trainSize + "/" + devSize
                        + ", logEvery " + logEvery);
            }
        }

        /** The course's settings: α 0.0007, 5000 epochs, batches of 64, β 0.9, Adam's defaults, no decay, 300 points, noise 0.2. */
        public static Options course() {
            return new Options(0.0007, 5000, 64, 0.9, 0.9, 0.999, 1e-8, 0, 1000, 300, 300, 0.2, 1, 1000);
        }

        /** The course's decay experiment: α₀ = 0.1, decay rate 1 every 1000 epochs. */
        public Options withCourseDecay() {
            return withLearningRate(0.1).withDecay(1, 1000);
        }

        /** Same settings with another learning rate (α₀ with decay). */
        public Options withLearningRate(double v) {
            return new Options(v, epochs, batchSize, beta, beta1, beta2, eps, decayRate, timeInterval, trainSize, devSize, noise, seed,
                    logEvery);
        }

        /** Same settings with another number of epochs. */
        public Options withEpochs(int v) {
            return new Options(learningRate, v, batchSize, beta, beta1, beta2, eps, decayRate, timeInterval, trainSize, devSize, noise,
                    seed, logEvery);
        }

        /** Same settings with {@code schedule_lr_decay}'s decay rate and interval (decay rate 0: constant). */
        public Options withDecay(double rate, int interval) {
            return new Options(learningRate, epochs, batchSize, beta, beta1, beta2, eps, rate, interval, trainSize, devSize, noise, seed,
                    logEvery);
        }

        /** Same settings with another seed. */
        public Options withSeed(long v) {
            return new Options(learningRate, epochs, batchSize, beta, beta1, beta2, eps, decayRate, timeInterval, trainSize, devSize,
                    noise, v, logEvery);
        }

        /** Same settings, recording the cost every {@code v} epochs. */
        public Options withLogEvery(int v) {
            return new Options(learningRate, epochs, batchSize, beta, beta1, beta2, eps, decayRate, timeInterval, trainSize, devSize,
                    noise, seed, v);
        }

        /** The learning rate per epoch: constant, or the course's {@code schedule_lr_decay}. */
        public LearningRateSchedule schedule() {
            return decayRate == 0 ? LearningRateSchedule.constant(learningRate)
                    : LearningRateSchedule.inverseTimeStaircase(learningRate, decayRate, timeInterval);
        }
    }

    /** The training and dev sets. */
    public record Data(PlanarFlower.Data train, PlanarFlower.Data dev) {}

    /**
     * What one method reached.
     *
     * @param method        the update rule
     * @param costs         the epoch cost at epochs {@code 0, logEvery, 2·logEvery, ...}
     * @param finalCost     the cost of the last epoch
     * @param finalRate     the learning rate of the last epoch
     * @param trainAccuracy fraction of training points right
     * @param devAccuracy   fraction of dev points right
     */
    public record Result(Method method, List<Double> costs, double finalCost, double finalRate, double trainAccuracy, double devAccuracy) {}

    private OptimizationLesson() {}

    /** The training and dev moons of {@code o.seed()}, drawn one after the other from one generator. */
    public static Data data(Options o) {
        Generator gen = Generator.seeded(o.seed());
        PlanarFlower.Data train = Moons.generate(o.trainSize(), o.noise(), gen);
        return new Data(train, Moons.generate(o.devSize(), o.noise(), gen));
    }

    /** The network, He-initialized from {@code init}; it outputs logits. */
    public static Sequential model(Generator init) {
        Sequential model = new Sequential();
        for (int l = 1; l < LAYERS.length; l++) {
            model.add(new Linear(LAYERS[l - 1], LAYERS[l], Linear.Options.defaults().withWeightInit(Init.heNormal())
                    .withBiasInit(Init.zeros()), init));
            if (l < LAYERS.length - 1) model.add(new ReLU());   // the output's sigmoid is inside the cost
        }
        return model;
    }

    /** The optimizer of a method over {@code params}, at the options' (initial) learning rate. */
    public static Optimizer optimizer(Method method, List<Tensor> params, Options o) {
        return switch (method) {
            case GD -> GradientDescent.of(params, o.learningRate());
            case MOMENTUM -> Momentum.course(params, o.learningRate(), o.beta());
            case ADAM -> Adam.of(params, Adam.Options.defaults().withLr(o.learningRate()).withBeta1(o.beta1()).withBeta2(o.beta2())
                    .withEps(o.eps()));
        };
    }

    /** Trains with one method on {@code d.train()} and measures it on both sets. */
    public static Result train(Method method, Data d, Options o) {
        Tensor x = d.train().x().to(DType.defaultFloat()), y = d.train().y().to(DType.defaultFloat());
        int m = x.size(0);
        Sequential model = model(Generator.seeded(o.seed() + 1));
        Loss crossEntropy = new BinaryCrossEntropyWithLogits();
        Optimizer optimizer = optimizer(method, model.parameters(), o);
        LearningRateSchedule schedule = o.schedule();
        Generator shuffle = Generator.seeded(o.seed() + 2);
        List<Double> costs = new ArrayList<>();
        double cost = Double.NaN, lr = Double.NaN;
        for (int epoch = 0; epoch < o.epochs(); epoch++) {
            lr = schedule.applyTo(optimizer, epoch);
            double total = 0;
            for (Batch b : MiniBatches.shuffled(x, y, o.batchSize(), shuffle)) {
                Tensor loss = crossEntropy.compute(model.forward(b.x()), b.y());
                loss.backward();
                optimizer.step();
                optimizer.zeroGrad();
                total += loss.item() * b.size();   // the batch's mean times its size: its sum
            }
            cost = total / m;
            if (epoch % o.logEvery() == 0) costs.add(cost);
        }
        return new Result(method, costs, cost, lr, accuracy(model, d.train()), accuracy(model, d.dev()));
    }

    /** Trains with the three methods and prints the lesson's table: the cost as it falls, then the accuracies. */
    public static List<Result> run(Options o, PrintStream out) {
        Data d = data(o);
        out.printf(Locale.ROOT, "Moons: %d training and %d dev points, noise %s (seed %d). Network %s, ReLU, sigmoid output;%n",
                o.trainSize(), o.devSize(), o.noise(), o.seed(), Arrays.toString(LAYERS));
        out.printf(Locale.ROOT, "mini-batches of %d, %d epochs, %s.%n%n", o.batchSize(), o.epochs(), o.decayRate() == 0
                ? "learning rate " + o.learningRate()
                : "learning rate " + o.learningRate() + "/(1 + " + o.decayRate() + "·⌊epoch/" + o.timeInterval() + "⌋)");
        List<Result> results = new ArrayList<>();
        for (Method method : Method.values()) results.add(train(method, d, o));
        print(results, o, out);
        return results;
    }

    /** Prints a table of results side by side. */
    static void print(List<Result> results, Options o, PrintStream out) {
        out.printf(Locale.ROOT, "%-22s", "cost after epoch");
        for (Result r : results) out.printf(Locale.ROOT, "%18s", r.method().label());
        out.println();
        for (int k = 0; k < results.get(0).costs().size(); k++) {
            out.printf(Locale.ROOT, "%-22d", k * o.logEvery());
            for (Result r : results) out.printf(Locale.ROOT, "%18.6f", r.costs().get(k));
            out.println();
        }
        out.printf(Locale.ROOT, "%-22s", "final cost");
        for (Result r : results) out.printf(Locale.ROOT, "%18.6f", r.finalCost());
        out.printf(Locale.ROOT, "%n%-22s", "final learning rate");
        for (Result r : results) out.printf(Locale.ROOT, "%18.6g", r.finalRate());
        out.printf(Locale.ROOT, "%n%-22s", "train accuracy");
        for (Result r : results) out.printf(Locale.ROOT, "%17.1f%%", 100 * r.trainAccuracy());
        out.printf(Locale.ROOT, "%n%-22s", "dev accuracy");
        for (Result r : results) out.printf(Locale.ROOT, "%17.1f%%", 100 * r.devAccuracy());
        out.println();
    }

    /** Fraction of points whose logit has the sign of the label. */
    static double accuracy(Module model, PlanarFlower.Data d) {
        try (var s = Autograd.noGrad()) {
            return model.forward(d.x().to(DType.defaultFloat())).gt(0).eq(d.y().to(DType.defaultFloat())).mean().item();
        }
    }
}
