package ai.deepj.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.deepj.kernel.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * The fused convolution ({@code Conv}: im2col + GEMM, hand-written backward) against
 * {@link ConvReference}, composed from differentiable primitives, over 1-d, 2-d and 3-d cases with
 * paddings (explicit, valid, same — odd and even kernels, strides 1 and 2), strides, dilations,
 * groups (depthwise included), column blocks and the 1×1 shortcut; then float32 against float64,
 * thread counts, shapes and the error messages.
 */
class ConvTest {
    /** One convolution: input {@code [n, c, in...]}, weight {@code [o, c/groups, k...]}. */
    record Case(String name, int n, int c, int o, int[] in, int[] k, ConvOptions options, boolean bias) {
        int nd() {
            return in.length;
        }

        int[] inputShape() {
            int[] s = new int[nd() + 2];
            s[0] = n;
            s[1] = c;
            System.arraycopy(in, 0, s, 2, nd());
            return s;
        }

        int[] weightShape() {
            int[] s = new int[nd() + 2];
            s[0] = o;
            s[1] = c / options.groups();
            System.arraycopy(k, 0, s, 2, nd());
            return s;
        }

        /** {padBefore, padAfter} per dimension, worked out here independently of Conv. */
        int[][] pads() {
            int[] before = new int[nd()], after = new int[nd()];
            for (int d = 0; d < nd(); d++) {
                int s = at(options.stride(), d), dil = at(options.dilation(), d);
                switch (options.paddingMode()) {
                    case EXPLICIT -> before[d] = after[d] = at(options.padding(), d);
                    case VALID -> before[d] = after[d] = 0;
                    case SAME -> { // TensorFlow's rule; PyTorch's for stride 1
                        int out = (in[d] + s - 1) / s;
                        int total = Math.max((out - 1) * s + dil * (k[d] - 1) + 1 - in[d], 0);
                        before[d] = total / 2;
                        after[d] = total - before[d];
                    }
                }
            }
            return new int[][] {before, after};
        }

        int[] full(int[] v) {
            int[] r = new int[nd()];
            for (int d = 0; d < nd(); d++) r[d] = at(v, d);
            return r;
        }
    }

    private static int at(int[] v, int d) {
        return v.length == 1 ? v[0] : v[d];
    }

    static Tensor fused(Tensor x, Tensor w, Tensor b, ConvOptions o) {
        return switch (x.dim() - 2) {
            case 1 -> x.conv1d(w, b, o);
            case 2 -> x.conv2d(w, b, o);
            default -> x.conv3d(w, b, o);
        };
    }

    static Tensor reference(Case c, Tensor x, Tensor w, Tensor b) {
        int[][] pads = c.pads();
        return ConvReference.conv(x, w, b, c.full(c.options().stride()), pads[0], pads[1], c.full(c.options().dilation()),
                c.options().groups());
    }

    static List<Case> cases() {
        ConvOptions d = ConvOptions.defaults();
        List<Case> cases = new ArrayList<>();
        // 1-d
        cases.add(new Case("1d plain", 2, 3, 4, new int[] {9}, new int[] {3}, d, true));
        cases.add(new Case("1d pad 2 stride 2", 2, 3, 4, new int[] {10}, new int[] {3}, d.withPadding(2).withStride(2), true));
        cases.add(new Case("1d dilation 2 pad 1", 1, 2, 3, new int[] {11}, new int[] {3}, d.withDilation(2).withPadding(1), false));
        cases.add(new Case("1d same even kernel", 2, 2, 2, new int[] {7}, new int[] {4}, d.withSamePadding(), true));
        cases.add(new Case("1d same stride 3 (TensorFlow's rule)", 2, 2, 3, new int[] {10}, new int[] {4}, d.withSamePadding().withStride(3), true));
        cases.add(new Case("1d groups 2 stride 3", 2, 4, 6, new int[] {13}, new int[] {2}, d.withGroups(2).withStride(3), true));
        // 2-d
        cases.add(new Case("2d plain", 2, 3, 4, new int[] {6, 7}, new int[] {3, 3}, d, true));
        cases.add(new Case("2d valid", 2, 3, 4, new int[] {6, 7}, new int[] {3, 2}, d.withValidPadding(), false));
        cases.add(new Case("2d pad 1", 2, 2, 3, new int[] {5, 5}, new int[] {3, 3}, d.withPadding(1), true));
        cases.add(new Case("2d pad (2, 0) stride (2, 1)", 2, 2, 3, new int[] {7, 6}, new int[] {3, 3},
                d.withPadding(2, 0).withStride(2, 1), true));
        cases.add(new Case("2d stride 2 with leftover rows", 1, 2, 2, new int[] {8, 9}, new int[] {3, 3}, d.withStride(2), true));
        cases.add(new Case("2d stride larger than kernel", 2, 2, 2, new int[] {9, 9}, new int[] {2, 2}, d.withStride(3).withPadding(1), true));
        cases.add(new Case("2d padding larger than kernel", 1, 1, 2, new int[] {3, 4}, new int[] {2, 2}, d.withPadding(3), true));
        cases.add(new Case("2d dilation 2", 2, 2, 3, new int[] {8, 8}, new int[] {3, 3}, d.withDilation(2), true));
        cases.add(new Case("2d dilation (1, 3) pad (1, 2) stride 2", 1, 2, 3, new int[] {9, 11}, new int[] {3, 2},
                d.withDilation(1, 3).withPadding(1, 2).withStride(2), true));
        cases.add(new Case("2d same 3x3", 2, 3, 2, new int[] {5, 6}, new int[] {3, 3}, d.withSamePadding(), true));
        cases.add(new Case("2d same even kernel 2x4 dilation 2", 1, 2, 2, new int[] {6, 7}, new int[] {2, 4},
                d.withSamePadding().withDilation(2), true));
        cases.add(new Case("2d same stride 2, odd and even sizes", 2, 2, 3, new int[] {7, 8}, new int[] {3, 3},
                d.withSamePadding().withStride(2), true));
        cases.add(new Case("2d groups 2", 2, 4, 6, new int[] {5, 5}, new int[] {3, 3}, d.withGroups(2).withPadding(1), true));
        cases.add(new Case("2d depthwise (groups = channels)", 2, 3, 3, new int[] {6, 5}, new int[] {3, 3}, d.withGroups(3).withPadding(1),
                true));
        cases.add(new Case("2d depthwise multiplier 2, stride 2", 2, 3, 6, new int[] {7, 7}, new int[] {3, 3},
                d.withGroups(3).withStride(2), false));
        cases.add(new Case("2d 1x1 (no column matrix)", 3, 4, 5, new int[] {4, 6}, new int[] {1, 1}, d, true));
        cases.add(new Case("2d 1x1 groups 2", 2, 4, 2, new int[] {3, 3}, new int[] {1, 1}, d.withGroups(2), true));
        cases.add(new Case("2d 1x1 stride 2", 2, 3, 2, new int[] {5, 5}, new int[] {1, 1}, d.withStride(2), true));
        cases.add(new Case("2d 1x1 padding 1", 1, 2, 2, new int[] {3, 3}, new int[] {1, 1}, d.withPadding(1), true));
        cases.add(new Case("2d kernel as large as the padded input", 2, 2, 2, new int[] {3, 4}, new int[] {5, 4}, d.withPadding(1, 0), true));
        cases.add(new Case("2d several column blocks (rows 576, 30x31 positions)", 2, 64, 3, new int[] {30, 31}, new int[] {3, 3},
                d.withPadding(1), true));
        // float32 weight gradients through packed im2row (at least 8 channels a group, one image's columns past the block budget)
        cases.add(new Case("2d im2row, 32 channels (whole panels), 16x16", 2, 32, 4, new int[] {16, 16}, new int[] {3, 3},
                d.withPadding(1), true));
        cases.add(new Case("2d im2row, 32 channels, 20x20 (blocks of 256 and 144 positions)", 1, 32, 3, new int[] {20, 20},
                new int[] {3, 3}, d.withPadding(1), false));
        cases.add(new Case("2d im2row, groups of 8 channels, stride 2", 1, 16, 4, new int[] {64, 64}, new int[] {3, 3},
                d.withGroups(2).withStride(2).withPadding(1), true));
        cases.add(new Case("2d packed columns: 16 channels, 32 wide, dilation 2, stride (2, 1)", 1, 16, 3, new int[] {32, 32},
                new int[] {3, 3}, d.withDilation(2).withPadding(2).withStride(2, 1), true));
        cases.add(new Case("2d packed columns: groups 2, dilation 2, 32 wide", 2, 16, 6, new int[] {18, 32}, new int[] {3, 3},
                d.withGroups(2).withDilation(2).withPadding(2), true));
        cases.add(new Case("2d same padding, even kernel, 40x32", 1, 8, 4, new int[] {40, 32}, new int[] {4, 2},
                d.withSamePadding(), false));
        // float32 at stride 1 runs on ConvDirect; 32 output channels a group also take its weight gradient
        cases.add(new Case("2d direct, ResNet's 3x3 32 -> 32 at 32x32", 2, 32, 32, new int[] {32, 32}, new int[] {3, 3}, d.withPadding(1),
                true));
        cases.add(new Case("2d direct, 3 channels (27 weight rows), 13 wide", 3, 3, 32, new int[] {9, 13}, new int[] {3, 3},
                d.withPadding(1), true));
        cases.add(new Case("2d direct, rows narrower than a vector (tiles over two rows), 5x5 valid", 2, 5, 32, new int[] {11, 7},
                new int[] {5, 5}, d.withValidPadding(), true));
        cases.add(new Case("2d direct, 1 wide", 1, 2, 32, new int[] {6, 1}, new int[] {3, 1}, d.withPadding(1, 0), false));
        cases.add(new Case("2d direct, dilation 2, same even kernel, 21 wide", 2, 4, 64, new int[] {9, 21}, new int[] {2, 4},
                d.withSamePadding().withDilation(2), true));
        cases.add(new Case("2d direct, padding larger than the kernel", 1, 3, 32, new int[] {4, 18}, new int[] {2, 2}, d.withPadding(3),
                true));
        cases.add(new Case("2d direct, groups 2 of 32 output channels, 1x1", 2, 6, 64, new int[] {5, 17}, new int[] {1, 1},
                d.withGroups(2), true));
        cases.add(new Case("2d direct, 10 output channels (weight gradient through im2row), 33 wide", 2, 8, 10, new int[] {6, 33},
                new int[] {3, 3}, d.withPadding(1), true));
        cases.add(new Case("1d direct, 32 output channels, dilation 3", 2, 3, 32, new int[] {40}, new int[] {3},
                d.withDilation(3).withPadding(2), true));
        // 3-d
        cases.add(new Case("3d plain", 2, 2, 3, new int[] {4, 5, 4}, new int[] {2, 3, 2}, d, true));
        cases.add(new Case("3d pad 1 stride 2", 1, 2, 2, new int[] {5, 5, 6}, new int[] {3, 3, 3}, d.withPadding(1).withStride(2), true));
        cases.add(new Case("3d dilation (2, 1, 1) groups 2", 2, 4, 2, new int[] {6, 4, 4}, new int[] {2, 2, 2},
                d.withDilation(2, 1, 1).withGroups(2), true));
        cases.add(new Case("3d same even kernel", 1, 2, 2, new int[] {4, 3, 5}, new int[] {2, 2, 3}, d.withSamePadding(), true));
        cases.add(new Case("3d same stride 2", 2, 1, 2, new int[] {5, 4, 3}, new int[] {3, 2, 2}, d.withSamePadding().withStride(2), true));
        return cases;
    }

    private static Tensor randn(long seed, DType dtype, int... shape) {
        return Tensor.normal(Generator.seeded(seed), dtype, 0, 1, shape);
    }

    /** The output and the gradients of input, weight and bias for upstream gradient {@code g}. */
    private static Tensor[] run(boolean useFused, Case c, Tensor x0, Tensor w0, Tensor b0, Tensor g) {
        Tensor x = x0.detach().requiresGrad(true), w = w0.detach().requiresGrad(true);
        Tensor b = b0 == null ? null : b0.detach().requiresGrad(true);
        Tensor y = useFused ? fused(x, w, b, c.options()) : reference(c, x, w, b);
        y.backward(g);
        return new Tensor[] {y, x.grad(), w.grad(), b == null ? null : b.grad()};
    }

    private static Tensor[] inputs(Case c, DType dtype, long seed) {
        Tensor x = randn(seed, dtype, c.inputShape()), w = randn(seed + 1, dtype, c.weightShape());
        Tensor b = c.bias() ? randn(seed + 2, dtype, c.o()) : null;
        return new Tensor[] {x, w, b};
    }

    static void assertClose(String what, Tensor expected, Tensor actual, double tol) {
        assertArrayEquals(expected.shape().toArray(), actual.shape().toArray(), what + ": shape");
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(a[i] - e[i]) <= tol)) {
                throw new AssertionError(what + ": element " + i + " is " + a[i] + ", expected " + e[i] + " (tolerance " + tol + ")");
            }
        }
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (double v : t.toDoubleArray()) m = Math.max(m, Math.abs(v));
        return m;
    }

    private static final String[] PARTS = {"output", "input grad", "weight grad", "bias grad"};

    @TestFactory
    Stream<DynamicTest> fusedMatchesTheComposedReferenceInFloat64() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Tensor[] in = inputs(c, DType.FLOAT64, c.name().hashCode());
            Tensor y = fused(in[0], in[1], in[2], c.options());
            Tensor g = randn(c.name().hashCode() + 7L, DType.FLOAT64, y.shape().toArray());
            Tensor[] f = run(true, c, in[0], in[1], in[2], g), r = run(false, c, in[0], in[1], in[2], g);
            for (int i = 0; i < 4; i++) {
                if (r[i] == null) {
                    assertNull(f[i], c.name() + " " + PARTS[i]);
                    continue;
                }
                // Both sides sum the same products in float64, in a different order: a few ulps of the largest value.
                assertClose(c.name() + " " + PARTS[i], r[i], f[i], 1e-12 * Math.max(1, maxAbs(r[i])));
            }
        }));
    }

    /**
     * float32 against float64 on the same (float32-representable) values: every result is a sum of
     * at most K products, so its float32 error is at most about {@code K·u·Σ|terms|} (u = 2⁻²⁴), where
     * Σ|terms| is the same computation on absolute values. K is over-estimated as the sum of the
     * lengths of all the sums involved.
     */
    @TestFactory
    Stream<DynamicTest> float32AgreesWithFloat64WithinTheRoundingBound() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Tensor[] in32 = inputs(c, DType.FLOAT32, c.name().hashCode() + 11L);
            Tensor[] in64 = new Tensor[3], abs = new Tensor[3];
            for (int i = 0; i < 3; i++) {
                in64[i] = in32[i] == null ? null : in32[i].to(DType.FLOAT64);
                abs[i] = in64[i] == null ? null : in64[i].abs();
            }
            Tensor g32 = randn(c.name().hashCode() + 13L, DType.FLOAT32, fused(in32[0], in32[1], in32[2], c.options()).shape().toArray());
            Tensor g64 = g32.to(DType.FLOAT64);
            Tensor[] f32 = run(true, c, in32[0], in32[1], in32[2], g32);
            Tensor[] f64 = run(true, c, in64[0], in64[1], in64[2], g64);
            Tensor[] bound = run(true, c, abs[0], abs[1], abs[2], g64.abs());
            long taps = 1;
            for (int k : c.k()) taps *= k;
            long outPositions = fused(in64[0], in64[1], in64[2], c.options()).numel() / c.n() / c.o();
            long terms = c.c() / c.options().groups() * taps + (long) c.o() * taps + c.n() * outPositions + 1;
            double u = Math.ulp(1f) / 2;
            for (int i = 0; i < 4; i++) {
                if (f64[i] == null) continue;
                assertEquals(DType.FLOAT32, f32[i].dtype(), c.name() + " " + PARTS[i] + " dtype");
                double[] e = f64[i].toDoubleArray(), a = f32[i].toDoubleArray(), s = bound[i].toDoubleArray();
                for (int j = 0; j < e.length; j++) {
                    double tol = (terms + 1) * u * s[j] + Double.MIN_NORMAL;
                    if (!(Math.abs(a[j] - e[j]) <= tol)) {
                        throw new AssertionError(c.name() + " " + PARTS[i] + ": element " + j + " float32 " + a[j] + ", float64 " + e[j]
                                + " (bound " + tol + ")");
                    }
                }
            }
        }));
    }

    @Test
    void splittingTheBatchOverThreadsChangesOnlyRoundingAndIsRepeatable() {
        // 8 images of 147k multiply-adds: enough work for 2 chunks.
        Case c = new Case("threads", 8, 8, 8, new int[] {16, 16}, new int[] {3, 3}, ConvOptions.defaults().withPadding(1), true);
        Tensor[] in = inputs(c, DType.FLOAT64, 5);
        Tensor g = randn(6, DType.FLOAT64, 8, 8, 16, 16);
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Tensor[] one = run(true, c, in[0], in[1], in[2], g);
            Parallel.setThreads(3);
            Tensor[] three = run(true, c, in[0], in[1], in[2], g), again = run(true, c, in[0], in[1], in[2], g);
            for (int i = 0; i < 4; i++) {
                assertClose("threads " + PARTS[i], one[i], three[i], 1e-12 * Math.max(1, maxAbs(one[i])));
                assertArrayEquals(three[i].toDoubleArray(), again[i].toDoubleArray(), 0, "repeat " + PARTS[i]);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void unbatchedInputGivesAnUnbatchedOutput() {
        Tensor x = randn(1, DType.FLOAT64, 3, 6, 6).requiresGrad(true), w = randn(2, DType.FLOAT64, 4, 3, 3, 3);
        Tensor y = x.conv2d(w, null, ConvOptions.defaults());
        assertArrayEquals(new int[] {4, 4, 4}, y.shape().toArray());
        Tensor batched = x.detach().unsqueeze(0).conv2d(w, null, ConvOptions.defaults());
        assertArrayEquals(batched.toDoubleArray(), y.toDoubleArray(), 0);
        y.sum().backward();
        assertArrayEquals(new int[] {3, 6, 6}, x.grad().shape().toArray());
        assertArrayEquals(new int[] {2, 5}, randn(3, DType.FLOAT64, 3, 7).conv1d(randn(4, DType.FLOAT64, 2, 3, 3), null,
                ConvOptions.defaults()).shape().toArray());
    }

    @Test
    void nonContiguousMixedTypeAndEmptyInputs() {
        Tensor xt = randn(1, DType.FLOAT64, 2, 5, 6, 3).permute(0, 3, 1, 2); // NHWC storage read as NCHW
        Tensor w = randn(2, DType.FLOAT64, 4, 3, 2, 2), b = randn(3, DType.FLOAT64, 4);
        Case c = new Case("noncontiguous", 2, 3, 4, new int[] {5, 6}, new int[] {2, 2}, ConvOptions.defaults(), true);
        assertClose("non-contiguous input", reference(c, xt.contiguous(), w, b), xt.conv2d(w, b, ConvOptions.defaults()), 1e-12);
        Tensor mixed = xt.to(DType.FLOAT32).conv2d(w, b, ConvOptions.defaults());
        assertEquals(DType.FLOAT64, mixed.dtype());
        Tensor empty = Tensor.zeros(DType.FLOAT64, 0, 3, 5, 6).requiresGrad(true);
        Tensor wg = w.detach().requiresGrad(true), bg = b.detach().requiresGrad(true);
        Tensor y = empty.conv2d(wg, bg, ConvOptions.defaults());
        assertArrayEquals(new int[] {0, 4, 4, 5}, y.shape().toArray());
        y.sum().backward();
        assertEquals(0, maxAbs(wg.grad()));
        assertEquals(0, maxAbs(bg.grad()));
    }

    @Test
    void onlyTheRequestedGradientsAreComputed() {
        Tensor x = randn(1, DType.FLOAT64, 2, 3, 5, 5), w = randn(2, DType.FLOAT64, 4, 3, 3, 3).requiresGrad(true);
        Tensor b = randn(3, DType.FLOAT64, 4);
        x.conv2d(w, b, ConvOptions.defaults()).sum().backward();
        assertNull(x.grad());
        assertNull(b.grad());
        Case c = new Case("w only", 2, 3, 4, new int[] {5, 5}, new int[] {3, 3}, ConvOptions.defaults(), true);
        Tensor wr = w.detach().requiresGrad(true);
        reference(c, x, wr, b).sum().backward();
        assertClose("weight grad alone", wr.grad(), w.grad(), 1e-12 * maxAbs(wr.grad()));
    }

    @Test
    void outputShapesFollowTheCourseFormulaAndSamePadding() {
        ConvOptions d = ConvOptions.defaults();
        // ⌊(n + 2p − f)/s⌋ + 1: the course's 6x6 * 3x3 → 4x4, with p = 1 → 6x6, 7x7 stride 2 → 3x3
        assertArrayEquals(new int[] {1, 1, 4, 4}, d.outputShape(new int[] {1, 1, 6, 6}, new int[] {1, 1, 3, 3}));
        assertArrayEquals(new int[] {1, 1, 6, 6}, d.withPadding(1).outputShape(new int[] {1, 1, 6, 6}, new int[] {1, 1, 3, 3}));
        assertArrayEquals(new int[] {1, 1, 3, 3}, d.withStride(2).outputShape(new int[] {1, 1, 7, 7}, new int[] {1, 1, 3, 3}));
        // LeNet-5: 32x32 * 5x5 → 28x28; ResNet's 7x7/2 pad 3 on 224 → 112
        assertArrayEquals(new int[] {4, 6, 28, 28}, d.outputShape(new int[] {4, 1, 32, 32}, new int[] {6, 1, 5, 5}));
        assertArrayEquals(new int[] {1, 64, 112, 112}, d.withStride(2).withPadding(3).outputShape(new int[] {1, 3, 224, 224},
                new int[] {64, 3, 7, 7}));
        // same: stride 1 keeps the size (even kernels too), stride s gives ⌈n/s⌉
        assertArrayEquals(new int[] {2, 5, 9}, d.withSamePadding().outputShape(new int[] {2, 3, 9}, new int[] {5, 3, 4}));
        assertArrayEquals(new int[] {2, 5, 5}, d.withSamePadding().withStride(2).outputShape(new int[] {2, 3, 9}, new int[] {5, 3, 4}));
        assertArrayEquals(new int[] {5, 3, 4, 2}, d.withSamePadding().withStride(3).outputShape(new int[] {3, 9, 10, 6},
                new int[] {5, 3, 4, 4, 4}));
    }

    @Test
    void sameWithStrideTwoPutsTheOddZeroAfterAsTensorFlow() {
        // n = 6, k = 3, s = 2: output 3, total padding (3 − 1)·2 + 3 − 6 = 1, all of it after.
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 1, 1, 6), w = Tensor.of(new double[] {1, 10, 100}, 1, 1, 3);
        Tensor y = x.conv1d(w, null, ConvOptions.defaults().withSamePadding().withStride(2));
        // windows [1 2 3], [3 4 5], [5 6 0]
        assertArrayEquals(new double[] {321, 543, 65}, y.toDoubleArray(), 0);
        // n = 5: total padding 2, one on each side: windows [0 1 2], [2 3 4], [4 5 0]
        Tensor y5 = x.narrow(2, 0, 5).conv1d(w, null, ConvOptions.defaults().withSamePadding().withStride(2));
        assertArrayEquals(new double[] {210, 432, 54}, y5.toDoubleArray(), 0);
        // stride 1, even kernel: PyTorch pads 1 before and 2 after for k = 4
        Tensor y4 = x.conv1d(Tensor.of(new double[] {1, 10, 100, 1000}, 1, 1, 4), null, ConvOptions.defaults().withSamePadding());
        assertArrayEquals(new double[] {3210, 4321, 5432, 6543, 654, 65}, y4.toDoubleArray(), 0);
    }

    private static String illegal(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    @Test
    void mistakesAreExplainedWithShapes() {
        ConvOptions d = ConvOptions.defaults();
        Tensor w = Tensor.zeros(16, 3, 3, 3);
        assertEquals("conv2d: input must be [N, C, H, W] or unbatched [C, H, W], got [3, 32]",
                illegal(() -> Tensor.zeros(3, 32).conv2d(w, null, d)));
        assertEquals("conv1d: input must be [N, C, W] or unbatched [C, W], got [2, 3, 4, 5]",
                illegal(() -> Tensor.zeros(2, 3, 4, 5).conv1d(Tensor.zeros(4, 3, 3), null, d)));
        assertEquals("conv2d: weight must be [out, in/groups, kH, kW], got [16, 3, 3]",
                illegal(() -> Tensor.zeros(8, 3, 32, 32).conv2d(Tensor.zeros(16, 3, 3), null, d)));
        assertEquals("conv3d: weight must be [out, in/groups, kD, kH, kW], got [16, 3, 3, 3]",
                illegal(() -> Tensor.zeros(8, 3, 4, 32, 32).conv3d(w, null, d)));
        assertEquals("conv2d: weight [16, 4, 3, 3] expects 4 input channels, but input [8, 3, 32, 32] has 3",
                illegal(() -> Tensor.zeros(8, 3, 32, 32).conv2d(Tensor.zeros(16, 4, 3, 3), null, d)));
        assertEquals("conv2d: weight [16, 2, 3, 3] with groups 2 expects 4 input channels (2 groups of 2), but input [8, 3, 32, 32] has 3",
                illegal(() -> Tensor.zeros(8, 3, 32, 32).conv2d(Tensor.zeros(16, 2, 3, 3), null, d.withGroups(2))));
        assertEquals("conv2d: groups 3 must divide the output channels, but weight [16, 1, 3, 3] has 16",
                illegal(() -> Tensor.zeros(8, 3, 32, 32).conv2d(Tensor.zeros(16, 1, 3, 3), null, d.withGroups(3))));
        assertEquals("conv2d: bias must be [16] for weight [16, 3, 3, 3], got [8]",
                illegal(() -> Tensor.zeros(8, 3, 32, 32).conv2d(w, Tensor.zeros(8), d)));
        assertEquals("conv2d: weight [16, 3, 0, 3] has a zero size",
                illegal(() -> Tensor.zeros(8, 3, 32, 32).conv2d(Tensor.zeros(16, 3, 0, 3), null, d)));
        assertEquals("conv2d: needs floating-point tensors, got input int32, weight float32",
                illegal(() -> Tensor.zeros(DType.INT32, 1, 3, 5, 5).conv2d(w, null, d)));
        assertEquals("conv2d: stride [1, 2, 3] has 3 values; give 1 or 2 (one per spatial dimension)",
                illegal(() -> Tensor.zeros(1, 3, 5, 5).conv2d(w, null, d.withStride(1, 2, 3))));
        assertEquals("conv2d: options must not be null; use ConvOptions.defaults()",
                illegal(() -> Tensor.zeros(1, 3, 5, 5).conv2d(w, null, null)));
    }

    @Test
    void aKernelThatDoesNotFitNamesSizeKernelPaddingAndStride() {
        ConvOptions d = ConvOptions.defaults();
        assertEquals("conv2d: the kernel does not fit along height: input 3, kernel 5, padding 0, stride 1, dilation 1 give an output"
                + " size of ⌊(3 + 2·0 − 1·(5 − 1) − 1) / 1⌋ + 1 = -1 (input [1, 1, 3, 8], weight [6, 1, 5, 5]); pad the input or use a"
                + " smaller kernel, stride or dilation",
                illegal(() -> Tensor.zeros(1, 1, 3, 8).conv2d(Tensor.zeros(6, 1, 5, 5), null, d)));
        assertEquals("conv1d: the kernel does not fit along length: input 4, kernel 3, padding 0, stride 1, dilation 2 give an output"
                + " size of ⌊(4 + 2·0 − 2·(3 − 1) − 1) / 1⌋ + 1 = 0 (input [2, 4], weight [1, 2, 3]); pad the input or use a smaller"
                + " kernel, stride or dilation",
                illegal(() -> Tensor.zeros(2, 4).conv1d(Tensor.zeros(1, 2, 3), null, d.withDilation(2))));
        assertEquals("conv3d: the kernel does not fit along width: input 2, kernel 7, padding 2, stride 2, dilation 1 give an output"
                + " size of ⌊(2 + 2·2 − 1·(7 − 1) − 1) / 2⌋ + 1 = 0 (input [1, 1, 9, 9, 2], weight [1, 1, 1, 1, 7]); pad the input or use"
                + " a smaller kernel, stride or dilation",
                illegal(() -> Tensor.zeros(1, 1, 9, 9, 2).conv3d(Tensor.zeros(1, 1, 1, 1, 7), null, d.withPadding(0, 0, 2).withStride(2))));
        assertEquals("conv2d: the kernel does not fit along width: input 0, kernel 1, padding 0, stride 1, dilation 1 give an"
                + " output size of ⌊(0 + 2·0 − 1·(1 − 1) − 1) / 1⌋ + 1 = 0 (input [1, 1, 3, 0], weight [1, 1, 1, 1]); pad the input"
                + " or use a smaller kernel, stride or dilation",
                illegal(() -> Tensor.zeros(1, 1, 3, 0).conv2d(Tensor.zeros(1, 1, 1, 1), null, d.withSamePadding())));
    }

    @Test
    void optionsRefuseImpossibleValuesAndCompareByValue() {
        assertEquals("ConvOptions: stride must be >= 1, got [1, 0]", illegal(() -> ConvOptions.defaults().withStride(1, 0)));
        assertEquals("ConvOptions: padding must be >= 0, got [-1]", illegal(() -> ConvOptions.defaults().withPadding(-1)));
        assertEquals("ConvOptions: dilation must be >= 1, got [0]", illegal(() -> ConvOptions.defaults().withDilation(0)));
        assertEquals("ConvOptions: groups must be >= 1, got 0", illegal(() -> ConvOptions.defaults().withGroups(0)));
        assertEquals("ConvOptions: stride needs at least one value, got []", illegal(() -> ConvOptions.defaults().withStride()));
        assertEquals(ConvOptions.defaults().withStride(2).withPadding(1), ConvOptions.defaults().withPadding(1).withStride(2));
        assertEquals(ConvOptions.defaults().withStride(2).hashCode(), ConvOptions.defaults().withStride(2).hashCode());
        assertEquals("ConvOptions[stride=[2], padding=same, dilation=[1], groups=1]",
                ConvOptions.defaults().withStride(2).withSamePadding().toString());
        int[] s = {3};
        ConvOptions o = ConvOptions.defaults().withStride(s);
        s[0] = 5;
        o.stride()[0] = 7;
        assertArrayEquals(new int[] {3}, o.stride(), "copied in and out");
        assertArrayEquals(new int[] {0}, ConvOptions.defaults().withPadding(4).withValidPadding().padding());
    }

    @Test
    void backwardRefusesAnInputModifiedAfterForward() {
        Tensor x = randn(1, DType.FLOAT64, 1, 2, 4, 4), w = randn(2, DType.FLOAT64, 2, 2, 3, 3).requiresGrad(true);
        Tensor y = x.conv2d(w, null, ConvOptions.defaults());
        assertEquals("conv2d", y.gradFnName());
        x.mulInPlace(2);
        String m = assertThrows(IllegalStateException.class, () -> y.sum().backward()).getMessage();
        assertEquals("backward: input 0 of 'conv2d' (shape [1, 2, 4, 4]) was modified in place after it was used; its gradient would"
                + " be wrong. Modify a copy (clone()) instead", m);
    }
}
