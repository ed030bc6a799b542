package ai.deepj.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.ConvOptions;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A float64 finite-difference gradient check ({@link GradCheck}, ε = 1e-6, tolerance 1e-7) of the
 * convolution ops' hand-written backward, for input, weight and bias together: conv1d, conv2d and
 * conv3d over explicit, valid and same padding (odd and even kernels, stride 1 and above),
 * strides, dilations, groups (depthwise included), 1×1 kernels, unbatched inputs, and a chain of
 * two convolutions with a nonlinearity between them. A convolution is linear in each argument, so
 * centred differences are exact up to rounding, and a wrong index anywhere shows up at once.
 */
class ConvGradCheckTest {
    private static final List<DynamicTest> CHECKS = new ArrayList<>();

    private static Tensor randn(long seed, int... shape) {
        return Tensor.normal(Generator.seeded(seed), DType.FLOAT64, 0, 1, shape);
    }

    private static void check(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        CHECKS.add(DynamicTest.dynamicTest(name, () -> {
            GradCheck.Result r = GradCheck.check(f, inputs);
            assertTrue(r.passed(), () -> name + ": " + r);
            assertTrue(r.coordinates() > 0, () -> name + ": nothing was checked");
        }));
    }

    /** Input {@code [n, c, in...]}, weight {@code [o, c/groups, k...]}, bias {@code [o]}: checks with and without bias. */
    private static void conv(String name, int n, int c, int o, int[] in, int[] k, ConvOptions options) {
        int nd = in.length;
        int[] xs = new int[nd + 2], ws = new int[nd + 2];
        xs[0] = n;
        xs[1] = c;
        ws[0] = o;
        ws[1] = c / options.groups();
        System.arraycopy(in, 0, xs, 2, nd);
        System.arraycopy(k, 0, ws, 2, nd);
        long seed = name.hashCode();
        Tensor x = randn(seed, xs), w = randn(seed + 1, ws), b = randn(seed + 2, o);
        String op = "conv" + nd + "d ";
        check(op + name, in2 -> apply(nd, in2[0], in2[1], in2[2], options), x, w, b);
        check(op + name + ", no bias", in2 -> apply(nd, in2[0], in2[1], null, options), x, w);
    }

    private static Tensor apply(int nd, Tensor x, Tensor w, Tensor b, ConvOptions o) {
        return switch (nd) {
            case 1 -> x.conv1d(w, b, o);
            case 2 -> x.conv2d(w, b, o);
            default -> x.conv3d(w, b, o);
        };
    }

    @TestFactory
    Stream<DynamicTest> everyConvolutionVariantPassesGradCheck() {
        CHECKS.clear();
        ConvOptions d = ConvOptions.defaults();
        int[][] pads = {{0}, {1}, {2}};
        int[] strides = {1, 2, 3};
        int[] dilations = {1, 2};
        // conv1d: every combination of padding, stride and dilation, then groups and same.
        for (int[] p : pads) {
            for (int s : strides) {
                for (int dil : dilations) {
                    conv("pad " + p[0] + " stride " + s + " dilation " + dil, 2, 3, 2, new int[] {9}, new int[] {3},
                            d.withPadding(p).withStride(s).withDilation(dil));
                }
            }
        }
        conv("groups 2", 2, 4, 6, new int[] {8}, new int[] {3}, d.withGroups(2).withPadding(1));
        conv("depthwise", 2, 3, 3, new int[] {7}, new int[] {2}, d.withGroups(3));
        conv("same, even kernel", 2, 2, 3, new int[] {7}, new int[] {4}, d.withSamePadding());
        conv("same, stride 2", 2, 2, 3, new int[] {8}, new int[] {3}, d.withSamePadding().withStride(2));
        conv("valid", 1, 2, 2, new int[] {6}, new int[] {6}, d.withValidPadding());
        conv("1x1", 2, 3, 4, new int[] {5}, new int[] {1}, d);
        // conv2d
        for (int[] p : pads) {
            for (int s : new int[] {1, 2}) {
                conv("pad " + p[0] + " stride " + s, 2, 2, 3, new int[] {6, 5}, new int[] {3, 3}, d.withPadding(p).withStride(s));
            }
        }
        conv("rectangular kernel, pad (1, 0), stride (1, 2)", 2, 2, 2, new int[] {5, 7}, new int[] {2, 3},
                d.withPadding(1, 0).withStride(1, 2));
        conv("dilation 2 pad 2", 1, 2, 2, new int[] {7, 7}, new int[] {3, 3}, d.withDilation(2).withPadding(2));
        conv("dilation (2, 1) stride 2", 2, 2, 2, new int[] {8, 6}, new int[] {2, 3}, d.withDilation(2, 1).withStride(2));
        conv("groups 2 stride 2 pad 1", 2, 4, 4, new int[] {6, 6}, new int[] {3, 3}, d.withGroups(2).withStride(2).withPadding(1));
        conv("depthwise pad 1", 2, 3, 3, new int[] {5, 5}, new int[] {3, 3}, d.withGroups(3).withPadding(1));
        conv("depthwise multiplier 2", 1, 2, 4, new int[] {5, 4}, new int[] {2, 2}, d.withGroups(2));
        conv("same 3x3", 2, 2, 2, new int[] {5, 6}, new int[] {3, 3}, d.withSamePadding());
        conv("same 2x4 dilation 2", 1, 2, 2, new int[] {6, 7}, new int[] {2, 4}, d.withSamePadding().withDilation(2));
        conv("same stride 2", 2, 2, 2, new int[] {7, 8}, new int[] {3, 3}, d.withSamePadding().withStride(2));
        conv("valid", 2, 2, 2, new int[] {5, 5}, new int[] {3, 3}, d.withValidPadding());
        conv("1x1", 2, 3, 2, new int[] {4, 5}, new int[] {1, 1}, d);
        conv("1x1 stride 2", 2, 3, 2, new int[] {5, 5}, new int[] {1, 1}, d.withStride(2));
        conv("1x1 groups 3", 2, 3, 3, new int[] {3, 4}, new int[] {1, 1}, d.withGroups(3));
        // conv3d
        conv("plain", 2, 2, 2, new int[] {4, 4, 3}, new int[] {2, 2, 2}, d);
        conv("pad 1 stride 2", 1, 2, 2, new int[] {5, 4, 5}, new int[] {3, 2, 3}, d.withPadding(1).withStride(2));
        conv("pad (1, 0, 1) dilation (1, 2, 1)", 1, 2, 3, new int[] {4, 6, 4}, new int[] {2, 2, 2},
                d.withPadding(1, 0, 1).withDilation(1, 2, 1));
        conv("groups 2", 2, 4, 2, new int[] {3, 4, 4}, new int[] {2, 2, 2}, d.withGroups(2));
        conv("depthwise same", 1, 2, 2, new int[] {3, 4, 5}, new int[] {2, 3, 2}, d.withGroups(2).withSamePadding());
        conv("same stride 2", 1, 2, 2, new int[] {5, 4, 3}, new int[] {3, 2, 2}, d.withSamePadding().withStride(2));
        // Unbatched inputs and a small network: conv, tanh, strided conv, sum.
        check("conv2d unbatched [C, H, W]", in -> in[0].conv2d(in[1], in[2], d.withPadding(1)), randn(70, 2, 4, 5), randn(71, 3, 2, 3, 3),
                randn(72, 3));
        check("conv1d unbatched [C, W]", in -> in[0].conv1d(in[1], null, d.withStride(2)), randn(73, 3, 9), randn(74, 2, 3, 3));
        check("conv2d -> tanh -> conv2d stride 2 -> square",
                in -> in[0].conv2d(in[1], in[2], d.withPadding(1)).tanh().conv2d(in[3], null, d.withStride(2)).square(),
                randn(75, 2, 2, 6, 6), randn(76, 3, 2, 3, 3).mul(0.5), randn(77, 3), randn(78, 2, 3, 2, 2));
        return CHECKS.stream();
    }
}
