package ai.deepj.examples;

import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The course's one-hidden-layer network for the flower data (Course 1, week 3), written directly
 * on the tensor engine: {@code x → tanh(x·W1 + b1) → sigmoid(·W2 + b2)}, cross-entropy cost,
 * full-batch gradient descent. Rows are examples (PyTorch's layout), so {@code W1} is
 * {@code [2, hidden]} where the course writes its transpose.
 */
public final class FlowerClassifier {
    /**
     * Settings.
     *
     * @param hidden       hidden units (the course uses 4)
     * @param learningRate α (the course uses 1.2)
     * @param iterations   gradient-descent steps (the course uses 10000)
     * @param seed         seed for the data and the initial weights
     * @param printEvery   print the cost every this many steps (0: never)
     */
    public record Options(int hidden, double learningRate, int iterations, long seed, int printEvery) {
        /** The course's settings. */
        public static Options course() {
            return new Options(4, 1.2, 10_000, 1, 1000);
        }
    }

    /** What training produced. */
    public record Result(double firstCost, double finalCost, double accuracy) {}

    private FlowerClassifier() {}

    /** Generates 400 flower points, trains, prints the cost as it falls and the final accuracy. */
    public static Result train(Options o, PrintStream out) {
        PlanarFlower.Data data = PlanarFlower.generate(400, Generator.seeded(o.seed()));
        Tensor x = data.x().to(DType.FLOAT32), y = data.y().to(DType.FLOAT32);
        int m = x.size(0);

        Generator init = Generator.seeded(o.seed() + 1);
        Tensor w1 = Tensor.randn(init, 2, o.hidden()).mul(0.01).requiresGrad(true);
        Tensor b1 = Tensor.zeros(o.hidden()).requiresGrad(true);
        Tensor w2 = Tensor.randn(init, o.hidden(), 1).mul(0.01).requiresGrad(true);
        Tensor b2 = Tensor.zeros(1).requiresGrad(true);
        Tensor[] params = {w1, b1, w2, b2};

        double first = Double.NaN, cost = Double.NaN;
        for (int i = 0; i <= o.iterations(); i++) {
            Tensor a2 = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2).sigmoid();
            // J = -(1/m) Σ [y log a + (1 - y) log(1 - a)]
            Tensor loss = y.mul(a2.log()).add(y.rsub(1).mul(a2.rsub(1).log())).sum().mul(-1.0 / m);
            cost = loss.item();
            if (i == 0) first = cost;
            if (o.printEvery() > 0 && i % o.printEvery() == 0) out.printf(Locale.ROOT, "Cost after iteration %5d: %.6f%n", i, cost);
            if (i == o.iterations()) break;
            loss.backward();
            try (var s = Autograd.noGrad()) {
                for (Tensor p : params) {
                    p.subInPlace(p.grad().mul(o.learningRate()));
                    p.zeroGrad();
                }
            }
        }
        double accuracy;
        try (var s = Autograd.noGrad()) {
            Tensor predictions = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2).sigmoid().gt(0.5);
            accuracy = predictions.eq(y).mean().item();
        }
        if (o.printEvery() > 0) out.printf(Locale.ROOT, "Accuracy: %.1f%% on %d points%n", 100 * accuracy, m);
        return new Result(first, cost, accuracy);
    }
}
