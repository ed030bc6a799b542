package ai.deepj.examples;

import ai.deepj.data.Hdf5;
import ai.deepj.nn.Linear;
import ai.deepj.nn.Module;
import ai.deepj.nn.ReLU;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.init.Init;
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
import java.util.Locale;

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

    /** Accuracies after training. */
    public record Result(double firstCost, double finalCost, double trainAccuracy, double testAccuracy) {}

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
     * "Xavier", {@link Init#xavier()}), biases zero, α = 0.0075, 2500 iterations.
     */
    public static Result deepNetwork(Data d, int[] hidden, double learningRate, int iterations, long seed, PrintStream out) {
        Generator gen = Generator.seeded(seed);
        Sequential model = new Sequential();
        int previous = d.trainX().size(1);
        for (int i = 0; i <= hidden.length; i++) {
            int size = i < hidden.length ? hidden[i] : 1;
            model.add(new Linear(previous, size, Linear.Options.defaults().withWeightInit(Init.xavier()).withBiasInit(Init.zeros()), gen));
            if (i < hidden.length) model.add(new ReLU());
            previous = size;
        }
        return train(model, d, learningRate, iterations, out);
    }

    /** Full-batch gradient descent on the cross-entropy of a model that outputs one logit per example. */
    static Result train(Module model, Data d, double learningRate, int iterations, PrintStream out) {
        Loss crossEntropy = new BinaryCrossEntropyWithLogits();
        Optimizer optimizer = GradientDescent.of(model.parameters(), learningRate);
        double first = Double.NaN, cost = Double.NaN;
        for (int i = 0; i < iterations; i++) {
            Tensor loss = crossEntropy.compute(model.forward(d.trainX()), d.trainY());
            loss.backward();
            optimizer.step();
            optimizer.zeroGrad();
            cost = loss.item();   // the cost before this step, as the course prints it
            if (i == 0) first = cost;
            if (out != null && i % 100 == 0) out.printf(Locale.ROOT, "Cost after iteration %4d: %.6f%n", i, cost);
        }
        double train = accuracy(model, d.trainX(), d.trainY()), test = accuracy(model, d.testX(), d.testY());
        if (out != null) out.printf(Locale.ROOT, "Train accuracy: %.1f%%  Test accuracy: %.1f%%%n", 100 * train, 100 * test);
        return new Result(first, cost, train, test);
    }

    static double accuracy(Module model, Tensor x, Tensor y) {
        try (var s = Autograd.noGrad()) {
            return model.forward(x).gt(0).eq(y).mean().item();
        }
    }
}
