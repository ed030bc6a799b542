package ai.deepj.examples;

import ai.deepj.data.Hdf5;
import ai.deepj.nn.Linear;
import ai.deepj.nn.Module;
import ai.deepj.nn.ReLU;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.init.Init;
import ai.deepj.nn.io.Safetensors;
import ai.deepj.nn.loss.BinaryCrossEntropyWithLogits;
import ai.deepj.nn.loss.Loss;
import ai.deepj.optim.GradientDescent;
import ai.deepj.optim.Optimizer;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The course's cat / non-cat classifiers (Course 1, weeks 2 and 4) on its real data
 * ({@code catvnoncat/*.h5}): logistic regression, and the 4-layer network
 * {@code [12288, 20, 7, 5, 1]} with ReLU hidden layers and a sigmoid output, both trained by
 * full-batch gradient descent on the cross-entropy cost. Images are flattened to 12288 values and
 * divided by 255, as in the course.
 *
 * <p>The models output logits (no final sigmoid layer): {@link BinaryCrossEntropyWithLogits} applies
 * the sigmoid inside the cost, stably, and a prediction is "cat" when the logit is above 0, which is
 * the course's {@code σ(z) > 0.5}.
 *
 * {@snippet :
 * CatClassifier.Data d = CatClassifier.load(SharedData.find("catvnoncat").orElseThrow());
 * CatClassifier.Result r = CatClassifier.logisticRegression(d, 0.005, 2000, System.out);   // 99% / 70%
 * }
 */
public final class CatClassifier {
    private CatClassifier() {}

    /** Train and test images ({@code [m, 12288]} of the default float type, in [0, 1]) and labels ({@code [m, 1]}, 1 = cat). */
    public record Data(Tensor trainX, Tensor trainY, Tensor testX, Tensor testY) {}

    /**
     * Costs and accuracies: {@code costs} holds the cost before iterations 0, 100, 200, ... (what the course
     * prints), {@code finalCost} the one before the last step, and the accuracies are after training.
     */
    public record Result(List<Double> costs, double firstCost, double finalCost, double trainAccuracy, double testAccuracy) {
        /** Copies the list (unmodifiable). */
        public Result {
            costs = List.copyOf(costs);
        }
    }

    /** Reads {@code train_catvnoncat.h5} and {@code test_catvnoncat.h5} from {@code dir}. */
    public static Data load(Path dir) throws IOException {
        Path train = dir.resolve("train_catvnoncat.h5"), test = dir.resolve("test_catvnoncat.h5");
        return new Data(images(Hdf5.read(train, "train_set_x")), labels(Hdf5.read(train, "train_set_y")),
                images(Hdf5.read(test, "test_set_x")), labels(Hdf5.read(test, "test_set_y")));
    }

    private static Tensor images(Tensor raw) {
        return raw.to(DType.defaultFloat()).reshape(raw.size(0), -1).div(255);
    }

    private static Tensor labels(Tensor raw) {
        return raw.to(DType.defaultFloat()).reshape(-1, 1);
    }

    /** Logistic regression with zero initialization, as the course's {@code model()}: α = 0.005, 2000 iterations. */
    public static Result logisticRegression(Data d, double learningRate, int iterations, PrintStream out) {
        Sequential model = new Sequential(new Linear(d.trainX().size(1), 1,
                Linear.Options.defaults().withWeightInit(Init.zeros()).withBiasInit(Init.zeros()), Generator.seeded(0)));
        return train(model, d, learningRate, iterations, out);
    }

    /**
     * The L-layer network of the course's {@code L_layer_model}: sizes {@code [12288, 20, 7, 5, 1]},
     * weights {@code randn / √n_prev} as its {@code initialize_parameters_deep} (the course's
     * "Xavier", {@link Init#xavier()}), biases zero, α = 0.0075, 2500 iterations. deepj's draw for a seed is not
     * numpy's, so the figures differ from the course's (typically 100% / 68-78%, as numpy's own other seeds give);
     * {@link #deepNetwork(Data, List, double, int, PrintStream)} starts from the course's exact draw.
     */
    public static Result deepNetwork(Data d, int[] hidden, double learningRate, int iterations, long seed, PrintStream out) {
        return train(network(d.trainX().size(1), hidden, Generator.seeded(seed)), d, learningRate, iterations, out);
    }

    /**
     * The same network started from given weights instead of a seeded draw: {@code weights.get(l)} is the
     * course's {@code W[l+1]}, {@code [n_l, n_(l-1)]} (deepj's {@link Linear} layout too), the biases start at
     * zero as in the course, and the layer sizes are read from the shapes. With the course's own seed-1 draw
     * ({@link #readCourseWeights}) this retraces the course's run: its printed costs and 98.6% / 80%.
     *
     * {@snippet :
     * List<Tensor> w = CatClassifier.readCourseWeights(Path.of("course_init.safetensors"));  // W1..W4
     * CatClassifier.Result r = CatClassifier.deepNetwork(d, w, 0.0075, 2500, System.out);    // 98.6% / 80%
     * }
     *
     * @throws IllegalArgumentException if a weight is not 2-d or does not chain from the data's 12288 inputs
     *         to one output
     */
    public static Result deepNetwork(Data d, List<Tensor> weights, double learningRate, int iterations, PrintStream out) {
        int previous = d.trainX().size(1);
        int[] hidden = new int[weights.size() - 1];
        for (int l = 0; l < weights.size(); l++) {
            Tensor w = weights.get(l);
            int expectedOut = l == weights.size() - 1 ? 1 : w.size(0);
            if (w.dim() != 2 || w.size(1) != previous || w.size(0) != expectedOut) {
                throw new IllegalArgumentException("deepNetwork: W" + (l + 1) + " has shape " + w.shape() + ", expected ["
                        + (l == weights.size() - 1 ? "1" : "n") + ", " + previous + "]");
            }
            if (l < hidden.length) hidden[l] = w.size(0);
            previous = w.size(0);
        }
        Sequential model = network(d.trainX().size(1), hidden, Generator.seeded(0));
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (var e : model.namedParameters().entrySet()) {
            // Linear layers sit at even positions of the Sequential (ReLU between): "0.weight", "2.weight", ...
            int layer = Integer.parseInt(e.getKey().substring(0, e.getKey().indexOf('.'))) / 2;
            Tensor p = e.getValue();
            state.put(e.getKey(), e.getKey().endsWith(".weight")
                    ? weights.get(layer).to(p.dtype()) : Tensor.zeros(p.dtype(), p.shape().toArray()));
        }
        model.loadState(state);
        return train(model, d, learningRate, iterations, out);
    }

    /**
     * Reads {@code W1, W2, ...} (each {@code [out, in]}) from a safetensors file such as the one
     * {@code tools/fixtures/cat_course_init.py} writes with the course's {@code np.random.seed(1)} draw.
     */
    public static List<Tensor> readCourseWeights(Path file) throws IOException {
        Map<String, Tensor> tensors = Safetensors.read(file).tensors();
        List<Tensor> weights = new ArrayList<>();
        for (int l = 1; tensors.containsKey("W" + l); l++) weights.add(tensors.get("W" + l));
        if (weights.isEmpty()) throw new IOException(file + ": no weights W1, W2, ... (has " + tensors.keySet() + ")");
        return weights;
    }

    private static Sequential network(int inputs, int[] hidden, Generator gen) {
        Sequential model = new Sequential();
        int previous = inputs;
        for (int i = 0; i <= hidden.length; i++) {
            int size = i < hidden.length ? hidden[i] : 1;
            model.add(new Linear(previous, size, Linear.Options.defaults().withWeightInit(Init.xavier()).withBiasInit(Init.zeros()), gen));
            if (i < hidden.length) model.add(new ReLU());
            previous = size;
        }
        return model;
    }

    /** Full-batch gradient descent on the cross-entropy of a model that outputs one logit per example. */
    static Result train(Module model, Data d, double learningRate, int iterations, PrintStream out) {
        Loss crossEntropy = new BinaryCrossEntropyWithLogits();
        Optimizer optimizer = GradientDescent.of(model.parameters(), learningRate);
        double first = Double.NaN, cost = Double.NaN;
        List<Double> costs = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            Tensor loss = crossEntropy.compute(model.forward(d.trainX()), d.trainY());
            loss.backward();
            optimizer.step();
            optimizer.zeroGrad();
            cost = loss.item();   // the cost before this step, as the course prints it
            if (i == 0) first = cost;
            if (i % 100 == 0) costs.add(cost);
            if (out != null && i % 100 == 0) out.printf(Locale.ROOT, "Cost after iteration %4d: %.6f%n", i, cost);
        }
        double train = accuracy(model, d.trainX(), d.trainY()), test = accuracy(model, d.testX(), d.testY());
        if (out != null) out.printf(Locale.ROOT, "Train accuracy: %.1f%%  Test accuracy: %.1f%%%n", 100 * train, 100 * test);
        return new Result(costs, first, cost, train, test);
    }

    static double accuracy(Module model, Tensor x, Tensor y) {
        try (var s = Autograd.noGrad()) {
            return model.forward(x).gt(0).eq(y).mean().item();
        }
    }
}
