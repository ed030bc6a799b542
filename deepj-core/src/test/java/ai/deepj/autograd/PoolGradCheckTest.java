package ai.deepj.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.PadMode;
import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A float64 finite-difference gradient check ({@link GradCheck}, ε = 1e-6, tolerance 1e-7) of
 * every pooling and padding variant: max and average pooling in 1-D, 2-D and 3-D with overlapping
 * windows, padding, dilation, ceil mode and both average divisors; global pooling; and padding in
 * each mode over 1 to 3 dimensions. Max pooling gets inputs without ties: a shuffled ladder of
 * values 0.05 apart, so no ε-step changes which element is a window's maximum.
 */
class PoolGradCheckTest {
    private static final List<DynamicTest> CHECKS = new ArrayList<>();

    private static Tensor randn(long seed, int... shape) {
        return Tensor.normal(Generator.seeded(seed), DType.FLOAT64, 0, 1, shape);
    }

    /** Distinct values {@code 0.05·k} (k = 0 … n−1) in a seeded random order, centred on 0. */
    static Tensor distinct(long seed, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = 0.05 * (i - n / 2.0);
        Generator g = Generator.seeded(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = (int) (g.nextDouble() * (i + 1));
            double t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return Tensor.of(v, shape);
    }

    private static void check(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        CHECKS.add(DynamicTest.dynamicTest(name, () -> {
            GradCheck.Result r = GradCheck.check(f, inputs);
            assertTrue(r.passed(), () -> name + ": " + r);
            assertTrue(r.coordinates() > 0, () -> name + ": nothing was checked");
        }));
    }

    private static int[] a(int... v) {
        return v;
    }

    @TestFactory
    Stream<DynamicTest> everyPoolingAndPaddingVariantPassesGradCheck() {
        CHECKS.clear();
        maxPooling();
        averagePooling();
        globalPooling();
        padding();
        return CHECKS.stream();
    }

    private static void maxPooling() {
        check("maxPool1d kernel 2", in -> in[0].maxPool(a(2), null, null, null, false), distinct(1, 2, 3, 8));
        check("maxPool1d kernel 3 stride 2 (overlapping), padding 1", in -> in[0].maxPool(a(3), a(2), a(1), null, false),
                distinct(2, 2, 2, 9));
        check("maxPool1d kernel 3 stride 2 dilation 2 ceil mode", in -> in[0].maxPool(a(3), a(2), a(2), a(2), true),
                distinct(3, 1, 2, 10));
        check("maxPool1d stride 1 (heavy overlap)", in -> in[0].maxPool(a(4), a(1), a(2), null, false), distinct(4, 1, 1, 7));
        check("maxPool2d kernel 2", in -> in[0].maxPool2d(2, 2), distinct(5, 2, 3, 4, 6));
        check("maxPool2d kernel 3 stride 2 padding 1", in -> in[0].maxPool(a(3, 3), a(2, 2), a(1, 1), null, false),
                distinct(6, 2, 2, 7, 6));
        check("maxPool2d kernel [2, 3] stride [1, 2] dilation [2, 1] ceil mode", in -> in[0].maxPool(a(2, 3), a(1, 2), a(1, 1),
                a(2, 1), true), distinct(7, 1, 2, 6, 7));
        check("maxPool2d ceil mode, last window partly outside", in -> in[0].maxPool(a(3, 3), a(2, 2), null, null, true),
                distinct(8, 1, 2, 6, 6));
        check("maxPool3d kernel 2", in -> in[0].maxPool(a(2, 2, 2), null, null, null, false), distinct(9, 2, 2, 4, 4, 4));
        check("maxPool3d kernel 3 stride 2 padding 1 ceil mode", in -> in[0].maxPool(a(3, 3, 3), a(2, 2, 2), a(1, 1, 1), null, true),
                distinct(10, 1, 2, 5, 4, 6));
        check("maxPool3d kernel [1, 2, 2] dilation [1, 2, 1]", in -> in[0].maxPool(a(1, 2, 2), a(1, 1, 2), null, a(1, 2, 1), false),
                distinct(11, 1, 1, 3, 5, 4));
        check("maxPool2d of a transposed (non-contiguous) input",
                in -> in[0].transpose(2, 3).maxPool(a(3, 3), a(2, 2), a(1, 1), null, false), distinct(12, 1, 2, 5, 6));
    }

    private static void averagePooling() {
        for (boolean includePad : new boolean[] {true, false}) {
            String tag = includePad ? " (count_include_pad)" : " (padding not counted)";
            check("avgPool1d kernel 3 stride 2 padding 1" + tag, in -> in[0].avgPool(a(3), a(2), a(1), false, includePad),
                    randn(21, 2, 3, 9));
            check("avgPool1d ceil mode" + tag, in -> in[0].avgPool(a(2), a(2), a(1), true, includePad), randn(22, 1, 2, 6));
            check("avgPool2d kernel 3 stride 2 padding 1" + tag, in -> in[0].avgPool(a(3, 3), a(2, 2), a(1, 1), false, includePad),
                    randn(23, 2, 2, 7, 6));
            check("avgPool2d kernel [2, 3] ceil mode padding [1, 1]" + tag, in -> in[0].avgPool(a(2, 3), a(2, 2), a(1, 1), true,
                    includePad), randn(24, 1, 2, 5, 7));
            check("avgPool3d kernel 3 stride 2 padding 1 ceil mode" + tag, in -> in[0].avgPool(a(3, 3, 3), a(2, 2, 2), a(1, 1, 1),
                    true, includePad), randn(25, 1, 2, 5, 4, 6));
        }
        check("avgPool2d kernel 2", in -> in[0].avgPool2d(2, 2), randn(26, 2, 3, 4, 6));
        check("avgPool2d stride 1 (heavy overlap)", in -> in[0].avgPool(a(3, 2), a(1, 1), null, false, true), randn(27, 1, 2, 5, 4));
        check("avgPool3d kernel 2", in -> in[0].avgPool(a(2, 2, 2), null, null, false, true), randn(28, 2, 1, 4, 4, 4));
        check("avgPool2d of a transposed (non-contiguous) input", in -> in[0].transpose(2, 3).avgPool(a(3, 3), a(2, 2), a(1, 1),
                false, false), randn(29, 1, 2, 5, 6));
    }

    private static void globalPooling() {
        for (boolean keep : new boolean[] {false, true}) {
            String tag = keep ? " keepDims" : "";
            check("globalMaxPool 1-D" + tag, in -> in[0].globalMaxPool(keep), distinct(31, 2, 3, 5));
            check("globalMaxPool 2-D" + tag, in -> in[0].globalMaxPool(keep), distinct(32, 2, 3, 4, 5));
            check("globalMaxPool 3-D" + tag, in -> in[0].globalMaxPool(keep), distinct(33, 2, 2, 3, 2, 3));
            check("globalAvgPool 1-D" + tag, in -> in[0].globalAvgPool(keep), randn(34, 2, 3, 5));
            check("globalAvgPool 2-D" + tag, in -> in[0].globalAvgPool(keep), randn(35, 2, 3, 4, 5));
            check("globalAvgPool 3-D" + tag, in -> in[0].globalAvgPool(keep), randn(36, 2, 2, 3, 2, 3));
        }
    }

    private static void padding() {
        for (PadMode mode : PadMode.values()) {
            double value = mode == PadMode.CONSTANT ? 1.5 : 0;
            check("pad " + mode + " 1-D", in -> in[0].pad(a(2), a(1), mode, value), randn(41, 2, 3, 5));
            check("pad " + mode + " 2-D", in -> in[0].pad(a(1, 2), a(2, 0), mode, value), randn(42, 2, 2, 4, 3));
            check("pad " + mode + " 3-D", in -> in[0].pad(a(1, 0, 2), a(1, 2, 1), mode, value), randn(43, 1, 2, 3, 3, 4));
            check("pad " + mode + " 2-D of a rank-2 tensor", in -> in[0].pad(a(2, 1), a(1, 2), mode, value), randn(44, 3, 4));
            check("pad " + mode + " of a transposed input", in -> in[0].transpose(2, 3).pad(a(1, 2), a(2, 1), mode, value),
                    randn(45, 1, 2, 4, 3));
        }
        check("pad zeros, then max-pool", in -> in[0].pad(a(1, 1), a(1, 1)).maxPool2d(2, 2), distinct(46, 1, 2, 4, 4));
    }
}
