package ai.deepj.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.nn.Linear;
import ai.deepj.nn.ReLU;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.loss.BinaryCrossEntropyWithLogits;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The course's lesson on initialization, on two concentric circles (a problem no linear model
 * solves): with every weight initialized to the same value (zeros, or any constant) the hidden
 * units compute the same function and receive the same gradient, so they stay identical whatever
 * the training and the network is no better than one unit; zeros leave it at chance. He
 * initialization breaks the symmetry and the network learns the circles.
 */
class SymmetryBreakingTest {
    private static final int N = 200, HIDDEN = 16;
    private static Tensor x, y;

    /** Inner circle radius 0.5 (label 0) and outer circle radius 1 (label 1), radial noise ±0.1. */
    private static void circles() {
        Generator g = Generator.seeded(2024);
        double[] xs = new double[2 * N], ys = new double[N];
        for (int i = 0; i < N; i++) {
            int label = i % 2;
            double r = (label == 0 ? 0.5 : 1.0) + 0.2 * (g.nextDouble() - 0.5);
            double a = 2 * Math.PI * g.nextDouble();
            xs[2 * i] = r * Math.cos(a);
            xs[2 * i + 1] = r * Math.sin(a);
            ys[i] = label;
        }
        x = Tensor.of(xs, N, 2).to(DType.FLOAT32);
        y = Tensor.of(ys, N, 1).to(DType.FLOAT32);
    }

    /** Full-batch gradient descent on the cross-entropy; returns the trained model. */
    private static Sequential train(Initializer weightInit) {
        if (x == null) circles();
        Generator g = Generator.seeded(5);
        Linear.Options opts = Linear.Options.defaults().withWeightInit(weightInit).withBiasInit(Init.zeros());
        Sequential model = new Sequential(new Linear(2, HIDDEN, opts, g), new ReLU(), new Linear(HIDDEN, 1, opts, g));
        BinaryCrossEntropyWithLogits loss = new BinaryCrossEntropyWithLogits();
        for (int step = 0; step < 300; step++) {
            loss.compute(model.forward(x), y).backward();
            try (var s = Autograd.noGrad()) {
                for (Tensor p : model.parameters()) {
                    p.subInPlace(p.grad().mul(1.0));
                    p.zeroGrad();
                }
            }
        }
        return model;
    }

    private static double accuracy(Sequential model) {
        try (var s = Autograd.noGrad()) {
            float[] logits = model.forward(x).toFloatArray(), labels = y.toFloatArray();
            int hits = 0;
            for (int i = 0; i < N; i++) if ((logits[i] > 0 ? 1 : 0) == labels[i]) hits++;
            return (double) hits / N;
        }
    }

    private static float[] row(Tensor w, int i) {
        return w.select(0, i).toFloatArray();
    }

    @Test
    void zeroInitializationNeverBreaksSymmetry() {
        Sequential model = train(Init.zeros());
        Tensor w1 = ((Linear) model.children().get("0")).weight();
        for (int i = 1; i < HIDDEN; i++) assertArrayEquals(row(w1, 0), row(w1, i), 0f, "hidden unit " + i);
        assertEquals(0.5, accuracy(model), 1e-9, "chance on balanced classes");
    }

    @Test
    void constantInitializationKeepsHiddenUnitsIdenticalWhileTheyLearn() {
        Sequential model = train(Init.constant(0.3));
        Tensor w1 = ((Linear) model.children().get("0")).weight();
        assertFalse(java.util.Arrays.equals(row(w1, 0), new float[] {0.3f, 0.3f}), "the weights did change");
        for (int i = 1; i < HIDDEN; i++) assertArrayEquals(row(w1, 0), row(w1, i), 0f, "hidden unit " + i);
        assertTrue(accuracy(model) < 0.75, "one effective unit cannot separate the circles: " + accuracy(model));
    }

    @Test
    void heInitializationBreaksSymmetryAndLearnsTheCircles() {
        Sequential model = train(Init.heNormal());
        Tensor w1 = ((Linear) model.children().get("0")).weight();
        assertFalse(java.util.Arrays.equals(row(w1, 0), row(w1, 1)));
        double acc = accuracy(model);
        assertTrue(acc >= 0.95, "accuracy " + acc);
    }
}
