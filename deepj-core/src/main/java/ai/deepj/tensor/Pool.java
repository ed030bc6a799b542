package ai.deepj.tensor;

import ai.deepj.kernel.Parallel;
import ai.deepj.kernel.PoolKernels;
import java.util.Arrays;

/**
 * Max and average pooling over the last 1, 2 or 3 dimensions of {@code [N, C, L]},
 * {@code [N, C, H, W]} or {@code [N, C, D, H, W]} inputs, and global (whole-plane) pooling, each
 * forward beside its backward. Every rank runs the same 3-D loops, with size-1 leading spatial
 * dimensions for 1-D and 2-D, over the {@code N·C} planes in parallel on the shared pool.
 *
 * <p>Semantics are PyTorch's ({@code max_pool*d}, {@code avg_pool*d}, CPU): window {@code o} of a
 * dimension starts at {@code o·stride − padding}; the output size is
 * {@code ⌊(in + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1} (⌈⌉ with {@code ceilMode},
 * dropping a last window that would start in the right padding); padding is at most half the
 * (dilated) kernel. Max pooling never sees the padding (it acts as −∞); among equal values the
 * first in row-major order wins and receives the whole gradient; a NaN in a window is its maximum.
 * The arg-max of every output is kept as one int per output element for backward. Average
 * pooling divides by the window's size clipped to the padded input when {@code countIncludePad}
 * (PyTorch's default: padding counts as zeros, but a {@code ceilMode} window reaching past the
 * padding does not count that part), else by the number of input elements it covers.
 */
final class Pool {
    private Pool() {}

    /**
     * Where every window lies, for three spatial dimensions (D, H, W): output position {@code o}
     * of dimension {@code d} reads input positions {@code lo[d][o], lo[d][o] + step[d], …} below
     * {@code hi[d][o]}; average pooling divides by the product of {@code div[d][o]}.
     */
    private static final class Windows {
        final int planes;
        final int[] in, out, step;
        final int[][] lo = new int[3][], hi = new int[3][], div = new int[3][];
        final long volume;
        /** Kernel size, stride and padding along W, for the vector kernel of max pooling (0: not planned by {@link #plan}). */
        int kernelW, strideW, padW;

        Windows(int planes, int[] in, int[] out, int[] step, long volume) {
            this.planes = planes;
            this.in = in;
            this.out = out;
            this.step = step;
            this.volume = volume;
        }

        int inPlane() {
            return in[0] * in[1] * in[2];
        }

        int outPlane() {
            return out[0] * out[1] * out[2];
        }
    }

    private static final String[] LAYOUT = {"[N, C, L]", "[N, C, H, W]", "[N, C, D, H, W]"};

    static Tensor maxPool(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        int k = spatialRank("maxPool", kernel);
        String op = "maxPool" + k + "d";
        int[] s = orDefault(op, "stride", stride, kernel, k), p = orDefault(op, "padding", padding, new int[k], k);
        int[] dl = orDefault(op, "dilation", dilation, filled(k, 1), k);
        checkInput(op, x, k);
        checkArguments(op, kernel, s, p, dl);
        for (int i = 0; i < k; i++) {
            if (p[i] > ((kernel[i] - 1) * dl[i] + 1) / 2) {
                throw new IllegalArgumentException(op + ": padding " + Arrays.toString(p) + " must be at most half the kernel "
                        + Arrays.toString(kernel) + " (dilated: (kernel - 1) * dilation + 1, dilation " + Arrays.toString(dl)
                        + "), as in PyTorch");
            }
        }
        Windows w = plan(op, x, kernel, s, p, dl, ceilMode, true, false);
        Tensor xc = x.contiguous();
        Tensor out = Tensor.allocate(x.dtype, outShape(x, w, k));
        int[] arg = new int[(int) out.numel()];
        if (x.dtype == DType.FLOAT32) {
            float[] xa = xc.floatArray(), ya = out.floatArray();
            Parallel.forRange(w.planes, w.outPlane() * w.volume, (a, b) -> maxForward(xa, xc.offset, ya, arg, w, a, b));
        } else {
            double[] xa = xc.doubleArray(), ya = out.doubleArray();
            Parallel.forRange(w.planes, w.outPlane() * w.volume, (a, b) -> maxForward(xa, xc.offset, ya, arg, w, a, b));
        }
        return Autograd.record("max_pool" + k + "d", Node.SAVES_NOTHING, out, g -> new Tensor[] {maxBackward(g, xc, arg, w)}, xc);
    }

    static Tensor avgPool(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        int k = spatialRank("avgPool", kernel);
        String op = "avgPool" + k + "d";
        int[] s = orDefault(op, "stride", stride, kernel, k), p = orDefault(op, "padding", padding, new int[k], k);
        checkInput(op, x, k);
        checkArguments(op, kernel, s, p, filled(k, 1));
        for (int i = 0; i < k; i++) {
            if (p[i] > kernel[i] / 2) {
                throw new IllegalArgumentException(op + ": padding " + Arrays.toString(p) + " must be at most half the kernel "
                        + Arrays.toString(kernel) + ", as in PyTorch");
            }
        }
        Windows w = plan(op, x, kernel, s, p, filled(k, 1), ceilMode, false, countIncludePad);
        return avg("avg_pool" + k + "d", x, w, outShape(x, w, k));
    }

    /**
     * Max or mean over all spatial dimensions of {@code [N, C, ...]}: {@code [N, C]}, or
     * {@code [N, C, 1, …, 1]} with {@code keepDims} (PyTorch's {@code adaptive_*_pool*d(x, 1)}).
     */
    static Tensor globalPool(Tensor x, boolean max, boolean keepDims) {
        String op = max ? "globalMaxPool" : "globalAvgPool";
        if (!x.dtype.isFloating()) throw new IllegalArgumentException(op + ": expects float32 or float64, got " + x.dtype);
        if (x.dim() < 3) {
            throw new IllegalArgumentException(op + ": expects [N, C, ...] with at least one spatial dimension, got " + x.shape());
        }
        int spatial = 1;
        for (int i = 2; i < x.dim(); i++) spatial *= x.shape[i];
        if (spatial == 0) throw new IllegalArgumentException(op + ": input " + x.shape() + " has no spatial elements to pool");
        // One window over the whole plane, which is contiguous: as a 1-D pool of the flattened plane.
        Windows w = new Windows(x.shape[0] * x.shape[1], new int[] {1, 1, spatial}, new int[] {1, 1, 1}, new int[] {1, 1, 1}, spatial);
        w.lo[0] = w.lo[1] = w.lo[2] = new int[1];
        w.hi[0] = w.hi[1] = w.div[0] = w.div[1] = new int[] {1};
        w.hi[2] = w.div[2] = new int[] {spatial};
        int[] shape = new int[keepDims ? x.dim() : 2];
        Arrays.fill(shape, 1);
        shape[0] = x.shape[0];
        shape[1] = x.shape[1];
        if (!max) return avg(keepDims ? "adaptive_avg_pool" : "global_avg_pool", x, w, shape);
        Tensor xc = x.contiguous();
        Tensor out = Tensor.allocate(x.dtype, shape);
        int[] arg = new int[(int) out.numel()];
        if (x.dtype == DType.FLOAT32) {
            float[] xa = xc.floatArray(), ya = out.floatArray();
            Parallel.forRange(w.planes, spatial, (a, b) -> maxForward(xa, xc.offset, ya, arg, w, a, b));
        } else {
            double[] xa = xc.doubleArray(), ya = out.doubleArray();
            Parallel.forRange(w.planes, spatial, (a, b) -> maxForward(xa, xc.offset, ya, arg, w, a, b));
        }
        String name = keepDims ? "adaptive_max_pool" : "global_max_pool";
        return Autograd.record(name, Node.SAVES_NOTHING, out, g -> new Tensor[] {maxBackward(g, xc, arg, w)}, xc);
    }

    // ---------------------------------------------------------------- checks and window plans

    private static int spatialRank(String op, int[] kernel) {
        if (kernel == null || kernel.length < 1 || kernel.length > 3) {
            throw new IllegalArgumentException(op + ": kernel must have 1, 2 or 3 sizes (1-D, 2-D or 3-D pooling), got "
                    + Arrays.toString(kernel));
        }
        return kernel.length;
    }

    private static int[] orDefault(String op, String what, int[] given, int[] fallback, int k) {
        if (given == null || given.length == 0) return fallback;
        if (given.length != k) {
            throw new IllegalArgumentException(op + ": " + what + " " + Arrays.toString(given) + " must have " + k
                    + (k == 1 ? " size" : " sizes") + ", one per spatial dimension");
        }
        return given;
    }

    private static int[] filled(int k, int v) {
        int[] a = new int[k];
        Arrays.fill(a, v);
        return a;
    }

    private static void checkInput(String op, Tensor x, int k) {
        if (!x.dtype.isFloating()) throw new IllegalArgumentException(op + ": expects float32 or float64, got " + x.dtype);
        if (x.dim() != k + 2) throw new IllegalArgumentException(op + ": expects a " + LAYOUT[k - 1] + " input, got " + x.shape());
    }

    private static void checkArguments(String op, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        for (int i = 0; i < kernel.length; i++) {
            if (kernel[i] < 1) throw new IllegalArgumentException(op + ": kernel sizes must be positive, got " + Arrays.toString(kernel));
            if (stride[i] < 1) throw new IllegalArgumentException(op + ": strides must be positive, got " + Arrays.toString(stride));
            if (padding[i] < 0) throw new IllegalArgumentException(op + ": padding must be non-negative, got " + Arrays.toString(padding));
            if (dilation[i] < 1) throw new IllegalArgumentException(op + ": dilation must be positive, got " + Arrays.toString(dilation));
        }
    }

    private static int[] outShape(Tensor x, Windows w, int k) {
        int[] shape = new int[k + 2];
        shape[0] = x.shape[0];
        shape[1] = x.shape[1];
        for (int i = 0; i < k; i++) shape[2 + i] = w.out[3 - k + i];
        return shape;
    }

    /** The output sizes and every window of a k-dimensional pool, as three dimensions. */
    private static Windows plan(String op, Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode,
            boolean max, boolean countIncludePad) {
        int k = kernel.length, lead = 3 - k;
        int[] in = {1, 1, 1}, out = {1, 1, 1}, step = {1, 1, 1};
        int[] sizes = new int[k];
        boolean tooSmall = false;
        long volume = 1;
        for (int i = 0; i < k; i++) {
            int n = x.shape[2 + i], s = stride[i], p = padding[i], extent = dilation[i] * (kernel[i] - 1) + 1;
            long o = Math.floorDiv((long) n + 2L * p - extent + (ceilMode ? s - 1 : 0), (long) s) + 1;
            if (ceilMode && o > 0 && (o - 1) * s >= (long) n + p) o--; // no window may start in the right padding
            sizes[i] = (int) Math.max(o, 0);
            tooSmall |= o < 1;
            in[lead + i] = n;
            out[lead + i] = sizes[i];
            step[lead + i] = max ? dilation[i] : 1;
            volume *= kernel[i];
        }
        int kW = kernel[k - 1], sW = stride[k - 1], pW = padding[k - 1];
        if (tooSmall) {
            throw new IllegalArgumentException(op + ": input " + x.shape() + " is too small for kernel " + Arrays.toString(kernel)
                    + ", stride " + Arrays.toString(stride) + ", padding " + Arrays.toString(padding)
                    + (max ? ", dilation " + Arrays.toString(dilation) : "") + ": the output would be " + Arrays.toString(sizes));
        }
        Windows w = new Windows(x.shape[0] * x.shape[1], in, out, step, volume);
        w.kernelW = kW;
        w.strideW = sW;
        w.padW = pW;
        for (int d = 0; d < lead; d++) {
            w.lo[d] = new int[1];
            w.hi[d] = w.div[d] = new int[] {1};
        }
        for (int i = 0; i < k; i++) {
            int d = lead + i, n = in[d], s = stride[i], p = padding[i], dil = dilation[i], m = out[d];
            int[] lo = w.lo[d] = new int[m], hi = w.hi[d] = new int[m], div = w.div[d] = new int[m];
            for (int o = 0; o < m; o++) {
                int start = o * s - p;
                if (max) {
                    int first = start;
                    while (first < 0) first += dil;
                    lo[o] = first;
                    hi[o] = Math.min(start + (kernel[i] - 1) * dil + 1, n);
                    if (lo[o] >= hi[o]) {
                        throw new IllegalArgumentException(op + ": the window at output position " + o + " of dimension " + (2 + i)
                                + " covers only padding (input " + x.shape() + ", kernel " + Arrays.toString(kernel) + ", stride "
                                + Arrays.toString(stride) + ", padding " + Arrays.toString(padding) + ", dilation "
                                + Arrays.toString(dilation) + ")");
                    }
                } else {
                    int end = Math.min(start + kernel[i], n + p);
                    lo[o] = Math.max(start, 0);
                    hi[o] = Math.min(end, n);
                    div[o] = countIncludePad ? end - start : Math.max(hi[o] - lo[o], 0);
                }
            }
        }
        return w;
    }

    // ---------------------------------------------------------------- max pooling

    private static void maxForward(double[] x, int xOff, double[] y, int[] arg, Windows w, int from, int to) {
        int inPlane = w.inPlane(), outPlane = w.outPlane(), h = w.in[1], wd = w.in[2];
        int sd = w.step[0], sh = w.step[1], sw = w.step[2];
        for (int p = from; p < to; p++) {
            int base = xOff + p * inPlane, o = p * outPlane;
            for (int od = 0; od < w.out[0]; od++) {
                for (int oh = 0; oh < w.out[1]; oh++) {
                    for (int ow = 0; ow < w.out[2]; ow++, o++) {
                        int lw = w.lo[2][ow], hw = w.hi[2][ow];
                        int at = (w.lo[0][od] * h + w.lo[1][oh]) * wd + lw;
                        double best = Double.NEGATIVE_INFINITY;
                        for (int id = w.lo[0][od]; id < w.hi[0][od]; id += sd) {
                            for (int ih = w.lo[1][oh]; ih < w.hi[1][oh]; ih += sh) {
                                int row = (id * h + ih) * wd;
                                for (int iw = lw; iw < hw; iw += sw) {
                                    double v = x[base + row + iw];
                                    if (v > best || v != v) { // strictly greater: the first of equal values wins; NaN wins
                                        best = v;
                                        at = row + iw;
                                    }
                                }
                            }
                        }
                        y[o] = best;
                        arg[o] = at;
                    }
                }
            }
        }
    }

    private static void maxForward(float[] x, int xOff, float[] y, int[] arg, Windows w, int from, int to) {
        if (w.kernelW > 0 && w.in[0] == 1 && w.out[0] == 1 && w.step[1] == 1 && w.step[2] == 1) {
            maxForwardRows(x, xOff, y, arg, w, from, to);
            return;
        }
        int inPlane = w.inPlane(), outPlane = w.outPlane(), h = w.in[1], wd = w.in[2];
        int sd = w.step[0], sh = w.step[1], sw = w.step[2];
        for (int p = from; p < to; p++) {
            int base = xOff + p * inPlane, o = p * outPlane;
            for (int od = 0; od < w.out[0]; od++) {
                for (int oh = 0; oh < w.out[1]; oh++) {
                    for (int ow = 0; ow < w.out[2]; ow++, o++) {
                        int lw = w.lo[2][ow], hw = w.hi[2][ow];
                        int at = (w.lo[0][od] * h + w.lo[1][oh]) * wd + lw;
                        float best = Float.NEGATIVE_INFINITY;
                        for (int id = w.lo[0][od]; id < w.hi[0][od]; id += sd) {
                            for (int ih = w.lo[1][oh]; ih < w.hi[1][oh]; ih += sh) {
                                int row = (id * h + ih) * wd;
                                for (int iw = lw; iw < hw; iw += sw) {
                                    float v = x[base + row + iw];
                                    if (v > best || v != v) {
                                        best = v;
                                        at = row + iw;
                                    }
                                }
                            }
                        }
                        y[o] = best;
                        arg[o] = at;
                    }
                }
            }
        }
    }

    /**
     * 2-D (or 1-D) max pooling without dilation: the columns whose windows lie inside the plane
     * go to the vector kernel {@link PoolKernels#maxRow}, those reaching into the padding (or past
     * the end, in ceil mode) to the same scalar loop as {@link #maxForward}.
     */
    private static void maxForwardRows(float[] x, int xOff, float[] y, int[] arg, Windows w, int from, int to) {
        int inPlane = w.inPlane(), outPlane = w.outPlane(), wd = w.in[2], oH = w.out[1], oW = w.out[2];
        int k = w.kernelW, s = w.strideW, p = w.padW;
        int[] lo = w.lo[2], hi = w.hi[2];
        int i0 = 0, i1 = oW; // interior columns [i0, i1): windows are clipped only at the two ends
        while (i0 < oW && (lo[i0] != i0 * s - p || hi[i0] - lo[i0] != k)) i0++;
        while (i1 > i0 && (lo[i1 - 1] != (i1 - 1) * s - p || hi[i1 - 1] - lo[i1 - 1] != k)) i1--;
        if (i0 == 0 && i1 == oW && allRowsInside(w)) {
            // Every window inside the plane: gather over the whole output plane.
            int[] first = new int[outPlane];
            for (int oh = 0, j = 0; oh < oH; oh++) {
                for (int ow = 0; ow < oW; ow++) first[j++] = w.lo[1][oh] * wd + lo[ow];
            }
            int kh = w.hi[1][0] - w.lo[1][0];
            int[] taps = new int[kh * k];
            for (int r = 0, t = 0; r < kh; r++) {
                for (int e = 0; e < k; e++) taps[t++] = r * wd + e;
            }
            PoolKernels.maxPlanes(x, xOff, inPlane, outPlane, first, taps, y, arg, from, to);
            return;
        }
        for (int pl = from; pl < to; pl++) {
            int base = xOff + pl * inPlane;
            for (int oh = 0; oh < oH; oh++) {
                int r0 = w.lo[1][oh], r1 = w.hi[1][oh], o = pl * outPlane + oh * oW;
                for (int ow = 0; ow < i0; ow++) maxWindowScalar(x, base, wd, r0, r1, lo[ow], hi[ow], y, arg, o + ow);
                for (int ow = i1; ow < oW; ow++) maxWindowScalar(x, base, wd, r0, r1, lo[ow], hi[ow], y, arg, o + ow);
                PoolKernels.maxRow(x, base, wd, r0, r1, k, s, p, i0, i1, y, arg, o);
            }
        }
    }

    /** Whether every output row's window has the same height (none is clipped by padding or a ceil-mode overhang along H). */
    private static boolean allRowsInside(Windows w) {
        int[] lo = w.lo[1], hi = w.hi[1];
        for (int oh = 1; oh < lo.length; oh++) if (hi[oh] - lo[oh] != hi[0] - lo[0]) return false;
        return true;
    }

    private static void maxWindowScalar(float[] x, int base, int wd, int r0, int r1, int c0, int c1, float[] y, int[] arg, int o) {
        int at = r0 * wd + c0;
        float best = Float.NEGATIVE_INFINITY;
        for (int ih = r0; ih < r1; ih++) {
            int row = ih * wd;
            for (int iw = c0; iw < c1; iw++) {
                float v = x[base + row + iw];
                if (v > best || v != v) {
                    best = v;
                    at = row + iw;
                }
            }
        }
        y[o] = best;
        arg[o] = at;
    }

    /** The output gradient sent to each window's arg-max; overlapping windows add up. */
    private static Tensor maxBackward(Tensor g, Tensor x, int[] arg, Windows w) {
        Tensor gc = g.to(x.dtype).contiguous();
        Tensor gi = Tensor.allocate(x.dtype, x.shape);
        int inPlane = w.inPlane(), outPlane = w.outPlane(), go = gc.offset;
        if (x.dtype == DType.FLOAT32) {
            float[] ga = gc.floatArray(), ia = gi.floatArray();
            Parallel.forRange(w.planes, outPlane, (a, b) -> {
                for (int p = a; p < b; p++) {
                    for (int o = p * outPlane, base = p * inPlane, end = o + outPlane; o < end; o++) ia[base + arg[o]] += ga[go + o];
                }
            });
        } else {
            double[] ga = gc.doubleArray(), ia = gi.doubleArray();
            Parallel.forRange(w.planes, outPlane, (a, b) -> {
                for (int p = a; p < b; p++) {
                    for (int o = p * outPlane, base = p * inPlane, end = o + outPlane; o < end; o++) ia[base + arg[o]] += ga[go + o];
                }
            });
        }
        return gi;
    }

    // ---------------------------------------------------------------- average pooling

    private static Tensor avg(String name, Tensor x, Windows w, int[] shape) {
        Tensor xc = x.contiguous();
        Tensor out = Tensor.allocate(x.dtype, shape);
        long cost = w.outPlane() * w.volume;
        if (x.dtype == DType.FLOAT32) {
            float[] xa = xc.floatArray(), ya = out.floatArray();
            Parallel.forRange(w.planes, cost, (a, b) -> avgForward(xa, xc.offset, ya, w, a, b));
        } else {
            double[] xa = xc.doubleArray(), ya = out.doubleArray();
            Parallel.forRange(w.planes, cost, (a, b) -> avgForward(xa, xc.offset, ya, w, a, b));
        }
        return Autograd.record(name, Node.SAVES_NOTHING, out, g -> new Tensor[] {avgBackward(g, xc, w)}, xc);
    }

    /** The divisor of a window: 0 for one that covers no input (its output is 0, as in PyTorch). */
    private static int divisor(Windows w, int od, int oh, int ow) {
        if (w.lo[0][od] >= w.hi[0][od] || w.lo[1][oh] >= w.hi[1][oh] || w.lo[2][ow] >= w.hi[2][ow]) return 0;
        return w.div[0][od] * w.div[1][oh] * w.div[2][ow];
    }

    private static void avgForward(double[] x, int xOff, double[] y, Windows w, int from, int to) {
        int inPlane = w.inPlane(), outPlane = w.outPlane(), h = w.in[1], wd = w.in[2];
        for (int p = from; p < to; p++) {
            int base = xOff + p * inPlane, o = p * outPlane;
            for (int od = 0; od < w.out[0]; od++) {
                for (int oh = 0; oh < w.out[1]; oh++) {
                    for (int ow = 0; ow < w.out[2]; ow++, o++) {
                        int div = divisor(w, od, oh, ow), lw = w.lo[2][ow], hw = w.hi[2][ow];
                        double sum = 0;
                        for (int id = w.lo[0][od]; id < w.hi[0][od]; id++) {
                            for (int ih = w.lo[1][oh]; ih < w.hi[1][oh]; ih++) {
                                int row = base + (id * h + ih) * wd;
                                for (int iw = lw; iw < hw; iw++) sum += x[row + iw];
                            }
                        }
                        y[o] = div == 0 ? 0 : sum / div;
                    }
                }
            }
        }
    }

    private static void avgForward(float[] x, int xOff, float[] y, Windows w, int from, int to) {
        int inPlane = w.inPlane(), outPlane = w.outPlane(), h = w.in[1], wd = w.in[2];
        for (int p = from; p < to; p++) {
            int base = xOff + p * inPlane, o = p * outPlane;
            for (int od = 0; od < w.out[0]; od++) {
                for (int oh = 0; oh < w.out[1]; oh++) {
                    for (int ow = 0; ow < w.out[2]; ow++, o++) {
                        int div = divisor(w, od, oh, ow), lw = w.lo[2][ow], hw = w.hi[2][ow];
                        double sum = 0; // float inputs summed in double: one rounding, at the end
                        for (int id = w.lo[0][od]; id < w.hi[0][od]; id++) {
                            for (int ih = w.lo[1][oh]; ih < w.hi[1][oh]; ih++) {
                                int row = base + (id * h + ih) * wd;
                                for (int iw = lw; iw < hw; iw++) sum += x[row + iw];
                            }
                        }
                        y[o] = div == 0 ? 0 : (float) (sum / div);
                    }
                }
            }
        }
    }

    /** Each output's gradient divided by its window's divisor, added to every input the window covers. */
    private static Tensor avgBackward(Tensor g, Tensor x, Windows w) {
        Tensor gc = g.to(x.dtype).contiguous();
        Tensor gi = Tensor.allocate(x.dtype, x.shape);
        long cost = w.outPlane() * w.volume;
        if (x.dtype == DType.FLOAT32) {
            float[] ga = gc.floatArray(), ia = gi.floatArray();
            Parallel.forRange(w.planes, cost, (a, b) -> avgBackward(ga, gc.offset, ia, w, a, b));
        } else {
            double[] ga = gc.doubleArray(), ia = gi.doubleArray();
            Parallel.forRange(w.planes, cost, (a, b) -> avgBackward(ga, gc.offset, ia, w, a, b));
        }
        return gi;
    }

    private static void avgBackward(double[] g, int gOff, double[] gi, Windows w, int from, int to) {
        int inPlane = w.inPlane(), outPlane = w.outPlane(), h = w.in[1], wd = w.in[2];
        for (int p = from; p < to; p++) {
            int base = p * inPlane, o = gOff + p * outPlane;
            for (int od = 0; od < w.out[0]; od++) {
                for (int oh = 0; oh < w.out[1]; oh++) {
                    for (int ow = 0; ow < w.out[2]; ow++, o++) {
                        int div = divisor(w, od, oh, ow), lw = w.lo[2][ow], hw = w.hi[2][ow];
                        if (div == 0) continue;
                        double share = g[o] / div;
                        for (int id = w.lo[0][od]; id < w.hi[0][od]; id++) {
                            for (int ih = w.lo[1][oh]; ih < w.hi[1][oh]; ih++) {
                                int row = base + (id * h + ih) * wd;
                                for (int iw = lw; iw < hw; iw++) gi[row + iw] += share;
                            }
                        }
                    }
                }
            }
        }
    }

    private static void avgBackward(float[] g, int gOff, float[] gi, Windows w, int from, int to) {
        int inPlane = w.inPlane(), outPlane = w.outPlane(), h = w.in[1], wd = w.in[2];
        for (int p = from; p < to; p++) {
            int base = p * inPlane, o = gOff + p * outPlane;
            for (int od = 0; od < w.out[0]; od++) {
                for (int oh = 0; oh < w.out[1]; oh++) {
                    for (int ow = 0; ow < w.out[2]; ow++, o++) {
                        int div = divisor(w, od, oh, ow), lw = w.lo[2][ow], hw = w.hi[2][ow];
                        if (div == 0) continue;
                        float share = g[o] / div;
                        for (int id = w.lo[0][od]; id < w.hi[0][od]; id++) {
                            for (int ih = w.lo[1][oh]; ih < w.hi[1][oh]; ih++) {
                                int row = base + (id * h + ih) * wd;
                                for (int iw = lw; iw < hw; iw++) gi[row + iw] += share;
                            }
                        }
                    }
                }
            }
        }
    }
}
