package ai.deepj.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct convolution of float32 images at stride 1 (2-d or 1-d, any kernel, padding and dilation): no column
 * matrix. Each image is copied once into a zero-bordered buffer, and a register tile of {@link #MR} output
 * channels × two vectors of output positions along a row accumulates, for every input channel and kernel tap,
 * one broadcast weight times one vector load straight from that buffer:
 * <pre>
 * forward       y[o, oh, ow]   = b[o] + Σ_{c,a,e} w[o, c, a, e] · xpad[c, oh + a·dH, ow + e·dW]
 * input grad    dx[c, ih, iw]  = Σ_{o,a,e} w[o, c, kH−1−a, kW−1−e] · dypad[o, ih + a·dH, iw + e·dW]
 * weight grad   dw[o, c, a, e] += Σ_{oh,ow} xpad[c, oh + a·dH, ow + e·dW] · dy[o, oh, ow]
 * </pre>
 * The input gradient is the same correlation run on the output gradient, padded by {@code (k − 1)·d − pad}, with the
 * weight flipped and its two channel axes swapped; the weight gradient is a GEMM over output positions whose one
 * operand is read from the padded image by address (row {@code (c, a, e)} at {@code off[(c·kH + a)·kW + e]}) and
 * the other is the output gradient channels-last. The instruction mix per step is the GEMM micro-kernel's (two
 * vector loads, eight broadcasts, sixteen FMAs), but im2col, col2im and packing, a third of a ResNet step through
 * {@link ConvPacked}, are gone, and the input gradient's GEMM no longer has an inner dimension of only the output
 * channels.
 *
 * <p>Layouts: images {@code [C, H, W]} row-major at an offset (one group's channels); weights {@code [O, C, kH, kW]}.
 * A {@link Plan} is made per call (sizes, tap offsets); weights are packed once per call ({@link Plan#packForward},
 * {@link Plan#packInputGrad}) and shared by the threads; each thread keeps its own buffers.
 */
public final class ConvDirect {
    private ConvDirect() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Output channels (forward, input gradient) or weight rows (weight gradient) per register tile. */
    static final int MR = 8;
    /** Output positions (forward, input gradient) or output channels (weight gradient) per register tile. */
    static final int NR = 2 * L;

    /** Per thread: the padded input, the output gradient channels-last, one tile, the padded output gradient. */
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** Slots of {@link Buffers}. */
    private static final int IN = 0, DYT = 1, TILE = 2, GRAD = 3;

    /**
     * One thread's buffers. A padded buffer remembers the layout it was last zeroed for: the next image of the same
     * layout (the rest of the batch, in the same layer) only overwrites the interior, the border being still zero.
     */
    private static final class Buffers {
        final float[][] arrays = {new float[0], new float[0], new float[MR * NR], new float[0]};
        final Padded[] layouts = new Padded[4];

        float[] plain(int slot, int n) {
            if (arrays[slot].length < n) arrays[slot] = new float[n];
            return arrays[slot];
        }

        /** {@code src[off]} copied into the interior of a buffer laid out as {@code p}, zero around it. */
        float[] padded(int slot, Padded p, float[] src, int off) {
            float[] a = arrays[slot];
            if (!p.equals(layouts[slot])) {
                if (a.length < p.size()) a = arrays[slot] = new float[p.size()];
                else java.util.Arrays.fill(a, 0, p.size(), 0f);
                layouts[slot] = p;
            }
            p.copyInterior(src, off, a);
            return a;
        }
    }

    /** Whether the direct kernels take this geometry: 2-d or 1-d (no depth) at stride 1. */
    public static boolean applies(ConvKernels.Geometry3d g) {
        return g.in()[0] == 1 && g.kernel()[0] == 1 && g.pad()[0] == 0 && g.stride()[1] == 1 && g.stride()[2] == 1;
    }

    /** Whether the weight gradient can run direct for {@code m} output channels per group: whole tiles of them. */
    public static boolean weightGradApplies(int m) {
        return m % NR == 0;
    }

    /**
     * A zero-bordered copy of {@code channels} planes of {@code h × w}: value {@code (c, r, q)} at
     * {@code c·plane + (r + top)·stride + q + left}; rows and columns that fall outside {@code [0, rows) × [0, stride)}
     * are never read and are left out ({@code top} and {@code left} may be negative).
     */
    record Padded(int channels, int h, int w, int top, int left, int rows, int stride) {
        int plane() {
            return rows * stride;
        }

        int size() {
            return channels * plane();
        }

        /**
         * Copies {@code src[off]} ({@code [channels, h, w]}) into the interior of {@code dst}: the values that land inside;
         * the rest of {@code dst} is not touched (zero from {@link Buffers#padded}).
         */
        void copyInterior(float[] src, int off, float[] dst) {
            int plane = plane(), q0 = Math.max(0, -left), q1 = Math.min(w, stride - left);
            int r0 = Math.max(0, top), r1 = Math.min(rows, top + h);
            if (q0 >= q1) return;
            for (int c = 0; c < channels; c++) {
                for (int r = r0; r < r1; r++) {
                    ConvKernels.copy(src, off + (c * h + r - top) * w + q0, dst, c * plane + r * stride + q0 + left, q1 - q0);
                }
            }
        }
    }

    /** One convolution's sizes as the direct kernels use them; made by {@link #of}. */
    public static final class Plan {
        final int c, m, kH, kW, dH, dW, iH, iW, oH, oW;
        /** The input as forward and the weight gradient read it, and where each (channel, tap) row starts in it. */
        final Padded in;
        final int[] inOff;
        /** The output gradient as the input gradient reads it, and its (output channel, flipped tap) offsets. */
        final Padded grad;
        final int[] gradOff;

        private Plan(ConvKernels.Geometry3d g, int m) {
            this.c = g.channels();
            this.m = m;
            kH = g.kernel()[1];
            kW = g.kernel()[2];
            dH = g.dilation()[1];
            dW = g.dilation()[2];
            iH = g.in()[1];
            iW = g.in()[2];
            oH = g.out()[1];
            oW = g.out()[2];
            int spanH = (kH - 1) * dH, spanW = (kW - 1) * dW;
            in = new Padded(c, iH, iW, g.pad()[1], g.pad()[2], oH + spanH, Math.ceilDiv(oW, L) * L + spanW);
            grad = new Padded(m, oH, oW, spanH - g.pad()[1], spanW - g.pad()[2], iH + spanH, Math.ceilDiv(iW, L) * L + spanW);
            inOff = offsets(c, in);
            gradOff = offsets(m, grad);
        }

        private int[] offsets(int channels, Padded p) {
            int[] off = new int[channels * kH * kW];
            for (int ch = 0, r = 0; ch < channels; ch++) {
                for (int a = 0; a < kH; a++) {
                    for (int e = 0; e < kW; e++) off[r++] = ch * p.plane() + a * dH * p.stride() + e * dW;
                }
            }
            return off;
        }

        /** Rows of the weight per output channel: {@code C·kH·kW}. */
        int rows() {
            return c * kH * kW;
        }

        /**
         * The group's weight ({@code [m, C·kH·kW]} at {@code w[wOff]}) in {@link #MR}-row blocks for the forward tile:
         * block {@code q}, depth {@code p}, row {@code i} at {@code (q·k + p)·MR + i}; rows past {@code m} zero.
         */
        public float[] packForward(float[] w, int wOff) {
            int k = rows();
            float[] dst = new float[Math.ceilDiv(m, MR) * MR * k];
            for (int o = 0; o < m; o++) {
                int d = o / MR * MR * k + o % MR;
                for (int p = 0; p < k; p++) dst[d + p * MR] = w[wOff + o * k + p];
            }
            return dst;
        }

        /**
         * The same weight flipped in both spatial axes with its channel axes swapped ({@code [C, m·kH·kW]}), in blocks as
         * {@link #packForward}, for the input gradient.
         */
        public float[] packInputGrad(float[] w, int wOff) {
            int k = m * kH * kW, taps = kH * kW;
            float[] dst = new float[Math.ceilDiv(c, MR) * MR * k];
            for (int ch = 0; ch < c; ch++) {
                int d = ch / MR * MR * k + ch % MR;
                for (int o = 0, p = 0; o < m; o++) {
                    for (int a = 0; a < kH; a++) {
                        for (int e = 0; e < kW; e++, p++) {
                            dst[d + p * MR] = w[wOff + (o * c + ch) * taps + (kH - 1 - a) * kW + (kW - 1 - e)];
                        }
                    }
                }
            }
            return dst;
        }

        /**
         * One image's (one group's) output {@code y[yOff]} ({@code [m, oH, oW]}) from its input {@code x[xOff]}
         * ({@code [C, iH, iW]}), the packed weight and the bias ({@code bias[bOff …]}, or null).
         */
        public void forward(float[] x, int xOff, float[] wp, float[] bias, int bOff, float[] y, int yOff) {
            Buffers buf = BUFFERS.get();
            float[] xp = buf.padded(IN, in, x, xOff);
            correlate(xp, inOff, rows(), wp, m, oH, oW, in.stride(), bias, bOff, y, yOff, buf.arrays[TILE]);
        }

        /** One image's input gradient {@code dx[dxOff]} ({@code [C, iH, iW]}, overwritten) from {@code dy[dyOff]}. */
        public void inputGrad(float[] dy, int dyOff, float[] wpFlipped, float[] dx, int dxOff) {
            Buffers buf = BUFFERS.get();
            float[] gp = buf.padded(GRAD, grad, dy, dyOff);
            correlate(gp, gradOff, m * kH * kW, wpFlipped, c, iH, iW, grad.stride(), null, 0, dx, dxOff, buf.arrays[TILE]);
        }

        /**
         * Adds one image's weight gradient, transposed, to {@code acc[accOff]} ({@code [C·kH·kW, m]}: row
         * {@code (c, a, e)}, column {@code o}); {@code m} must be a multiple of {@link #NR} ({@link #weightGradApplies}).
         */
        public void weightGrad(float[] x, int xOff, float[] dy, int dyOff, float[] acc, int accOff) {
            if (!weightGradApplies(m)) {
                throw new IllegalArgumentException("ConvDirect.weightGrad: needs a multiple of " + NR + " output channels, got " + m);
            }
            Buffers buf = BUFFERS.get();
            float[] xp = buf.padded(IN, in, x, xOff);
            int p = oH * oW;
            float[] dyt = buf.plain(DYT, p * m);
            ConvKernels.channelsLast(dy, dyOff, m, p, dyt);
            int k = rows(), rs = in.stride();
            float[] tile = buf.arrays[TILE];
            for (int o0 = 0; o0 < m; o0 += NR) {
                for (int r0 = 0; r0 < k; r0 += MR) {
                    int mr = Math.min(MR, k - r0);
                    int last = r0 + mr - 1; // rows past k repeat the last one; their sums are not kept
                    weightTile(xp, inOff[r0], inOff[Math.min(r0 + 1, last)], inOff[Math.min(r0 + 2, last)], inOff[Math.min(r0 + 3, last)],
                            inOff[Math.min(r0 + 4, last)], inOff[Math.min(r0 + 5, last)], inOff[Math.min(r0 + 6, last)],
                            inOff[Math.min(r0 + 7, last)], oH, oW, rs, dyt, m, o0, tile);
                    for (int i = 0; i < mr; i++) {
                        int d = accOff + (r0 + i) * m + o0;
                        FloatVector.fromArray(S, acc, d).add(FloatVector.fromArray(S, tile, i * NR)).intoArray(acc, d);
                        FloatVector.fromArray(S, acc, d + L).add(FloatVector.fromArray(S, tile, i * NR + L)).intoArray(acc, d + L);
                    }
                }
            }
        }
    }

    /** The plan for one group's image geometry {@code g} with {@code m} output channels per group; {@link #applies} must hold. */
    public static Plan of(ConvKernels.Geometry3d g, int m) {
        if (!applies(g)) throw new IllegalArgumentException("ConvDirect: needs a 2-d or 1-d convolution at stride 1, got " + g);
        return new Plan(g, m);
    }

    /**
     * {@code y[yOff + o·outH·outW + oh·outW + ow] = bias[bOff + o] + Σ_p wp[o, p] · src[off[p] + oh·rs + ow]} for
     * {@code o < rows}, a tile of {@link #MR} rows by two vectors of positions at a time (the two may lie on
     * different output rows when a row is one vector or less).
     */
    private static void correlate(float[] src, int[] off, int k, float[] wp, int rows, int outH, int outW, int rs, float[] bias, int bOff,
            float[] y, int yOff, float[] tile) {
        int perRow = Math.ceilDiv(outW, L), segs = outH * perRow, plane = outH * outW;
        for (int r0 = 0; r0 < rows; r0 += MR) {
            int mr = Math.min(MR, rows - r0);
            for (int s = 0; s < segs; s += 2) {
                int oh0 = s / perRow, ow0 = s % perRow * L;
                boolean two = s + 1 < segs;
                int oh1 = two ? (s + 1) / perRow : oh0, ow1 = two ? (s + 1) % perRow * L : ow0;
                tile(k, src, off, oh0 * rs + ow0, oh1 * rs + ow1, wp, r0 * k, tile);
                writeTile(tile, mr, y, yOff + r0 * plane, plane, oh0 * outW + ow0, Math.min(L, outW - ow0), oh1 * outW + ow1,
                        two ? Math.min(L, outW - ow1) : 0, bias, bOff + r0);
            }
        }
    }

    /*
     * The two tile kernels keep their sixteen stores inline, as FloatGemmKernel's micro-kernel does: with the stores in a
     * helper taking the sixteen vectors, C2 now and then (one JVM in six, measured) compiled the kernel without
     * intrinsifying its FMAs, and a ResNet step took 1.5 s instead of 0.4 s.
     */

    /**
     * {@code MR × NR} tile: {@code tile[i, h·L + l] = Σ_p wp[wo + p·MR + i] · src[off[p] + s_h + l]}, {@code s_0 = s0},
     * {@code s_1 = s1}.
     */
    private static void tile(int k, float[] src, int[] off, int s0, int s1, float[] wp, int wo, float[] tile) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero, c50 = zero, c51 = zero, c60 = zero, c61 = zero, c70 = zero, c71 = zero;
        for (int p = 0; p < k; p++) {
            int o = off[p], ai = wo + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, src, s0 + o);
            FloatVector b1 = FloatVector.fromArray(S, src, s1 + o);
            FloatVector x = FloatVector.broadcast(S, wp[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, wp[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, wp[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, wp[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, wp[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, wp[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, wp[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, wp[ai + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
        c60.intoArray(tile, 6 * NR);
        c61.intoArray(tile, 6 * NR + L);
        c70.intoArray(tile, 7 * NR);
        c71.intoArray(tile, 7 * NR + L);
    }

    /**
     * {@code MR × NR} tile of the weight gradient: {@code tile[i, l] = Σ_{oh,ow} src[a_i + oh·rs + ow] · dyt[(oh·outW + ow)·m
     * + o0 + l]}.
     */
    private static void weightTile(float[] src, int a0, int a1, int a2, int a3, int a4, int a5, int a6, int a7, int outH, int outW,
            int rs, float[] dyt, int m, int o0, float[] tile) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero, c50 = zero, c51 = zero, c60 = zero, c61 = zero, c70 = zero, c71 = zero;
        for (int oh = 0; oh < outH; oh++) {
            int rb = oh * rs, jb = oh * outW * m + o0;
            for (int ow = 0; ow < outW; ow++) {
                int j = jb + ow * m, q = rb + ow;
                FloatVector b0 = FloatVector.fromArray(S, dyt, j);
                FloatVector b1 = FloatVector.fromArray(S, dyt, j + L);
                FloatVector x = FloatVector.broadcast(S, src[a0 + q]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = FloatVector.broadcast(S, src[a1 + q]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = FloatVector.broadcast(S, src[a2 + q]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = FloatVector.broadcast(S, src[a3 + q]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
                x = FloatVector.broadcast(S, src[a4 + q]);
                c40 = x.fma(b0, c40);
                c41 = x.fma(b1, c41);
                x = FloatVector.broadcast(S, src[a5 + q]);
                c50 = x.fma(b0, c50);
                c51 = x.fma(b1, c51);
                x = FloatVector.broadcast(S, src[a6 + q]);
                c60 = x.fma(b0, c60);
                c61 = x.fma(b1, c61);
                x = FloatVector.broadcast(S, src[a7 + q]);
                c70 = x.fma(b0, c70);
                c71 = x.fma(b1, c71);
            }
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
        c60.intoArray(tile, 6 * NR);
        c61.intoArray(tile, 6 * NR + L);
        c70.intoArray(tile, 7 * NR);
        c71.intoArray(tile, 7 * NR + L);
    }

    /**
     * Rows {@code i < mr} of the tile into {@code y[yOff + i·plane + d_h …]}, {@code n_h} values of half {@code h}
     * ({@code n_1} may be 0), plus {@code bias[bOff + i]} when there is a bias.
     */
    private static void writeTile(float[] tile, int mr, float[] y, int yOff, int plane, int d0, int n0, int d1, int n1, float[] bias,
            int bOff) {
        for (int i = 0; i < mr; i++) {
            FloatVector b = FloatVector.broadcast(S, bias == null ? 0f : bias[bOff + i]);
            int row = yOff + i * plane;
            put(FloatVector.fromArray(S, tile, i * NR).add(b), y, row + d0, n0);
            if (n1 > 0) put(FloatVector.fromArray(S, tile, i * NR + L).add(b), y, row + d1, n1);
        }
    }

    /** The first {@code n} lanes of {@code v} into {@code y[d …]}. */
    private static void put(FloatVector v, float[] y, int d, int n) {
        if (n == L) {
            v.intoArray(y, d);
        } else if (ConvKernels.fits(y, d, L)) {
            VectorMask<Float> mask = ConvKernels.lanes(0, n);
            v.intoArray(y, d, mask);
        } else { // a masked store reaching past the array's end takes the Vector API's slow path
            for (int l = 0; l < n; l++) y[d + l] = v.lane(l);
        }
    }
}
