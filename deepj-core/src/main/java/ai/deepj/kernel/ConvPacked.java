package ai.deepj.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * A convolution's GEMM operand written straight into the packed panels of the pure-Java GEMM's B
 * ({@link FloatGemmKernel#packWhole}'s layout), then multiplied without packing it again: building the
 * operand (im2col, im2row) already touches every value once, and copying it into panels afterwards cost as much
 * as a fifth of the GEMM for ResNet's 3×3 layers. Only for the Java backend ({@link #applies}); other backends
 * take the operand unpacked.
 *
 * <p>Layout, for a {@code k × n} op(B): K blocks of {@link FloatGemmKernel#kcMax} depths; the block starting
 * at depth {@code pc} (depth {@code kc}) begins at {@code pc·roundUp(n, NR)} and holds {@code NR}-column panels,
 * panel {@code q} at {@code q·NR·kc}, element (depth {@code p}, column {@code j}) at
 * {@code (p − pc)·NR + j mod NR}; columns past {@code n} are zero.
 */
public final class ConvPacked {
    private ConvPacked() {}

    private static final int NR = FloatGemmKernel.NR;
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    /** Lanes per vector: {@code NR} is two vectors. */
    private static final int L = FS.length();
    private static final FloatVector ZERO = FloatVector.zero(FS);

    /** Whether {@link Gemm}'s backend is the pure-Java one, whose panels these are. */
    public static boolean applies() {
        return Gemm.backend() == JavaGemm.INSTANCE;
    }

    /** Floats a packed {@code k × n} op(B) takes. */
    public static int size(int k, int n) {
        return Math.toIntExact(FloatGemmKernel.packedSize(k, n));
    }

    /**
     * {@code C = A·B + beta·C}, {@code A} {@code m × k} row-major, {@code B} {@code k × n} packed in {@code bp};
     * the same blocks and micro-kernel as {@link Gemm#sgemm} on the Java backend. Split over the pool's threads
     * only when {@code mayUseThreads} and the product is large enough.
     */
    public static void multiply(int m, int n, int k, float[] a, int aOff, int lda, float[] bp, float beta, float[] c, int cOff,
            int ldc, boolean mayUseThreads) {
        if (bp.length < size(k, n)) {
            throw new IllegalArgumentException("ConvPacked.multiply: packed B of " + k + " x " + n + " needs " + size(k, n)
                    + " floats, got " + bp.length);
        }
        Gemm.check(false, false, m, n, k, a.length, aOff, lda, k * n, 0, Math.max(n, 1), c.length, cOff, ldc);
        FloatGemmKernel.gemmPacked(false, m, n, k, 1f, a, aOff, lda, bp, beta, c, cOff, ldc, mayUseThreads);
    }

    /**
     * The transpose of the column matrix, taps outermost, packed: op(B) is {@code [j1 − j0, Πk·C]}, row
     * {@code j − j0} holding, for output position {@code j} and kernel tap {@code t} (flattened {@code (a, b, e)}),
     * the {@code C} channels of the input value under that tap at columns {@code t·C …}, or zeros on padding.
     * {@code xt} is the image channels-last ({@link ConvKernels#channelsLast}), so each tap is one contiguous run.
     * A convolution's weight gradient {@code dW[o, (t, c)] += Σ_j dY[o, j]·row[j, (t, c)]} is then one GEMM whose
     * B needs no transposing, where the column matrix would (its rows run along the positions GEMM sums over).
     */
    public static void im2row(float[] xt, ConvKernels.Geometry3d g, int j0, int j1, float[] dst) {
        int iD = g.in()[0], iH = g.in()[1], iW = g.in()[2], oH = g.out()[1], oW = g.out()[2], ch = g.channels();
        int kD = g.kernel()[0], kH = g.kernel()[1], kW = g.kernel()[2], rows = g.rows(), outPlane = oH * oW;
        int[] stride = g.stride(), dilation = g.dilation(), pad = g.pad();
        int k = j1 - j0, kcMax = FloatGemmKernel.kcMax(k), nPadded = (rows + NR - 1) / NR * NR;
        if (ch % NR == 0 && kcMax >= k) {
            // One K block, and every tap's run is whole panels: tap by tap, panel by panel, one position (NR values
            // from one input pixel) after another, without the general loop's per-run bookkeeping.
            int t = 0;
            for (int a = 0; a < kD; a++) {
                for (int b = 0; b < kH; b++) {
                    for (int e = 0; e < kW; e++, t++) {
                        for (int u = 0; u < ch; u += NR) {
                            int d = (t * ch + u) * k; // this panel: NR·kc values, kc = k
                            int od = j0 / outPlane, oh = j0 % outPlane / oW, ow = j0 % oW;
                            for (int j = j0; j < j1; j++, d += NR) {
                                int id = od * stride[0] + a * dilation[0] - pad[0], ih = oh * stride[1] + b * dilation[1] - pad[1];
                                int iw = ow * stride[2] + e * dilation[2] - pad[2];
                                if (id >= 0 && id < iD && ih >= 0 && ih < iH && iw >= 0 && iw < iW) {
                                    int src = ((id * iH + ih) * iW + iw) * ch + u;
                                    FloatVector.fromArray(FS, xt, src).intoArray(dst, d);
                                    FloatVector.fromArray(FS, xt, src + L).intoArray(dst, d + L);
                                } else {
                                    ZERO.intoArray(dst, d);
                                    ZERO.intoArray(dst, d + L);
                                }
                                if (++ow == oW) {
                                    ow = 0;
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
            return;
        }
        for (int j = j0; j < j1; j++) {
            int p = j - j0, pc = p / kcMax * kcMax, kc = Math.min(kcMax, k - pc), base = pc * nPadded + (p - pc) * NR;
            int od = j / outPlane, oh = j % outPlane / oW, ow = j % oW;
            int col = 0;
            for (int a = 0; a < kD; a++) {
                int id = od * stride[0] + a * dilation[0] - pad[0];
                for (int b = 0; b < kH; b++) {
                    int ih = oh * stride[1] + b * dilation[1] - pad[1];
                    for (int e = 0; e < kW; e++, col += ch) {
                        int iw = ow * stride[2] + e * dilation[2] - pad[2];
                        boolean inside = id >= 0 && id < iD && ih >= 0 && ih < iH && iw >= 0 && iw < iW;
                        run(xt, inside ? ((id * iH + ih) * iW + iw) * ch : -1, dst, base, kc, col, ch);
                    }
                }
            }
            run(xt, -1, dst, base, kc, rows, nPadded - rows);
        }
    }

    /**
     * One image (one group) convolved: {@code y[m, P] = W[m, rows]·X + beta·y} with {@code X} the image's column
     * matrix, built packed ({@link #im2col}) {@code outRows} output rows at a time into {@code col} (at least
     * {@link #size}{@code (rows, outRows·oW)} floats); {@code y}'s rows are {@code P} apart.
     */
    public static void convolve(float[] x, int xOff, ConvKernels.Geometry3d g, float[] w, int wOff, int m, float beta, float[] y,
            int yOff, int outRows, float[] col, boolean mayUseThreads) {
        int rows = g.rows(), oH = g.out()[1], oW = g.out()[2], p = g.outputPositions();
        for (int oh0 = 0; oh0 < oH; oh0 += outRows) {
            int oh1 = Math.min(oH, oh0 + outRows);
            im2col(x, xOff, g, oh0, oh1, col);
            multiply(m, (oh1 - oh0) * oW, rows, w, wOff, rows, col, beta, y, yOff + oh0 * oW, p, mayUseThreads);
        }
    }

    /**
     * Whether {@link #im2col} takes this geometry: 2-d (or 1-d), stride 1 along W, and output rows of whole vectors,
     * so no vector of output positions straddles two panels.
     */
    public static boolean im2colApplies(ConvKernels.Geometry3d g) {
        return g.in()[0] == 1 && g.kernel()[0] == 1 && g.pad()[0] == 0 && g.stride()[2] == 1 && g.out()[2] % L == 0;
    }

    /**
     * The column matrix of output rows {@code [oh0, oh1)} ({@code k = rows}, {@code n = (oh1 − oh0)·oW}) of the
     * image at {@code x[xOff]}, packed, for geometries {@link #im2colApplies} takes: per row of the column matrix
     * (channel and tap) and output row, a vector of output positions at a time, each one masked load from the
     * input row (lanes on padding read as zero) and one store into its panel.
     */
    public static void im2col(float[] x, int xOff, ConvKernels.Geometry3d g, int oh0, int oh1, float[] dst) {
        int iH = g.in()[1], iW = g.in()[2], oW = g.out()[2], plane = iH * iW, rows = g.rows();
        int kH = g.kernel()[1], kW = g.kernel()[2], sH = g.stride()[1];
        int n = (oh1 - oh0) * oW, kcMax = FloatGemmKernel.kcMax(rows), nPadded = (n + NR - 1) / NR * NR;
        int r = 0;
        for (int c = 0; c < g.channels(); c++) {
            for (int b = 0; b < kH; b++) {
                int offH = b * g.dilation()[1] - g.pad()[1];
                for (int e = 0; e < kW; e++, r++) {
                    int offW = e * g.dilation()[2] - g.pad()[2];
                    int pc = r / kcMax * kcMax, kc = Math.min(kcMax, rows - pc), base = pc * nPadded + (r - pc) * NR;
                    int ohLo = Math.min(oh1, Math.max(oh0, Math.ceilDiv(-offH, sH))); // output rows reading inside the input
                    int ohHi = Math.max(ohLo, Math.min(oh1, Math.ceilDiv(iH - offH, sH)));
                    for (int q = 0; q < oW; q += L) { // a vector of output columns at a time, down the rows, as im2colPlane
                        int lo = Math.max(0, -offW - q), hi = Math.max(lo, Math.min(L, iW - offW - q));
                        int first = xOff + c * plane + (ohLo * sH + offH) * iW + offW + q, last = first + (ohHi - 1 - ohLo) * sH * iW;
                        boolean vector = ohLo < ohHi && lo < hi && ConvKernels.fits(x, first, L) && ConvKernels.fits(x, last, L);
                        VectorMask<Float> mask = ConvKernels.lanes(lo, hi);
                        for (int oh = oh0; oh < oh1; oh++) {
                            int jj = (oh - oh0) * oW + q, d = base + jj / NR * NR * kc + jj % NR;
                            if (oh < ohLo || oh >= ohHi || lo >= hi) {
                                ZERO.intoArray(dst, d);
                            } else {
                                int src = first + (oh - ohLo) * sH * iW;
                                if (vector) {
                                    FloatVector.fromArray(FS, x, src, mask).intoArray(dst, d);
                                } else { // a vector would reach past an end of the array (the Vector API's slow path): scalar
                                    for (int t = 0; t < L; t++) dst[d + t] = t >= lo && t < hi ? x[src + t] : 0f;
                                }
                            }
                        }
                    }
                    // positions past n up to whole panels
                    for (int jj = n; jj < nPadded; jj += L) ZERO.intoArray(dst, base + jj / NR * NR * kc + jj % NR);
                }
            }
        }
    }

    /**
     * Columns {@code [col, col + len)} of one depth of a packed block ({@code base}: the depth's first panel,
     * {@code kc}: the block's depth) from {@code src[s …]}, or zeros where {@code s < 0}, split at panel edges.
     */
    private static void run(float[] src, int s, float[] dst, int base, int kc, int col, int len) {
        while (len > 0) {
            int lane = col % NR, n = Math.min(NR - lane, len), d = base + col / NR * NR * kc + lane;
            if (s < 0) {
                ConvKernels.zero(dst, d, n);
            } else {
                ConvKernels.copy(src, s, dst, d, n);
                s += n;
            }
            col += n;
            len -= n;
        }
    }
}
