package ai.deepj.tensor;

import ai.deepj.kernel.Parallel;
import java.util.Arrays;

/**
 * Padding of the last 1, 2 or 3 dimensions by given amounts before and after each, in one of the
 * {@link PadMode}s, forward beside backward. Every output position of a padded dimension is mapped
 * once to the input position it copies (or to none, for a constant); the copy runs over the planes
 * formed by the leading dimensions, in parallel on the shared pool. The backward of constant padding
 * is a view of the output gradient's interior; the others add each output gradient into the input
 * position it was copied from (edges and mirrored elements collect several).
 */
final class Pad {
    private Pad() {}

    static Tensor pad(Tensor x, int[] before, int[] after, PadMode mode, double value) {
        String op = "pad";
        if (before == null || after == null || before.length != after.length) {
            throw new IllegalArgumentException(op + ": before " + Arrays.toString(before) + " and after " + Arrays.toString(after)
                    + " must both be given, with one amount per padded dimension");
        }
        int k = before.length;
        if (k < 1 || k > 3) throw new IllegalArgumentException(op + ": pads the last 1, 2 or 3 dimensions, got " + k + " amounts");
        if (mode == null) throw new IllegalArgumentException(op + ": mode must not be null");
        if (!x.dtype.isFloating()) throw new IllegalArgumentException(op + ": expects float32 or float64, got " + x.dtype);
        if (x.dim() < k) {
            throw new IllegalArgumentException(op + ": padding " + k + " dimensions needs an input of rank " + k + " or more, got "
                    + x.shape());
        }
        for (int i = 0; i < k; i++) {
            if (before[i] < 0 || after[i] < 0) {
                throw new IllegalArgumentException(op + ": amounts must be non-negative, got before " + Arrays.toString(before)
                        + " and after " + Arrays.toString(after) + " (narrow crops)");
            }
        }
        if (mode != PadMode.CONSTANT && value != 0) {
            throw new IllegalArgumentException(op + ": a fill value (" + value + ") applies only to CONSTANT padding, not " + mode);
        }
        int lead = x.dim() - k, planes = 1;
        for (int i = 0; i < lead; i++) planes *= x.shape[i];
        int[] in = {1, 1, 1}, out = {1, 1, 1}, shape = x.shape.clone();
        int[][] map = new int[3][];
        for (int d = 0; d < 3 - k; d++) map[d] = new int[1];
        for (int i = 0; i < k; i++) {
            int d = 3 - k + i, n = x.shape[lead + i];
            checkAmounts(op, mode, x, lead + i, before[i], after[i]);
            in[d] = n;
            out[d] = shape[lead + i] = n + before[i] + after[i];
            map[d] = new int[out[d]];
            for (int o = 0; o < out[d]; o++) map[d][o] = source(o - before[i], n, mode);
        }
        Tensor xc = x.contiguous();
        Tensor y = Tensor.allocate(x.dtype, shape);
        int bw = before[k - 1];
        boolean constant = mode == PadMode.CONSTANT;
        long cost = (long) out[0] * out[1] * out[2];
        if (x.dtype == DType.FLOAT32) {
            float[] xa = xc.floatArray(), ya = y.floatArray();
            float v = (float) value;
            Parallel.forRange(planes, cost, (a, b) -> forward(xa, xc.offset, ya, in, out, map, constant, bw, v, a, b));
        } else {
            double[] xa = xc.doubleArray(), ya = y.doubleArray();
            Parallel.forRange(planes, cost, (a, b) -> forward(xa, xc.offset, ya, in, out, map, constant, bw, value, a, b));
        }
        int planeCount = planes;
        return Autograd.record("pad", Node.SAVES_NOTHING, y, g -> {
            if (constant) {
                Tensor inner = g;
                for (int i = 0; i < k; i++) inner = inner.narrow(lead + i, before[i], x.shape[lead + i]);
                return new Tensor[] {inner};
            }
            return new Tensor[] {backward(g, xc, planeCount, in, out, map)};
        }, xc);
    }

    private static void checkAmounts(String op, PadMode mode, Tensor x, int dim, int before, int after) {
        int n = x.shape[dim];
        if (before == 0 && after == 0) return;
        String amounts = " (before " + before + ", after " + after + ")";
        switch (mode) {
            case REFLECT -> {
                if (before >= n || after >= n) {
                    throw new IllegalArgumentException(op + ": REFLECT padding of dimension " + dim + amounts
                            + " must be smaller than its size " + n + " (input " + x.shape() + ")");
                }
            }
            case REPLICATE -> {
                if (n == 0) {
                    throw new IllegalArgumentException(op + ": REPLICATE padding of dimension " + dim + amounts
                            + " needs at least one element to repeat (input " + x.shape() + ")");
                }
            }
            case CIRCULAR -> {
                if (before > n || after > n) {
                    throw new IllegalArgumentException(op + ": CIRCULAR padding of dimension " + dim + amounts
                            + " must be at most its size " + n + " (input " + x.shape() + ")");
                }
            }
            case CONSTANT -> { }
        }
    }

    /** The input position that output position {@code i − before} copies, or −1 for the constant. */
    private static int source(int i, int n, PadMode mode) {
        if (i >= 0 && i < n) return i;
        return switch (mode) {
            case CONSTANT -> -1;
            case REFLECT -> i < 0 ? -i : 2 * (n - 1) - i;
            case REPLICATE -> i < 0 ? 0 : n - 1;
            case CIRCULAR -> Math.floorMod(i, n);
        };
    }

    private static void forward(double[] x, int xOff, double[] y, int[] in, int[] out, int[][] map, boolean constant, int bw,
            double v, int from, int to) {
        int inPlane = in[0] * in[1] * in[2], outPlane = out[0] * out[1] * out[2], ow = out[2], iw = in[2];
        int[] mw = map[2];
        for (int p = from; p < to; p++) {
            int ib = xOff + p * inPlane, ob = p * outPlane;
            for (int od = 0; od < out[0]; od++) {
                for (int oh = 0; oh < out[1]; oh++) {
                    int sd = map[0][od], sh = map[1][oh], orow = ob + (od * out[1] + oh) * ow;
                    if (sd < 0 || sh < 0) {
                        Arrays.fill(y, orow, orow + ow, v);
                        continue;
                    }
                    int irow = ib + (sd * in[1] + sh) * iw;
                    if (constant) {
                        Arrays.fill(y, orow, orow + bw, v);
                        System.arraycopy(x, irow, y, orow + bw, iw);
                        Arrays.fill(y, orow + bw + iw, orow + ow, v);
                    } else {
                        for (int j = 0; j < ow; j++) y[orow + j] = x[irow + mw[j]];
                    }
                }
            }
        }
    }

    private static void forward(float[] x, int xOff, float[] y, int[] in, int[] out, int[][] map, boolean constant, int bw,
            float v, int from, int to) {
        int inPlane = in[0] * in[1] * in[2], outPlane = out[0] * out[1] * out[2], ow = out[2], iw = in[2];
        int[] mw = map[2];
        for (int p = from; p < to; p++) {
            int ib = xOff + p * inPlane, ob = p * outPlane;
            for (int od = 0; od < out[0]; od++) {
                for (int oh = 0; oh < out[1]; oh++) {
                    int sd = map[0][od], sh = map[1][oh], orow = ob + (od * out[1] + oh) * ow;
                    if (sd < 0 || sh < 0) {
                        Arrays.fill(y, orow, orow + ow, v);
                        continue;
                    }
                    int irow = ib + (sd * in[1] + sh) * iw;
                    if (constant) {
                        Arrays.fill(y, orow, orow + bw, v);
                        System.arraycopy(x, irow, y, orow + bw, iw);
                        Arrays.fill(y, orow + bw + iw, orow + ow, v);
                    } else {
                        for (int j = 0; j < ow; j++) y[orow + j] = x[irow + mw[j]];
                    }
                }
            }
        }
    }

    /** Reflect, replicate, circular: every output gradient added into the input element it copied. */
    private static Tensor backward(Tensor g, Tensor x, int planes, int[] in, int[] out, int[][] map) {
        Tensor gc = g.to(x.dtype).contiguous();
        Tensor gi = Tensor.allocate(x.dtype, x.shape);
        int inPlane = in[0] * in[1] * in[2], outPlane = out[0] * out[1] * out[2], ow = out[2], go = gc.offset;
        int[] mw = map[2];
        if (x.dtype == DType.FLOAT32) {
            float[] ga = gc.floatArray(), ia = gi.floatArray();
            Parallel.forRange(planes, outPlane, (a, b) -> {
                for (int p = a; p < b; p++) {
                    for (int od = 0; od < out[0]; od++) {
                        for (int oh = 0; oh < out[1]; oh++) {
                            int orow = go + p * outPlane + (od * out[1] + oh) * ow;
                            int irow = p * inPlane + (map[0][od] * in[1] + map[1][oh]) * in[2];
                            for (int j = 0; j < ow; j++) ia[irow + mw[j]] += ga[orow + j];
                        }
                    }
                }
            });
        } else {
            double[] ga = gc.doubleArray(), ia = gi.doubleArray();
            Parallel.forRange(planes, outPlane, (a, b) -> {
                for (int p = a; p < b; p++) {
                    for (int od = 0; od < out[0]; od++) {
                        for (int oh = 0; oh < out[1]; oh++) {
                            int orow = go + p * outPlane + (od * out[1] + oh) * ow;
                            int irow = p * inPlane + (map[0][od] * in[1] + map[1][oh]) * in[2];
                            for (int j = 0; j < ow; j++) ia[irow + mw[j]] += ga[orow + j];
                        }
                    }
                }
            });
        }
        return gi;
    }
}
