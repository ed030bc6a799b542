package ai.deepj.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ConvKernels} on its own: im2col's columns written out by hand for a small case, any range
 * of columns equal to the same columns of the whole matrix, col2im the exact adjoint of im2col
 * ({@code <col2im(C), X> = <C, im2col(X)>}), and float32 equal to float64 (both only move values).
 */
class ConvKernelsTest {
    private static ConvKernels.Geometry3d geometry(int c, int[] in, int[] k, int[] s, int[] p, int[] d) {
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) out[i] = (in[i] + 2 * p[i] - d[i] * (k[i] - 1) - 1) / s[i] + 1;
        return new ConvKernels.Geometry3d(c, in, k, out, s, p, d);
    }

    @Test
    void im2colOfASmallImageByHand() {
        // One channel, 3x4 image 1..12, 2x2 kernel, padding 1 on W only, stride (1, 2): output 2 x 3.
        var g = geometry(1, new int[] {1, 3, 4}, new int[] {1, 2, 2}, new int[] {1, 1, 2}, new int[] {0, 0, 1}, new int[] {1, 1, 1});
        assertArrayEquals(new int[] {1, 2, 3}, g.out());
        double[] x = new double[12];
        for (int i = 0; i < 12; i++) x[i] = i + 1;
        double[] col = new double[4 * 6];
        ConvKernels.im2col(x, 0, g, 0, 6, col);
        // rows: taps (0,0), (0,1), (1,0), (1,1); columns: (oh, ow) = (0,0) (0,1) (0,2) (1,0) (1,1) (1,2); iw = 2·ow − 1 + e
        assertArrayEquals(new double[] {
            0, 2, 4, 0, 6, 8,
            1, 3, 0, 5, 7, 0,
            0, 6, 8, 0, 10, 12,
            5, 7, 0, 9, 11, 0}, col, 0);
    }

    @Test
    void channelsLastTransposesEveryValueIncludingTheEdgesOfTheRegisterBlocks() {
        int[][] sizes = {{3, 5}, {16, 16}, {35, 37}, {32, 1024}, {17, 1}, {1, 40}};
        for (int[] cp : sizes) {
            int c = cp[0], p = cp[1], off = 7;
            float[] x = new float[off + c * p];
            for (int i = 0; i < x.length; i++) x[i] = i;
            float[] dst = new float[c * p];
            Arrays.fill(dst, Float.NaN);
            ConvKernels.channelsLast(x, off, c, p, dst);
            for (int ch = 0; ch < c; ch++) {
                for (int q = 0; q < p; q++) assertEquals(x[off + ch * p + q], dst[q * c + ch], c + "x" + p + " at (" + ch + ", " + q + ")");
            }
        }
    }

    private static final ConvKernels.Geometry3d[] CASES = {
        geometry(2, new int[] {1, 1, 11}, new int[] {1, 1, 3}, new int[] {1, 1, 2}, new int[] {0, 0, 2}, new int[] {1, 1, 2}),
        geometry(3, new int[] {1, 7, 6}, new int[] {1, 3, 3}, new int[] {1, 1, 1}, new int[] {0, 1, 1}, new int[] {1, 1, 1}),
        geometry(2, new int[] {1, 9, 40}, new int[] {1, 2, 3}, new int[] {1, 2, 1}, new int[] {0, 3, 0}, new int[] {1, 2, 1}),
        geometry(2, new int[] {4, 5, 5}, new int[] {2, 3, 2}, new int[] {2, 1, 3}, new int[] {1, 0, 2}, new int[] {1, 1, 2}),
        // 2-d at stride 1 (float32 takes the whole-plane path for whole images): valid, dilated with padding, narrow.
        geometry(2, new int[] {1, 12, 12}, new int[] {1, 5, 5}, new int[] {1, 1, 1}, new int[] {0, 0, 0}, new int[] {1, 1, 1}),
        geometry(1, new int[] {1, 6, 9}, new int[] {1, 3, 3}, new int[] {1, 1, 1}, new int[] {0, 2, 2}, new int[] {1, 2, 2}),
        geometry(2, new int[] {1, 3, 20}, new int[] {1, 3, 5}, new int[] {1, 1, 1}, new int[] {0, 1, 2}, new int[] {1, 1, 1}),
        geometry(3, new int[] {1, 2, 2}, new int[] {1, 3, 3}, new int[] {1, 1, 1}, new int[] {0, 1, 1}, new int[] {1, 1, 1}),
    };

    @Test
    void anyRangeOfColumnsIsTheSameColumnsOfTheWholeMatrix() {
        SplittableRandom r = new SplittableRandom(1);
        for (var g : CASES) {
            int rows = g.rows(), p = g.outputPositions();
            double[] x = r.doubles(g.channels() * g.inputPositions() + 3).toArray();
            double[] all = new double[rows * p];
            ConvKernels.im2col(x, 3, g, 0, p, all);
            for (int j0 : new int[] {0, 1, p / 3, p - 1}) {
                for (int j1 : new int[] {j0 + 1, (j0 + p) / 2 + 1, p}) {
                    if (j1 > p || j1 <= j0) continue;
                    double[] part = new double[rows * (j1 - j0)];
                    Arrays.fill(part, Double.NaN); // every value must be written
                    ConvKernels.im2col(x, 3, g, j0, j1, part);
                    for (int row = 0; row < rows; row++) {
                        for (int j = j0; j < j1; j++) {
                            assertEquals(all[row * p + j], part[row * (j1 - j0) + j - j0], "row " + row + " column " + j + " of " + g);
                        }
                    }
                }
            }
        }
    }

    /**
     * Several images' column matrices side by side (image {@code i} from column {@code i·P}, rows of {@code m·P}):
     * each the same as built alone, and col2im reading them back adds the same gradients, in float32 and float64.
     */
    @Test
    void columnMatricesSideBySideEqualTheSingleOnes() {
        SplittableRandom r = new SplittableRandom(3);
        int m = 3;
        for (var g : CASES) {
            int rows = g.rows(), p = g.outputPositions(), n = g.channels() * g.inputPositions(), width = m * p;
            double[] x = r.doubles(m * n).toArray(), c = r.doubles(rows * width).toArray();
            float[] xf = new float[m * n], cf = new float[rows * width];
            for (int i = 0; i < xf.length; i++) xf[i] = (float) x[i];
            for (int i = 0; i < cf.length; i++) cf[i] = (float) c[i];
            double[] wide = new double[rows * width + 5];
            float[] widef = new float[rows * width + 5];
            Arrays.fill(wide, Double.NaN);
            Arrays.fill(widef, Float.NaN);
            double[] back = new double[m * n];
            float[] backf = new float[m * n];
            for (int i = 0; i < m; i++) {
                ConvKernels.im2col(x, i * n, g, 0, p, wide, 5 + i * p, width);
                ConvKernels.im2col(xf, i * n, g, 0, p, widef, 5 + i * p, width);
                ConvKernels.col2im(c, i * p, width, g, 0, p, back, i * n);
                ConvKernels.col2im(cf, i * p, width, g, 0, p, backf, i * n);
            }
            for (int i = 0; i < m; i++) {
                double[] one = new double[rows * p], single = new double[m * n], part = new double[rows * p];
                float[] onef = new float[rows * p], singlef = new float[m * n], partf = new float[rows * p];
                ConvKernels.im2col(x, i * n, g, 0, p, one);
                ConvKernels.im2col(xf, i * n, g, 0, p, onef);
                for (int row = 0; row < rows; row++) {
                    for (int j = 0; j < p; j++) {
                        assertEquals(one[row * p + j], wide[5 + row * width + i * p + j], "float64 row " + row + " column " + j + " of " + g);
                        assertEquals(onef[row * p + j], widef[5 + row * width + i * p + j], "float32 row " + row + " column " + j + " of " + g);
                    }
                    System.arraycopy(c, row * width + i * p, part, row * p, p);
                    System.arraycopy(cf, row * width + i * p, partf, row * p, p);
                }
                ConvKernels.col2im(part, g, 0, p, single, i * n);
                ConvKernels.col2im(partf, g, 0, p, singlef, i * n);
                for (int k = 0; k < n; k++) {
                    assertEquals(single[i * n + k], back[i * n + k], "float64 col2im of image " + i + " of " + g);
                    assertEquals(singlef[i * n + k], backf[i * n + k], "float32 col2im of image " + i + " of " + g);
                }
            }
        }
    }

    @Test
    void col2imIsTheAdjointOfIm2col() {
        SplittableRandom r = new SplittableRandom(2);
        for (var g : CASES) {
            int rows = g.rows(), p = g.outputPositions(), n = g.channels() * g.inputPositions();
            double[] x = r.doubles(n).toArray(), c = r.doubles(rows * p).toArray();
            double[] col = new double[rows * p], back = new double[n];
            ConvKernels.im2col(x, 0, g, 0, p, col);
            // In two ranges of columns, to exercise the partial-range bookkeeping of col2im too.
            int mid = p / 2;
            double[] first = new double[rows * mid], second = new double[rows * (p - mid)];
            for (int row = 0; row < rows; row++) {
                System.arraycopy(c, row * p, first, row * mid, mid);
                System.arraycopy(c, row * p + mid, second, row * (p - mid), p - mid);
            }
            ConvKernels.col2im(first, g, 0, mid, back, 0);
            ConvKernels.col2im(second, g, mid, p, back, 0);
            double lhs = 0, rhs = 0, scale = 0;
            for (int i = 0; i < n; i++) lhs += back[i] * x[i];
            for (int i = 0; i < rows * p; i++) {
                rhs += c[i] * col[i];
                scale += Math.abs(c[i] * col[i]);
            }
            assertEquals(rhs, lhs, 1e-13 * scale, "adjoint for " + g);

            float[] xf = new float[n], colf = new float[rows * p], backf = new float[n];
            for (int i = 0; i < n; i++) xf[i] = (float) x[i];
            ConvKernels.im2col(xf, 0, g, 0, p, colf);
            double[] colFromFloat = new double[rows * p];
            double[] col32 = new double[rows * p];
            double[] x32 = new double[n];
            for (int i = 0; i < n; i++) x32[i] = xf[i];
            ConvKernels.im2col(x32, 0, g, 0, p, colFromFloat);
            for (int i = 0; i < rows * p; i++) col32[i] = colf[i];
            assertArrayEquals(colFromFloat, col32, 0, "float32 im2col moves the same values");
            float[] cf = new float[rows * p];
            for (int i = 0; i < cf.length; i++) cf[i] = (float) c[i];
            ConvKernels.col2im(cf, g, 0, p, backf, 0);
            double[] cd = new double[rows * p], backd = new double[n], cAbs = new double[rows * p], backAbs = new double[n];
            for (int i = 0; i < cf.length; i++) {
                cd[i] = cf[i];
                cAbs[i] = Math.abs(cf[i]);
            }
            ConvKernels.col2im(cd, g, 0, p, backd, 0);
            ConvKernels.col2im(cAbs, g, 0, p, backAbs, 0);
            int taps = rows / g.channels();
            for (int i = 0; i < n; i++) {
                // a sum of at most taps float values: float32 rounding error at most taps·u·Σ|values|
                assertEquals(backd[i], backf[i], taps * Math.ulp(1f) / 2 * backAbs[i], "float32 col2im at " + i);
            }
        }
    }
}
