package ai.deepj.kernel;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
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
        int iD = g.in[0], iH = g.in[1], iW = g.in[2], oH = g.out[1], oW = g.out[2];
        int sD = g.stride[0], sH = g.stride[1], sW = g.stride[2];
        int plane = iH * iW, volume = iD * plane, outPlane = oH * oW;
        int dst = 0;
        for (int c = 0; c < g.channels; c++) {
            for (int a = 0; a < g.kernel[0]; a++) {
                int offD = a * g.dilation[0] - g.pad[0];
                for (int b = 0; b < g.kernel[1]; b++) {
                    int offH = b * g.dilation[1] - g.pad[1];
                    for (int e = 0; e < g.kernel[2]; e++) {
                        int offW = e * g.dilation[2] - g.pad[2];
                        int lo = wLo(offW, sW, oW), hi = wHi(offW, sW, iW, oW);
                        int od = j0 / outPlane, oh = j0 % outPlane / oW, ow0 = j0 % oW;
                        for (int j = j0; j < j1; ) {
                            int len = Math.min(oW - ow0, j1 - j);
                            int id = od * sD + offD, ih = oh * sH + offH;
                            int l = Math.max(lo, ow0), h = Math.min(hi, ow0 + len);
                            if (id < 0 || id >= iD || ih < 0 || ih >= iH || l >= h) {
                                Arrays.fill(col, dst, dst + len, 0f);
                            } else {
                                int row = xOff + c * volume + id * plane + ih * iW + offW;
                                Arrays.fill(col, dst, dst + l - ow0, 0f);
                                int d = dst + l - ow0;
                                if (sW == 1) {
                                    System.arraycopy(x, row + l, col, d, h - l);
                                } else {
                                    for (int ow = l, src = row + l * sW; ow < h; ow++, src += sW) col[d++] = x[src];
                                }
                                Arrays.fill(col, dst + h - ow0, dst + len, 0f);
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
        int iD = g.in[0], iH = g.in[1], iW = g.in[2], oH = g.out[1], oW = g.out[2];
        int sD = g.stride[0], sH = g.stride[1], sW = g.stride[2];
        int plane = iH * iW, volume = iD * plane, outPlane = oH * oW;
        int src = 0;
        for (int c = 0; c < g.channels; c++) {
            for (int a = 0; a < g.kernel[0]; a++) {
                int offD = a * g.dilation[0] - g.pad[0];
                for (int b = 0; b < g.kernel[1]; b++) {
                    int offH = b * g.dilation[1] - g.pad[1];
                    for (int e = 0; e < g.kernel[2]; e++) {
                        int offW = e * g.dilation[2] - g.pad[2];
                        int lo = wLo(offW, sW, oW), hi = wHi(offW, sW, iW, oW);
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

    /** {@code dst[d, d+n) += src[s, s+n)}, in vectors (C2 does not vectorize it for two arrays that might be one). */
    private static void addInto(float[] src, int s, float[] dst, int d, int n) {
        int i = 0;
        for (int bound = FS.loopBound(n); i < bound; i += FS.length()) {
            FloatVector.fromArray(FS, dst, d + i).add(FloatVector.fromArray(FS, src, s + i)).intoArray(dst, d + i);
        }
        for (; i < n; i++) dst[d + i] += src[s + i];
    }

    private static void addInto(double[] src, int s, double[] dst, int d, int n) {
        int i = 0;
        for (int bound = DS.loopBound(n); i < bound; i += DS.length()) {
            DoubleVector.fromArray(DS, dst, d + i).add(DoubleVector.fromArray(DS, src, s + i)).intoArray(dst, d + i);
        }
        for (; i < n; i++) dst[d + i] += src[s + i];
    }

    /** {@link #im2col(float[], int, Geometry3d, int, int, float[])} in double precision. */
    public static void im2col(double[] x, int xOff, Geometry3d g, int j0, int j1, double[] col) {
        int iD = g.in[0], iH = g.in[1], iW = g.in[2], oH = g.out[1], oW = g.out[2];
        int sD = g.stride[0], sH = g.stride[1], sW = g.stride[2];
        int plane = iH * iW, volume = iD * plane, outPlane = oH * oW;
        int dst = 0;
        for (int c = 0; c < g.channels; c++) {
            for (int a = 0; a < g.kernel[0]; a++) {
                int offD = a * g.dilation[0] - g.pad[0];
                for (int b = 0; b < g.kernel[1]; b++) {
                    int offH = b * g.dilation[1] - g.pad[1];
                    for (int e = 0; e < g.kernel[2]; e++) {
                        int offW = e * g.dilation[2] - g.pad[2];
                        int lo = wLo(offW, sW, oW), hi = wHi(offW, sW, iW, oW);
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
        int iD = g.in[0], iH = g.in[1], iW = g.in[2], oH = g.out[1], oW = g.out[2];
        int sD = g.stride[0], sH = g.stride[1], sW = g.stride[2];
        int plane = iH * iW, volume = iD * plane, outPlane = oH * oW;
        int src = 0;
        for (int c = 0; c < g.channels; c++) {
            for (int a = 0; a < g.kernel[0]; a++) {
                int offD = a * g.dilation[0] - g.pad[0];
                for (int b = 0; b < g.kernel[1]; b++) {
                    int offH = b * g.dilation[1] - g.pad[1];
                    for (int e = 0; e < g.kernel[2]; e++) {
                        int offW = e * g.dilation[2] - g.pad[2];
                        int lo = wLo(offW, sW, oW), hi = wHi(offW, sW, iW, oW);
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
