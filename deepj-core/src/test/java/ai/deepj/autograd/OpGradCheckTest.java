package ai.deepj.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A float64 finite-difference gradient check ({@link GradCheck}, default ε = 1e-6 and tolerance
 * 1e-7) of every differentiable op, including its broadcasting, reduction and view variants.
 * Inputs are seeded random values chosen away from kinks: no relu/abs/clamp input near a corner,
 * no ties for max/min/maximum, positive bases for pow, logs and square roots. Then tests of
 * {@link GradCheck} itself: it must catch a wrong gradient and say where.
 */
class OpGradCheckTest {
    private static final List<DynamicTest> CHECKS = new ArrayList<>();

    private static Tensor randn(long seed, int... shape) {
        return Tensor.normal(Generator.seeded(seed), DType.FLOAT64, 0, 1, shape);
    }

    private static Tensor uniform(long seed, double lo, double hi, int... shape) {
        return Tensor.uniform(Generator.seeded(seed), DType.FLOAT64, lo, hi, shape);
    }

    /** randn values pushed at least 0.1 away from zero, for ops with a kink at 0. */
    private static Tensor awayFromZero(long seed, int... shape) {
        Tensor x = randn(seed, shape);
        return x.add(x.sign().mul(0.1));
    }

    private static void check(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        check(name, GradCheck.Options.defaults(), f, inputs);
    }

    private static void check(String name, GradCheck.Options options, Function<Tensor[], Tensor> f, Tensor... inputs) {
        CHECKS.add(DynamicTest.dynamicTest(name, () -> {
            GradCheck.Result r = GradCheck.check(options, f, inputs);
            assertTrue(r.passed(), () -> name + ": " + r);
            assertTrue(r.coordinates() > 0 || name.contains("empty"), () -> name + ": nothing was checked");
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyDifferentiableOpPassesGradCheck() {
        CHECKS.clear();
        elementwise();
        reductions();
        matmul();
        views();
        joinAndIndexing();
        return CHECKS.stream();
    }

    private static void elementwise() {
        int[][][] broadcasts = {{{2, 3}, {2, 3}}, {{2, 3}, {3}}, {{2, 1}, {1, 3}}, {{4, 1, 3}, {2, 1}}, {{2, 3}, {}}, {{}, {3}}};
        for (int[][] s : broadcasts) {
            String tag = java.util.Arrays.toString(s[0]) + " with " + java.util.Arrays.toString(s[1]);
            check("add " + tag, in -> in[0].add(in[1]), randn(1, s[0]), randn(2, s[1]));
            check("sub " + tag, in -> in[0].sub(in[1]), randn(3, s[0]), randn(4, s[1]));
            check("mul " + tag, in -> in[0].mul(in[1]), randn(5, s[0]), randn(6, s[1]));
            check("div " + tag, in -> in[0].div(in[1]), randn(7, s[0]), uniform(8, 0.5, 2, s[1]));
            check("pow " + tag, in -> in[0].pow(in[1]), uniform(9, 0.5, 2, s[0]), uniform(10, -1.5, 2.5, s[1]));
            check("maximum " + tag, in -> in[0].maximum(in[1]), randn(11, s[0]), randn(12, s[1]));
            check("minimum " + tag, in -> in[0].minimum(in[1]), randn(13, s[0]), randn(14, s[1]));
        }
        check("add scalar", in -> in[0].add(1.5), randn(20, 2, 3));
        check("sub scalar", in -> in[0].sub(1.5), randn(21, 2, 3));
        check("rsub scalar", in -> in[0].rsub(1.5), randn(22, 2, 3));
        check("mul scalar", in -> in[0].mul(-2.5), randn(23, 2, 3));
        check("div scalar", in -> in[0].div(4), randn(24, 2, 3));
        for (double e : new double[] {2, 3, 0.5, -1, -2.5}) {
            check("pow scalar " + e, in -> in[0].pow(e), uniform(25, 0.5, 2, 2, 3));
        }
        check("pow negative base integer exponent", in -> in[0].pow(3), randn(26, 2, 3));
        Tensor mask = Tensor.of(new double[] {1, 0, 1, 0, 0, 1}, 2, 3);
        check("where", in -> Tensor.where(mask, in[0], in[1]), randn(30, 2, 3), randn(31, 2, 3));
        check("where broadcast", in -> Tensor.where(Tensor.of(new double[] {1, 0, 1}, 3), in[0], in[1]), randn(32, 2, 3),
                randn(33, 2, 1));
        check("maskedFill", in -> in[0].maskedFill(mask, -3), randn(34, 2, 3));
        check("clamp", in -> in[0].clamp(-0.5, 0.7), Tensor.of(new double[] {-1.3, -0.2, 0.1, 0.45, 0.9, 2.0}, 2, 3));
        check("neg", in -> in[0].neg(), randn(40, 3, 4));
        check("abs", in -> in[0].abs(), awayFromZero(41, 3, 4));
        check("sign", in -> in[0].sign(), awayFromZero(42, 3, 4));
        check("exp", in -> in[0].exp(), randn(43, 3, 4));
        check("log", in -> in[0].log(), uniform(44, 0.1, 5, 3, 4));
        check("log1p", in -> in[0].log1p(), uniform(45, -0.9, 3, 3, 4));
        check("sqrt", in -> in[0].sqrt(), uniform(46, 0.1, 5, 3, 4));
        check("square", in -> in[0].square(), randn(47, 3, 4));
        check("reciprocal", in -> in[0].reciprocal(), uniform(48, 0.2, 3, 3, 4));
        check("tanh", in -> in[0].tanh(), randn(49, 3, 4));
        check("sigmoid", in -> in[0].sigmoid(), randn(50, 3, 4));
        check("relu", in -> in[0].relu(), awayFromZero(51, 3, 4));
        check("leakyRelu 0.01", in -> in[0].leakyRelu(0.01), awayFromZero(52, 3, 4));
        check("leakyRelu 0.2", in -> in[0].leakyRelu(0.2), awayFromZero(53, 3, 4));
        check("to(FLOAT64) of a float64 tensor", in -> in[0].to(DType.FLOAT64).mul(in[0]), randn(54, 2, 2));
        check("composite: x * sigmoid(x) + x^2 / (1 + |x|)",
                in -> in[0].mul(in[0].sigmoid()).add(in[0].square().div(in[0].abs().add(1))), awayFromZero(55, 5));
    }

    private static void reductions() {
        Tensor x = randn(60, 2, 3, 4); // continuous random values: no ties
        int[][] axesList = {{0}, {1}, {2}, {-1}, {0, 2}, {-2, 0}, {0, 1, 2}};
        for (int[] axes : axesList) {
            for (boolean keep : new boolean[] {false, true}) {
                String tag = java.util.Arrays.toString(axes) + (keep ? " keepdims" : "");
                check("sum " + tag, in -> in[0].sum(axes, keep), x);
                check("mean " + tag, in -> in[0].mean(axes, keep), x);
                check("max " + tag, in -> in[0].max(axes, keep), x);
                check("min " + tag, in -> in[0].min(axes, keep), x);
                check("var correction 0 " + tag, in -> in[0].var(axes, keep, 0), x);
                check("var correction 1 " + tag, in -> in[0].var(axes, keep, 1), x);
                check("logsumexp " + tag, in -> in[0].logsumexp(axes, keep), x);
                for (double p : new double[] {1, 2, 3}) check("norm p=" + p + " " + tag, in -> in[0].norm(p, axes, keep), x);
            }
        }
        check("sum all", in -> in[0].sum(), x);
        check("mean all", in -> in[0].mean(), x);
        check("max all", in -> in[0].max(), x);
        check("min all", in -> in[0].min(), x);
        check("norm all", in -> in[0].norm(), x);
        check("sum of a transposed view", in -> in[0].transpose(0, 2).sum(new int[] {1}, false), x);
        check("max of a transposed view", in -> in[0].transpose(0, 2).max(new int[] {0}, true), x);
        // Values near 1000 make the finite differences of a ~1000-valued loss lose digits to rounding
        // (ε·f'/f ≈ 1e-9); a larger ε keeps the truncation error small and the rounding error below it.
        check("logsumexp large values", GradCheck.Options.defaults().withEpsilon(1e-4),
                in -> in[0].logsumexp(new int[] {1}, false), Tensor.of(new double[] {1000, 1000.5, 999, -1000, -1001, -1002.5}, 2, 3));
    }

    private static void matmul() {
        check("matmul 1D·1D", in -> in[0].matmul(in[1]), randn(70, 4), randn(71, 4));
        check("matmul 1D·2D", in -> in[0].matmul(in[1]), randn(72, 3), randn(73, 3, 5));
        check("matmul 2D·1D", in -> in[0].matmul(in[1]), randn(74, 4, 3), randn(75, 3));
        check("matmul 2D·2D", in -> in[0].matmul(in[1]), randn(76, 4, 3), randn(77, 3, 5));
        check("matmul batched 3D·3D", in -> in[0].matmul(in[1]), randn(78, 2, 4, 3), randn(79, 2, 3, 5));
        check("matmul 3D·2D", in -> in[0].matmul(in[1]), randn(80, 2, 4, 3), randn(81, 3, 5));
        check("matmul 2D·3D", in -> in[0].matmul(in[1]), randn(82, 4, 3), randn(83, 2, 3, 5));
        check("matmul 1D·3D", in -> in[0].matmul(in[1]), randn(84, 3), randn(85, 2, 3, 4));
        check("matmul 3D·1D", in -> in[0].matmul(in[1]), randn(86, 2, 4, 3), randn(87, 3));
        check("matmul 4D broadcast batch", in -> in[0].matmul(in[1]), randn(88, 2, 1, 3, 4), randn(89, 1, 3, 4, 2));
        check("matmul transposed A", in -> in[0].t().matmul(in[1]), randn(90, 3, 4), randn(91, 3, 5));
        check("matmul transposed B", in -> in[0].matmul(in[1].t()), randn(92, 4, 3), randn(93, 5, 3));
        check("matmul transposed both", in -> in[0].t().matmul(in[1].t()), randn(94, 3, 4), randn(95, 5, 3));
        check("matmul batched transposed", in -> in[0].matmul(in[1].transpose(-1, -2)), randn(96, 2, 4, 3), randn(97, 2, 5, 3));
        check("matmul same input twice", in -> in[0].matmul(in[0]), randn(98, 3, 3));
        check("linear 2D with bias", in -> in[0].linear(in[1], in[2]), randn(300, 4, 3), randn(301, 5, 3), randn(302, 5));
        check("linear 3D without bias", in -> in[0].linear(in[1], null), randn(303, 2, 4, 3), randn(304, 5, 3));
        check("linear 1D", in -> in[0].linear(in[1], in[2]), randn(305, 3), randn(306, 5, 3), randn(307, 5));
        check("linear transposed input", in -> in[0].t().linear(in[1], in[2]), randn(308, 3, 4), randn(309, 5, 3), randn(310, 5));
        // The engine hands fresh gradients to leaves without a copy; these share one gradient
        // buffer between a leaf and other consumers, which must then get copies.
        check("shared gradient: x + x", in -> in[0].add(in[0]), randn(311, 3, 2));
        check("shared gradient: leaf and a later node", in -> in[0].add(in[0].exp()).add(in[0].mul(2)), randn(312, 3, 2));
        check("shared gradient: two leaves and a node", in -> in[0].add(in[1]).add(in[0].mul(in[1])), randn(313, 4), randn(314, 4));
    }

    private static void views() {
        Tensor v = randn(100, 2, 3, 4);
        Tensor w = randn(101, 4, 3); // weights make every output element matter differently
        check("reshape", in -> in[0].reshape(4, 6).matmul(in[1].reshape(6, 2)), v, w);
        check("reshape inferred", in -> in[0].reshape(-1, 4).square(), v);
        check("reshape of a non-contiguous view", in -> in[0].transpose(0, 2).reshape(6, 4).square(), v);
        check("flatten", in -> in[0].flatten().square(), v);
        check("flatten 1..2", in -> in[0].flatten(1, 2).square(), v);
        check("transpose", in -> in[0].transpose(0, 2).square(), v);
        check("t", in -> in[0].t().matmul(in[0]), w);
        check("permute", in -> in[0].permute(2, 0, 1).square(), v);
        check("narrow", in -> in[0].narrow(2, 1, 2).square(), v);
        check("slice with step", in -> in[0].slice(2, 0, 4, 2).square(), v);
        check("slice negative start", in -> in[0].slice(-1, -3, 4, 2).square(), v);
        check("select", in -> in[0].select(1, 2).square(), v);
        check("select negative", in -> in[0].select(-1, -1).square(), v);
        check("expand", in -> in[0].expand(2, 3, 4).square(), randn(102, 3, 1));
        check("expand scalar", in -> in[0].expand(2, 2).mul(randn(103, 2, 2)), Tensor.scalar(0.7, DType.FLOAT64));
        check("squeeze", in -> in[0].squeeze().square(), randn(104, 1, 3, 1, 2));
        check("squeeze dim", in -> in[0].squeeze(2).square(), randn(105, 1, 3, 1, 2));
        check("unsqueeze", in -> in[0].unsqueeze(1).square(), randn(106, 3, 2));
        check("unsqueeze negative", in -> in[0].unsqueeze(-1).square(), randn(107, 3, 2));
        check("contiguous", in -> in[0].transpose(0, 1).contiguous().square(), randn(108, 3, 2));
        check("clone", in -> in[0].clone().square(), randn(109, 3, 2));
        check("view of a view", in -> in[0].transpose(0, 2).narrow(0, 1, 2).slice(2, 0, 2, 1).reshape(-1).square(), v);
    }

    private static void joinAndIndexing() {
        check("concat dim 0", in -> Tensor.concat(0, in[0], in[1].square(), in[2]), randn(110, 2, 3), randn(111, 1, 3), randn(112, 3, 3));
        check("concat dim -1", in -> Tensor.concat(-1, in[0], in[1]).square(), randn(113, 2, 3, 2), randn(114, 2, 3, 1));
        check("concat same tensor twice", in -> Tensor.concat(0, in[0], in[0].exp()), randn(115, 2, 2));
        check("stack dim 0", in -> Tensor.stack(0, in[0], in[1]).square(), randn(116, 2, 3), randn(117, 2, 3));
        check("stack dim last", in -> Tensor.stack(2, in[0], in[1], in[0]).square(), randn(118, 2, 3), randn(119, 2, 3));
        check("split by size", in -> {
            List<Tensor> parts = in[0].split(3, 1);
            return Tensor.concat(1, parts.get(0).square(), parts.get(1).exp(), parts.get(2).mul(3));
        }, randn(120, 2, 7));
        check("split by sizes", in -> {
            List<Tensor> parts = in[0].split(new int[] {1, 0, 2, 3}, -1);
            return parts.get(0).sum().add(parts.get(2).square().sum()).add(parts.get(3).tanh().sum());
        }, randn(121, 2, 6));
        Tensor g = randn(130, 3, 4);
        check("gather dim 1", in -> in[0].gather(1, in[1]), g, Tensor.of(new int[] {0, 3, 1, 1, 2, 0}, 3, 2));
        check("gather dim 0 repeated", in -> in[0].gather(0, in[1]), g, Tensor.of(new int[] {2, 0, 2, 2, 2, 1, 0, 0}, 2, 4));
        check("indexSelect dim 0 repeated", in -> in[0].indexSelect(0, in[1]), g, Tensor.of(new int[] {2, 0, 2}, 3));
        check("indexSelect dim -1", in -> in[0].indexSelect(-1, in[1]), randn(131, 2, 3, 4), Tensor.of(new int[] {3, 1}, 2));
        check("scatterAdd dim 0", in -> in[0].scatterAdd(0, in[1], in[2]), randn(132, 3, 4),
                Tensor.of(new int[] {0, 1, 2, 0, 0, 2, 1, 1}, 2, 4), randn(133, 2, 4));
        check("scatterAdd source larger than index", in -> in[0].scatterAdd(1, in[1], in[2]), randn(134, 2, 5),
                Tensor.of(new int[] {4, 4, 0, 1}, 2, 2), randn(135, 2, 3));
    }

    // ------------------------------------------------------------------ GradCheck itself

    @Test
    void correctGradientPassesOverEveryCoordinate() {
        GradCheck.Result r = GradCheck.check(in -> in[0].matmul(in[1]).tanh().sum(), randn(1, 4, 3), randn(2, 3, 2));
        assertTrue(r.passed(), r::toString);
        assertTrue(r.relativeDifference() < 1e-7, r::toString);
        assertEquals(12 + 6, r.coordinates());
        assertEquals("great", r.reading());
    }

    @Test
    void wrongGradientFailsAndNamesTheWorstCoordinate() {
        // x * detach(x) has value x^2 but autograd sees gradient x instead of 2x.
        Tensor x = Tensor.of(new double[] {0.5, -3.0, 1.25, 2.0, -0.75, 1.0}, 2, 3);
        GradCheck.Result r = GradCheck.check(in -> in[0].mul(in[0].detach()).sum(), x);
        assertFalse(r.passed(), r::toString);
        assertTrue(r.relativeDifference() >= 1e-3, r::toString);
        assertEquals(1.0 / 3, r.relativeDifference(), 1e-6); // |x - 2x| / (|2x| + |x|)
        assertEquals("almost certainly a bug", r.reading());
        assertEquals(0, r.worstInput());
        assertArrayEquals(new int[] {0, 1}, r.worstIndex()); // the largest |x|: the biggest error
        assertEquals(-3.0, r.worstAnalytic(), 1e-12);
        assertEquals(-6.0, r.worstNumeric(), 1e-6);
        assertTrue(r.toString().contains("worst at input 0 index [0, 1]"), r::toString);
    }

    @Test
    void wrongGradientInTheSecondInputIsAttributedToIt() {
        GradCheck.Result r = GradCheck.check(in -> in[0].square().sum().add(in[1].mul(in[1].detach()).sum()),
                randn(3, 2, 2), Tensor.of(new double[] {1, 4, -2}, 3));
        assertFalse(r.passed(), r::toString);
        assertEquals(1, r.worstInput());
        assertArrayEquals(new int[] {1}, r.worstIndex());
    }

    @Test
    void wrongGradientOfANonScalarFunctionIsCaughtThroughTheProjection() {
        GradCheck.Result r = GradCheck.check(in -> in[0].mul(in[0].detach()), randn(4, 3, 2));
        assertFalse(r.passed(), r::toString);
        assertTrue(r.relativeDifference() >= 1e-3, r::toString);
    }

    @Test
    void samplingChecksAtMostMaxPerInputCoordinatesOfEachInput() {
        GradCheck.Options sampled = GradCheck.Options.defaults().withMaxPerInput(5);
        GradCheck.Result r = GradCheck.check(sampled, in -> in[0].matmul(in[1]).sum(), randn(5, 4, 6), randn(6, 6, 2));
        assertTrue(r.passed(), r::toString);
        assertEquals(5 + 5, r.coordinates());
        // A limit above an input's size checks all of it.
        GradCheck.Result all = GradCheck.check(GradCheck.Options.defaults().withMaxPerInput(100), in -> in[0].exp().sum(), randn(7, 3));
        assertEquals(3, all.coordinates());
        // Sampling still catches a wrong gradient that affects every coordinate.
        GradCheck.Result wrong = GradCheck.check(sampled, in -> in[0].mul(in[0].detach()).sum(), uniform(8, 0.5, 2, 4, 6));
        assertFalse(wrong.passed(), wrong::toString);
        assertEquals(5, wrong.coordinates());
    }

    @Test
    void integerInputsArePassedThroughUnchecked() {
        GradCheck.Result r = GradCheck.check(in -> in[0].gather(1, in[1]).sum(), randn(9, 2, 3), Tensor.of(new int[] {2, 0}, 2, 1));
        assertTrue(r.passed(), r::toString);
        assertEquals(6, r.coordinates());
    }
}
