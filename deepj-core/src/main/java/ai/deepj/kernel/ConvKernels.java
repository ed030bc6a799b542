package ai.deepj.kernel;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The data movement of a convolution as a matrix product (Chellapilla, Puri and Simard, "High
 * Performance Convolutional Neural Networks for Document Processing", 2006): {@code im2col} copies
 * the input values each output position sees into the columns of a matrix, so the convolution is
 * one GEMM of the weight {@code [out, in·Πk]} by that matrix; {@code col2im} is its adjoint, which
 * adds a column matrix of gradients back onto the input positions they came from.
 *
 * <p>All three spatial ranks run through one 3-d {@link Geometry3d}: a 1-d or 2-d convolution is
 * a 3-d one whose leading spatial sizes, kernel sizes, strides and dilations are 1 and paddings 0.
 * One image (one group's channels) at a time; the caller loops over the batch and groups, and may
 * ask for a range of output positions only, to bound the column buffer.
 *
 * <p>Layout: the image is {@code [C, D, H, W]} row-major at an offset; the column matrix is
 * {@code [C·kD·kH·kW, j1 − j0]} row-major, row {@code ((c·kD + a)·kH + b)·kW + e} holding the input
 * value under kernel tap {@code (a, b, e)} of channel {@code c} for output positions
 * {@code j0 ≤ j < j1} (flattened {@code (od, oh, ow)}), or 0 where the tap falls on padding.
 */
public final class ConvKernels {
    private ConvKernels() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    /**
     * Sizes of one convolution in three spatial dimensions {@code (D, H, W)}. Padding is given
     * before each dimension only: positions past the end of the input read as zero whatever the
     * padding after, which the output size already accounts for.
     *
     * @param channels input channels in the image (one group's)
     * @param in       input size {@code (D, H, W)}
     * @param kernel   kernel size
     * @param out      output size
     * @param stride   step per output position
     * @param pad      zeros before each dimension
     * @param dilation spacing between kernel taps
     */
    public record Geometry3d(int channels, int[] in, int[] kernel, int[] out, int[] stride, int[] pad, int[] dilation) {
        public Geometry3d {
            for (int[] a : new int[][] {in, kernel, out, stride, pad, dilation}) {
                if (a.length != 3) throw new IllegalArgumentException("Geometry3d: every size needs 3 values, got " + Arrays.toString(a));
            }
            in = in.clone();
            kernel = kernel.clone();
            out = out.clone();
            stride = stride.clone();
            pad = pad.clone();
            dilation = dilation.clone();
        }

        /** Rows of the column matrix: {@code channels·kD·kH·kW}. */
        public int rows() {
            return channels * kernel[0] * kernel[1] * kernel[2];
        }

        /** Output positions: {@code oD·oH·oW}. */
        public int outputPositions() {
            return out[0] * out[1] * out[2];
        }

        /** Input positions per channel: {@code D·H·W}. */
        public int inputPositions() {
            return in[0] * in[1] * in[2];
        }
    }

    /**
     * Output positions {@code [lo, hi)} along W of kernel offset {@code offW} (tap position minus
     * padding) that read inside the input: {@code 0 ≤ ow·s + offW < w}.
     */
    private static int wLo(int offW, int s, int ow) {
        return Math.min(ow, offW >= 0 ? 0 : Math.ceilDiv(-offW, s));
    }

    private static int wHi(int offW, int s, int w, int ow) {
        int last = w - 1 - offW; // ow·s ≤ last
        return last < 0 ? 0 : Math.min(ow, last / s + 1);
    }

    /** Writes the columns {@code [j0, j1)} of the image at {@code x[xOff]} into {@code col} (see the class comment). */
    public static void im2col(float[] x, int xOff, Geometry3d g, int j0, int j1, float[] col) {
        im2col(x, xOff, g, j0, j1, col, 0, j1 - j0);
    }

    /**
     * Writes the columns {@code [j0, j1)} of the image at {@code x[xOff]} into rows of {@code ld} values of
     * {@code col} starting at {@code colOff} (row {@code r} at {@code colOff + r·ld}): the column matrices of several
     * images side by side, image {@code i} at {@code colOff = i·P} with {@code ld = images·P}.
     */
    public static void im2col(float[] x, int xOff, Geometry3d g, int j0, int j1, float[] col, int colOff, int ld) {
        if (wholePlaneStride1(g, j0, j1)) {
            im2colPlane(x, xOff, g, col, colOff, ld);
            return;
        }
        int iD = g.in[0], iH = g.in[1], iW = g.in[2], oH = g.out[1], oW = g.out[2];
        int sD = g.stride[0], sH = g.stride[1], sW = g.stride[2];
        int plane = iH * iW, volume = iD * plane, outPlane = oH * oW;
        int r = 0;
        for (int c = 0; c < g.channels; c++) {
            for (int a = 0; a < g.kernel[0]; a++) {
                int offD = a * g.dilation[0] - g.pad[0];
                for (int b = 0; b < g.kernel[1]; b++) {
                    int offH = b * g.dilation[1] - g.pad[1];
                    for (int e = 0; e < g.kernel[2]; e++) {
                        int offW = e * g.dilation[2] - g.pad[2];
                        int lo = wLo(offW, sW, oW), hi = wHi(offW, sW, iW, oW);
                        int dst = colOff + r++ * ld;
                        int od = j0 / outPlane, oh = j0 % outPlane / oW, ow0 = j0 % oW;
                        for (int j = j0; j < j1; ) {
                            int len = Math.min(oW - ow0, j1 - j);
                            int id = od * sD + offD, ih = oh * sH + offH;
                            int l = Math.max(lo, ow0), h = Math.min(hi, ow0 + len);
                            if (id < 0 || id >= iD || ih < 0 || ih >= iH || l >= h) {
                                zero(col, dst, len);
                            } else {
                                int row = xOff + c * volume + id * plane + ih * iW + offW;
                                zero(col, dst, l - ow0);
                                int d = dst + l - ow0;
                                if (sW == 1) {
                                    copy(x, row + l, col, d, h - l);
                                } else {
                                    for (int ow = l, src = row + l * sW; ow < h; ow++, src += sW) col[d++] = x[src];
                                }
                                zero(col, dst + h - ow0, len - (h - ow0));
                            }
                            dst += len;
                            j += len;
                            ow0 = 0;
                            if (++oh == oH) {
                                oh = 0;
                                od++;
                            }
                        }
                    }
                }
            }
        }
    }

    /** Adds the columns {@code [j0, j1)} of {@code col} onto the image gradient at {@code dx[dxOff]}: the adjoint of {@link #im2col}. */
    public static void col2im(float[] col, Geometry3d g, int j0, int j1, float[] dx, int dxOff) {
        col2im(col, 0, j1 - j0, g, j0, j1, dx, dxOff);
    }

    /** {@link #col2im(float[], Geometry3d, int, int, float[], int)} reading rows of {@code ld} values from {@code colOff}, as the matching {@code im2col}. */
    public static void col2im(float[] col, int colOff, int ld, Geometry3d g, int j0, int j1, float[] dx, int dxOff) {
        if (wholePlaneStride1(g, j0, j1)) {
            col2imPlane(col, colOff, ld, g, dx, dxOff);
            return;
        }
        int iD = g.in[0], iH = g.in[1], iW = g.in[2], oH = g.out[1], oW = g.out[2];
        int sD = g.stride[0], sH = g.stride[1], sW = g.stride[2];
        int plane = iH * iW, volume = iD * plane, outPlane = oH * oW;
        int r = 0;
        for (int c = 0; c < g.channels; c++) {
            for (int a = 0; a < g.kernel[0]; a++) {
                int offD = a * g.dilation[0] - g.pad[0];
                for (int b = 0; b < g.kernel[1]; b++) {
                    int offH = b * g.dilation[1] - g.pad[1];
                    for (int e = 0; e < g.kernel[2]; e++) {
                        int offW = e * g.dilation[2] - g.pad[2];
                        int lo = wLo(offW, sW, oW), hi = wHi(offW, sW, iW, oW);
                        int src = colOff + r++ * ld;
                        int od = j0 / outPlane, oh = j0 % outPlane / oW, ow0 = j0 % oW;
                        for (int j = j0; j < j1; ) {
                            int len = Math.min(oW - ow0, j1 - j);
                            int id = od * sD + offD, ih = oh * sH + offH;
                            int l = Math.max(lo, ow0), h = Math.min(hi, ow0 + len);
                            if (id >= 0 && id < iD && ih >= 0 && ih < iH && l < h) {
                                int row = dxOff + c * volume + id * plane + ih * iW + offW;
                                int s = src + l - ow0;
                                if (sW == 1) {
                                    addInto(col, s, dx, row + l, h - l);
                                } else {
                                    for (int ow = l, t = row + l * sW; ow < h; ow++, t += sW) dx[t] += col[s++];
                                }
                            }
                            src += len;
                            j += len;
                            ow0 = 0;
                            if (++oh == oH) {
                                oh = 0;
                                od++;
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The image at {@code x[xOff]} ({@code [C, D·H·W]}) channels-last into {@code dst} ({@code [D·H·W, C]}), for
     * {@link ConvPacked#im2row}.
     */
    public static void channelsLast(float[] x, int xOff, int channels, int positions, float[] dst) {
        int l = FS.length(), c0 = channels - channels % l, q0 = positions - positions % l;
        for (int c = 0; c < c0; c += l) { // L × L blocks transposed in registers
            for (int q = 0; q < q0; q += l) FloatGemmKernel.transposeBlock(x, xOff + c * positions + q, positions, dst, q * channels + c, channels);
        }
        for (int c = 0; c < channels; c++) { // the edges: positions past q0, then channels past c0
            for (int q = q0, s = xOff + c * positions + q0, d = q0 * channels + c; q < positions; q++, s++, d += channels) dst[d] = x[s];
        }
        for (int c = c0; c < channels; c++) {
            for (int q = 0, s = xOff + c * positions, d = c; q < q0; q++, s++, d += channels) dst[d] = x[s];
        }
    }

    /** A 2-d (or 1-d) convolution at stride 1, all of whose output positions are asked for: {@link #im2colPlane} applies. */
    private static boolean wholePlaneStride1(Geometry3d g, int j0, int j1) {
        return g.in[0] == 1 && g.kernel[0] == 1 && g.pad[0] == 0 && g.stride[1] == 1 && g.stride[2] == 1 && j0 == 0
                && j1 == g.outputPositions();
    }

    /**
     * {@link #im2col} for 2-d stride-1 convolutions, whole images: for each kernel tap the output rows that read
     * inside the input and the columns that do are fixed ranges, so each output row is one masked vector load per
     * vector of columns (the masked-off lanes, which fall on padding, read as zero) and one store, without the
     * general loop's per-row bookkeeping.
     */
    private static void im2colPlane(float[] x, int xOff, Geometry3d g, float[] col, int colOff, int ld) {
        int iH = g.in[1], iW = g.in[2], oH = g.out[1], oW = g.out[2], plane = iH * iW, L = FS.length();
        int r = 0;
        for (int c = 0; c < g.channels; c++) {
            for (int b = 0; b < g.kernel[1]; b++) {
                int offH = b * g.dilation[1] - g.pad[1];
                int ohLo = Math.min(oH, Math.max(0, -offH)), ohHi = Math.max(ohLo, Math.min(oH, iH - offH));
                for (int e = 0; e < g.kernel[2]; e++) {
                    int offW = e * g.dilation[2] - g.pad[2];
                    int l = Math.min(oW, Math.max(0, -offW)), h = Math.max(l, Math.min(oW, iW - offW));
                    int dst = colOff + r++ * ld;
                    zero(col, dst, ohLo * oW);
                    int src = xOff + c * plane + offH * iW + offW; // output row oh reads from src + oh·iW
                    for (int q = 0; q < oW; q += L) { // a vector of output columns at a time, down the rows
                        int n = Math.min(L, oW - q), lo = Math.max(l - q, 0), hi = Math.max(lo, Math.min(h - q, n));
                        int firstS = src + ohLo * iW + q, lastS = src + (ohHi - 1) * iW + q, firstD = dst + ohLo * oW + q;
                        if (ohLo < ohHi && fits(x, firstS, L) && fits(x, lastS, L) && fits(col, dst + (ohHi - 1) * oW + q, L)) {
                            VectorMask<Float> load = lanes(lo, hi), store = lanes(0, n);
                            for (int oh = ohLo, s0 = firstS, d0 = firstD; oh < ohHi; oh++, s0 += iW, d0 += oW) {
                                FloatVector.fromArray(FS, x, s0, load).intoArray(col, d0, store);
                            }
                        } else { // a vector would reach past an end of an array (the Vector API's slow path): scalar
                            for (int oh = ohLo, s0 = firstS, d0 = firstD; oh < ohHi; oh++, s0 += iW, d0 += oW) {
                                for (int t = 0; t < n; t++) col[d0 + t] = t >= lo && t < hi ? x[s0 + t] : 0f;
                            }
                        }
                    }
                    zero(col, dst + ohHi * oW, (oH - ohHi) * oW);
                }
            }
        }
    }

    /**
     * {@link #col2im} for the case of {@link #im2colPlane}: its adjoint, in the same order (per kernel tap, a vector
     * of output columns at a time down the rows), each row one masked add onto the input gradient.
     */
    private static void col2imPlane(float[] col, int colOff, int ld, Geometry3d g, float[] dx, int dxOff) {
        int iH = g.in[1], iW = g.in[2], oH = g.out[1], oW = g.out[2], plane = iH * iW, L = FS.length();
        if (iW <= L) {
            col2imNarrow(col, colOff, ld, g, dx, dxOff);
            return;
        }
        int r = 0;
        for (int c = 0; c < g.channels; c++) {
            for (int b = 0; b < g.kernel[1]; b++) {
                int offH = b * g.dilation[1] - g.pad[1];
                int ohLo = Math.min(oH, Math.max(0, -offH)), ohHi = Math.max(ohLo, Math.min(oH, iH - offH));
                for (int e = 0; e < g.kernel[2]; e++) {
                    int offW = e * g.dilation[2] - g.pad[2];
                    int l = Math.min(oW, Math.max(0, -offW)), h = Math.max(l, Math.min(oW, iW - offW));
                    int src = colOff + r++ * ld, dst = dxOff + c * plane + offH * iW + offW; // output row oh adds onto dst + oh·iW
                    if (ohLo >= ohHi || l >= h) continue;
                    for (int q = l; q < h; q += L) {
                        int n = Math.min(L, h - q);
                        int firstS = src + ohLo * oW + q, firstD = dst + ohLo * iW + q;
                        int lastS = src + (ohHi - 1) * oW + q, lastD = dst + (ohHi - 1) * iW + q;
                        if (fits(col, firstS, L) && fits(col, lastS, L) && fits(dx, firstD, L) && fits(dx, lastD, L)) {
                            VectorMask<Float> m = lanes(0, n);
                            for (int oh = ohLo, s0 = firstS, d0 = firstD; oh < ohHi; oh++, s0 += oW, d0 += iW) {
                                FloatVector.fromArray(FS, dx, d0, m).add(FloatVector.fromArray(FS, col, s0, m)).intoArray(dx, d0, m);
                            }
                        } else { // a vector would reach past an end of an array (the Vector API's slow path): scalar
                            for (int oh = ohLo, s0 = firstS, d0 = firstD; oh < ohHi; oh++, s0 += oW, d0 += iW) {
                                for (int t = 0; t < n; t++) dx[d0 + t] += col[s0 + t];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * {@link #col2imPlane} for input rows of at most one vector (LeNet's 12 and 28 … 8-wide layers): there the
     * rows of one tap are too few for the stores of one tap to leave the store buffer before the next tap, shifted
     * by one column, loads them again, which stalls store-to-load forwarding. So for each channel, kernel row and
     * output row, the contributions of all kernel columns to one input row are summed in a register (each tap's
     * columns loaded at a lane offset, masked to the columns it reaches) and the input row is read and written once.
     */
    private static void col2imNarrow(float[] col, int colOff, int ld, Geometry3d g, float[] dx, int dxOff) {
        int iH = g.in[1], iW = g.in[2], oH = g.out[1], oW = g.out[2], plane = iH * iW, kW = g.kernel[2], L = FS.length();
        int[] offW = new int[kW], from = new int[kW], to = new int[kW]; // per kernel column: the input columns [from, to) it reaches
        for (int e = 0; e < kW; e++) {
            offW[e] = e * g.dilation[2] - g.pad[2];
            int l = Math.min(oW, Math.max(0, -offW[e])), h = Math.max(l, Math.min(oW, iW - offW[e]));
            from[e] = l + offW[e];
            to[e] = Math.max(from[e], h + offW[e]);
        }
        VectorMask<Float> row = lanes(0, iW);
        int r = 0;
        for (int c = 0; c < g.channels; c++) {
            for (int b = 0; b < g.kernel[1]; b++, r += kW) {
                int offH = b * g.dilation[1] - g.pad[1];
                int ohLo = Math.min(oH, Math.max(0, -offH)), ohHi = Math.max(ohLo, Math.min(oH, iH - offH));
                for (int oh = ohLo; oh < ohHi; oh++) {
                    int d = dxOff + c * plane + (oh + offH) * iW, src = colOff + r * ld + oh * oW;
                    // tap e reads col[src + e·ld + t − offW[e]] for lanes t < L
                    if (!fits(dx, d, L) || !fits(col, src - offW[0], (kW - 1) * ld - offW[kW - 1] + offW[0] + L)) {
                        for (int e = 0; e < kW; e++) { // a vector would reach past an end of an array: scalar
                            for (int iw = from[e]; iw < to[e]; iw++) dx[d + iw] += col[src + e * ld + iw - offW[e]];
                        }
                        continue;
                    }
                    FloatVector v = FloatVector.fromArray(FS, dx, d, row);
                    for (int e = 0; e < kW; e++) {
                        if (from[e] < to[e]) v = v.add(FloatVector.fromArray(FS, col, src + e * ld - offW[e], lanes(from[e], to[e])));
                    }
                    v.intoArray(dx, d, row);
                }
            }
        }
    }

    /**
     * {@code dst[d, d+n) += src[s, s+n)}, in vectors (C2 does not vectorize it for two arrays that might be one), the
     * tail masked: rows are often shorter than a vector (LeNet's 8-wide outputs).
     */
    private static void addInto(float[] src, int s, float[] dst, int d, int n) {
        int i = 0;
        for (int bound = FS.loopBound(n); i < bound; i += FS.length()) {
            FloatVector.fromArray(FS, dst, d + i).add(FloatVector.fromArray(FS, src, s + i)).intoArray(dst, d + i);
        }
        if (i < n && fits(dst, d + i, FS.length()) && fits(src, s + i, FS.length())) {
            VectorMask<Float> m = lanes(0, n - i);
            FloatVector.fromArray(FS, dst, d + i, m).add(FloatVector.fromArray(FS, src, s + i, m)).intoArray(dst, d + i, m);
        } else {
            for (; i < n; i++) dst[d + i] += src[s + i];
        }
    }

    /**
     * {@code dst[d, d+n) = src[s, s+n)} in vectors, the tail masked. im2col copies one output row's worth at a time
     * (8 to a few dozen values); inline vector moves cost a fraction of a call to {@code System.arraycopy} per row.
     */
    static void copy(float[] src, int s, float[] dst, int d, int n) {
        int i = 0;
        for (int bound = FS.loopBound(n); i < bound; i += FS.length()) FloatVector.fromArray(FS, src, s + i).intoArray(dst, d + i);
        if (i < n && fits(dst, d + i, FS.length()) && fits(src, s + i, FS.length())) {
            VectorMask<Float> m = lanes(0, n - i);
            FloatVector.fromArray(FS, src, s + i, m).intoArray(dst, d + i, m);
        } else {
            for (; i < n; i++) dst[d + i] = src[s + i];
        }
    }

    /** {@code dst[d, d+n) = 0} in vectors, the tail masked ({@code n} may be 0). */
    static void zero(float[] dst, int d, int n) {
        FloatVector z = FloatVector.zero(FS);
        int i = 0;
        for (int bound = FS.loopBound(n); i < bound; i += FS.length()) z.intoArray(dst, d + i);
        if (i < n && fits(dst, d + i, FS.length())) z.intoArray(dst, d + i, lanes(0, n - i));
        else for (; i < n; i++) dst[d + i] = 0f;
    }

    /**
     * Whether {@code a[off, off + n)} lies inside the array. A masked vector access whose full width does not
     * (even with the lanes outside masked off) takes the Vector API's slow Java path, hundreds of times slower:
     * such accesses, at the ends of buffers, are done by scalar loops instead.
     */
    static boolean fits(float[] a, int off, int n) {
        return off >= 0 && off <= a.length - n;
    }

    /**
     * The mask of lanes {@code [from, to)}, {@code 0 ≤ from ≤ to ≤ L}, by two comparisons of the lane indices (a few
     * instructions): {@code indexInRange} with a negative offset, {@code VectorMask.fromLong} where C2 does not
     * inline it, and masks loaded from a table each cost far more.
     */
    static VectorMask<Float> lanes(int from, int to) {
        return IOTA.compare(VectorOperators.GE, from).and(IOTA.compare(VectorOperators.LT, to));
    }

    /** {@code 0, 1, …, L − 1}. */
    private static final FloatVector IOTA = FloatVector.zero(FS).addIndex(1);

    private static void addInto(double[] src, int s, double[] dst, int d, int n) {
        int i = 0;
        for (int bound = DS.loopBound(n); i < bound; i += DS.length()) {
            DoubleVector.fromArray(DS, dst, d + i).add(DoubleVector.fromArray(DS, src, s + i)).intoArray(dst, d + i);
        }
        for (; i < n; i++) dst[d + i] += src[s + i];
    }

    /** {@link #im2col(float[], int, Geometry3d, int, int, float[])} in double precision. */
    public static void im2col(double[] x, int xOff, Geometry3d g, int j0, int j1, double[] col) {
        im2col(x, xOff, g, j0, j1, col, 0, j1 - j0);
    }

    /** {@link #im2col(float[], int, Geometry3d, int, int, float[], int, int)} in double precision. */
    public static void im2col(double[] x, int xOff, Geometry3d g, int j0, int j1, double[] col, int colOff, int ld) {
        int iD = g.in[0], iH = g.in[1], iW = g.in[2], oH = g.out[1], oW = g.out[2];
        int sD = g.stride[0], sH = g.stride[1], sW = g.stride[2];
        int plane = iH * iW, volume = iD * plane, outPlane = oH * oW;
        int r = 0;
        for (int c = 0; c < g.channels; c++) {
            for (int a = 0; a < g.kernel[0]; a++) {
                int offD = a * g.dilation[0] - g.pad[0];
                for (int b = 0; b < g.kernel[1]; b++) {
                    int offH = b * g.dilation[1] - g.pad[1];
                    for (int e = 0; e < g.kernel[2]; e++) {
                        int offW = e * g.dilation[2] - g.pad[2];
                        int lo = wLo(offW, sW, oW), hi = wHi(offW, sW, iW, oW);
                        int dst = colOff + r++ * ld;
                        int od = j0 / outPlane, oh = j0 % outPlane / oW, ow0 = j0 % oW;
                        for (int j = j0; j < j1; ) {
                            int len = Math.min(oW - ow0, j1 - j);
                            int id = od * sD + offD, ih = oh * sH + offH;
                            int l = Math.max(lo, ow0), h = Math.min(hi, ow0 + len);
                            if (id < 0 || id >= iD || ih < 0 || ih >= iH || l >= h) {
                                Arrays.fill(col, dst, dst + len, 0d);
                            } else {
                                int row = xOff + c * volume + id * plane + ih * iW + offW;
                                Arrays.fill(col, dst, dst + l - ow0, 0d);
                                int d = dst + l - ow0;
                                if (sW == 1) {
                                    System.arraycopy(x, row + l, col, d, h - l);
                                } else {
                                    for (int ow = l, src = row + l * sW; ow < h; ow++, src += sW) col[d++] = x[src];
                                }
                                Arrays.fill(col, dst + h - ow0, dst + len, 0d);
                            }
                            dst += len;
                            j += len;
                            ow0 = 0;
                            if (++oh == oH) {
                                oh = 0;
                                od++;
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@link #col2im(float[], Geometry3d, int, int, float[], int)} in double precision. */
    public static void col2im(double[] col, Geometry3d g, int j0, int j1, double[] dx, int dxOff) {
        col2im(col, 0, j1 - j0, g, j0, j1, dx, dxOff);
    }

    /** {@link #col2im(float[], int, int, Geometry3d, int, int, float[], int)} in double precision. */
    public static void col2im(double[] col, int colOff, int ld, Geometry3d g, int j0, int j1, double[] dx, int dxOff) {
        int iD = g.in[0], iH = g.in[1], iW = g.in[2], oH = g.out[1], oW = g.out[2];
        int sD = g.stride[0], sH = g.stride[1], sW = g.stride[2];
        int plane = iH * iW, volume = iD * plane, outPlane = oH * oW;
        int r = 0;
        for (int c = 0; c < g.channels; c++) {
            for (int a = 0; a < g.kernel[0]; a++) {
                int offD = a * g.dilation[0] - g.pad[0];
                for (int b = 0; b < g.kernel[1]; b++) {
                    int offH = b * g.dilation[1] - g.pad[1];
                    for (int e = 0; e < g.kernel[2]; e++) {
                        int offW = e * g.dilation[2] - g.pad[2];
                        int lo = wLo(offW, sW, oW), hi = wHi(offW, sW, iW, oW);
                        int src = colOff + r++ * ld;
                        int od = j0 / outPlane, oh = j0 % outPlane / oW, ow0 = j0 % oW;
                        for (int j = j0; j < j1; ) {
                            int len = Math.min(oW - ow0, j1 - j);
                            int id = od * sD + offD, ih = oh * sH + offH;
                            int l = Math.max(lo, ow0), h = Math.min(hi, ow0 + len);
                            if (id >= 0 && id < iD && ih >= 0 && ih < iH && l < h) {
                                int row = dxOff + c * volume + id * plane + ih * iW + offW;
                                int s = src + l - ow0;
                                if (sW == 1) {
                                    addInto(col, s, dx, row + l, h - l);
                                } else {
                                    for (int ow = l, t = row + l * sW; ow < h; ow++, t += sW) dx[t] += col[s++];
                                }
                            }
                            src += len;
                            j += len;
                            ow0 = 0;
                            if (++oh == oH) {
                                oh = 0;
                                od++;
                            }
                        }
                    }
                }
            }
        }
    }
}
