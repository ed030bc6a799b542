package ai.deepj.nn.loss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.autograd.GradCheck;
import ai.deepj.nn.Linear;
import ai.deepj.nn.ReLU;
import ai.deepj.nn.Sequential;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Float64 finite-difference gradient checks ({@link GradCheck}, relative difference ≤ 1e-7, the
 * course's "great") of every loss, with respect to its input and, where differentiable, its target,
 * under every option; and of the L2 and L1 regularization terms with respect to a model's weights.
 * Inputs stay away from kinks (|x − y| = 0 or δ, probabilities 0 or 1) where a finite difference is
 * not a derivative.
 */
class LossGradCheckTest {
    private static final Generator G = Generator.seeded(11);

    private static Tensor randn(int... shape) {
        return Tensor.normal(G, DType.FLOAT64, 0, 1.5, shape);
    }

    private static Tensor uniform(double lo, double hi, int... shape) {
        return Tensor.uniform(G, DType.FLOAT64, lo, hi, shape);
    }

    private static void check(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.Result r = GradCheck.check(f, inputs);
        assertTrue(r.passed(), what + ": " + r);
    }

    @Test
    void regressionLossesPassGradientCheck() {
        for (Reduction red : Reduction.values()) {
            check("mse " + red, in -> new MeanSquaredError(red).compute(in[0], in[1]), randn(4, 3), randn(4, 3));
            check("mae " + red, in -> new MeanAbsoluteError(red).compute(in[0], in[1]), randn(4, 3), randn(4, 3));
            for (double delta : new double[] {0.3, 1, 4}) {
                HuberLoss huber = new HuberLoss(HuberLoss.Options.defaults().withReduction(red).withDelta(delta));
                check("huber " + delta + " " + red, in -> huber.compute(in[0], in[1]), randn(5, 3), randn(5, 3));
            }
        }
    }

    @Test
    void binaryCrossEntropyPassesGradientCheck() {
        for (Reduction red : Reduction.values()) {
            BinaryCrossEntropy plain = new BinaryCrossEntropy(BinaryCrossEntropy.Options.defaults().withReduction(red));
            check("bce " + red, in -> plain.compute(in[0], in[1]), uniform(0.05, 0.95, 4, 3), uniform(0, 1, 4, 3));
            BinaryCrossEntropy weighted = new BinaryCrossEntropy(BinaryCrossEntropy.Options.defaults().withReduction(red)
                    .withWeight(uniform(0.5, 2, 3)));
            check("bce weighted " + red, in -> weighted.compute(in[0], in[1]), uniform(0.05, 0.95, 4, 3), uniform(0, 1, 4, 3));
        }
    }

    @Test
    void binaryCrossEntropyWithLogitsPassesGradientCheckForLogitsAndTargets() {
        for (Reduction red : Reduction.values()) {
            var opts = BinaryCrossEntropyWithLogits.Options.defaults().withReduction(red);
            BinaryCrossEntropyWithLogits plain = new BinaryCrossEntropyWithLogits(opts);
            check("bce logits " + red, in -> plain.compute(in[0], in[1]), randn(4, 3).mul(3), uniform(0, 1, 4, 3));
            BinaryCrossEntropyWithLogits weighted = new BinaryCrossEntropyWithLogits(opts.withWeight(uniform(0.5, 2, 4, 1))
                    .withPosWeight(uniform(0.5, 3, 3)));
            check("bce logits weighted " + red, in -> weighted.compute(in[0], in[1]), randn(4, 3).mul(3), uniform(0, 1, 4, 3));
        }
        // The fused op's gradient at logit 0 is σ(0) − y = 0.5 − y, where max(x, 0) and |x| have kinks.
        check("bce logits at 0", in -> new BinaryCrossEntropyWithLogits().compute(in[0], in[1]),
                Tensor.zeros(DType.FLOAT64, 3, 2), uniform(0, 1, 3, 2));
    }

    @Test
    void crossEntropyPassesGradientCheckForSparseAndDenseTargets() {
        Tensor labels = Tensor.of(new int[] {0, 3, 1, 3, 2}, 5);
        Tensor weights = uniform(0.2, 3, 4);
        for (Reduction red : Reduction.values()) {
            for (double eps : new double[] {0, 0.1}) {
                for (Tensor w : new Tensor[] {null, weights}) {
                    CrossEntropy ce = new CrossEntropy(new CrossEntropy.Options(red, w, eps));
                    String what = "cross-entropy " + red + " eps " + eps + (w == null ? "" : " weighted");
                    check(what + " sparse", in -> ce.compute(in[0], in[1]), randn(5, 4), labels);
                    Tensor probs = uniform(0.1, 1, 5, 4);
                    check(what + " dense", in -> ce.compute(in[0], in[1]), randn(5, 4), probs.div(probs.sum(new int[] {1}, true)));
                }
            }
        }
    }

    @Test
    void regularizationTermsPassGradientCheckOnAModel() {
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            Generator g = Generator.seeded(4);
            Sequential model = new Sequential(new Linear(3, 5, Linear.Options.defaults(), g), new ReLU(),
                    new Linear(5, 2, Linear.Options.defaults(), g));
            Tensor x = Tensor.randn(g, 6, 3);
            Tensor y = Tensor.of(new int[] {0, 1, 1, 0, 1, 0}, 6);
            CrossEntropy ce = new CrossEntropy();
            GradCheck.Result l2 = GradCheck.checkLeaves(GradCheck.Options.defaults(),
                    () -> ce.compute(model.forward(x), y).add(Regularization.l2(model, 0.7, 6)), model.parameters());
            assertTrue(l2.passed(), "l2: " + l2);
            GradCheck.Result l1 = GradCheck.checkLeaves(GradCheck.Options.defaults(),
                    () -> ce.compute(model.forward(x), y).add(Regularization.l1(model, 0.7, 6)), model.parameters());
            assertTrue(l1.passed(), "l1: " + l1);
        }
        check("l2 of tensors", in -> Regularization.l2(java.util.List.of(in[0], in[1]), 0.3, 4), randn(3, 2), randn(2, 2, 2));
        check("l1 of tensors", in -> Regularization.l1(java.util.List.of(in[0], in[1]), 0.3, 4), randn(3, 2), randn(2, 2, 2));
    }
}
