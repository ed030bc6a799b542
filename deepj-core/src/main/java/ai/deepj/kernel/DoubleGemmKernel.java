package ai.deepj.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Double-precision GEMM in the style of BLIS (Van Zee and van de Geijn, "BLIS: A Framework for
 * Rapidly Instantiating BLAS Functionality", ACM TOMS 41(3), 2015): blocks of op(A) and op(B) are
 * packed into contiguous panels, which absorbs both transposes, and a register-tiled micro-kernel
 * computes one {@code MR × NR} tile of C at a time from them.
 *
 * <p>A copy of {@link FloatGemmKernel} for doubles (same blocking, 8 × 16 tile at 512 bits); keep the two in step.
 */
final class DoubleGemmKernel {
    private DoubleGemmKernel() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows of the micro-tile: 8 rows × 2 vectors = 16 accumulators, which fits AVX-512's 32 registers. */
    static final int MR = 8;
    /** Columns of the micro-tile: two vectors. */
    static final int NR = 2 * L;
    /** Depth of a packed block; an {@code KC × NR} panel of B (32 KiB at 512 bits) stays in L1. */
    private static final int KC = 256;
    /** Rows of op(A) packed at once ({@code MC × KC} doubles, 512 KiB, stay in L2). Multiple of MR. */
    private static final int MC = 256;
    /** Columns of op(B) packed at once; bounds the B buffer. Multiple of NR. */
    private static final int NC = 4096 / NR * NR;
    /** Below this many multiply-adds, a plain loop beats packing. */
    private static final long DIRECT_MAX = 4096;
    /** Below this many multiply-adds, handing work to the pool costs more than it saves. */
    private static final long PARALLEL_MIN = 1L << 17;

    /** Per-thread buffers {packed A, packed B, one C tile}; the pack buffers grow on demand, never shrink. */
    private static final ThreadLocal<double[][]> BUFFERS =
            ThreadLocal.withInitial(() -> new double[][] {new double[0], new double[0], new double[MR * NR]});

    /** {@code C = alpha·op(A)·op(B) + beta·C}; arguments already checked by {@link Gemm}. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
            double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        // As in reference BLAS, alpha == 0 means op(A)·op(B) is not evaluated at all.
        if (k == 0 || alpha == 0) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        long work = (long) m * n * k;
        if (work < DIRECT_MAX) {
            direct(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        int threads = work < PARALLEL_MIN ? 1 : Parallel.threads();
        int nPanels = (n + NR - 1) / NR;
        int mPanels = (m + MR - 1) / MR;
        // Each thread owns a slice of C and packs the other operand whole, so split the dimension
        // whose opposite operand is the smaller one to duplicate: N when m <= n, else M.
        if (threads > 1 && (m <= n || mPanels < threads) && nPanels >= threads) {
            Parallel.forChunks(nPanels, threads, (from, to) -> blocked(transA, transB, 0, m, from * NR,
                    Math.min(to * NR, n), k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc));
        } else if (threads > 1 && mPanels >= threads) {
            Parallel.forChunks(mPanels, threads, (from, to) -> blocked(transA, transB, from * MR,
                    Math.min(to * MR, m), 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc));
        } else {
            blocked(transA, transB, 0, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /** Computes rows {@code [i0, i1)} and columns {@code [j0, j1)} of C on the calling thread. */
    private static void blocked(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k, double alpha,
            double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        // Equal-sized K blocks: k = 320 runs as 2 × 160 rather than 256 + 64, so no block is short.
        int kBlocks = (k + KC - 1) / KC;
        int kcMax = (k + kBlocks - 1) / kBlocks;
        int ncMax = Math.min(NC, roundUp(j1 - j0, NR));
        int mcMax = Math.min(MC, roundUp(i1 - i0, MR));
        double[][] bufs = BUFFERS.get();
        if (bufs[0].length < mcMax * kcMax) bufs[0] = new double[mcMax * kcMax];
        if (bufs[1].length < ncMax * kcMax) bufs[1] = new double[ncMax * kcMax];
        double[] ap = bufs[0];
        double[] bp = bufs[1];
        double[] tile = bufs[2];
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                // The first K block applies beta; later ones accumulate onto what it wrote.
                double blockBeta = pc == 0 ? beta : 1d;
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp);
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    packA(transA, a, aOff, lda, ic, mc, pc, kc, ap);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            microKernel(kc, ap, ir * kc, bp, jr * kc, tile);
                            writeTile(tile, c, cOff + (ic + ir) * ldc + jc + jr, ldc, Math.min(MR, mc - ir), nr,
                                    alpha, blockBeta);
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs op(A) rows {@code [i0, i0+mc)}, depth {@code [p0, p0+kc)} as MR-row panels: panel q holds
     * element (row r, depth p) at {@code q*MR*kc + p*MR + r}. Rows past the edge are zero so the
     * micro-kernel always computes full tiles; their results are never stored.
     */
    private static void packA(boolean transA, double[] a, int aOff, int lda, int i0, int mc, int p0, int kc, double[] dst) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int d = ir * kc;
            if (transA) {
                // Depth p of op(A) is row p of the stored A: MR contiguous values per p.
                for (int p = 0; p < kc; p++) {
                    int s = aOff + (p0 + p) * lda + i0 + ir;
                    int dp = d + p * MR;
                    for (int r = 0; r < mr; r++) dst[dp + r] = a[s + r];
                    for (int r = mr; r < MR; r++) dst[dp + r] = 0d;
                }
            } else {
                for (int r = 0; r < MR; r++) {
                    if (r < mr) {
                        int s = aOff + (i0 + ir + r) * lda + p0;
                        for (int p = 0; p < kc; p++) dst[d + p * MR + r] = a[s + p];
                    } else {
                        for (int p = 0; p < kc; p++) dst[d + p * MR + r] = 0d;
                    }
                }
            }
        }
    }

    /**
     * Packs op(B) depth {@code [p0, p0+kc)}, columns {@code [j0, j0+nc)} as NR-column panels: panel q
     * holds element (depth p, column j) at {@code q*NR*kc + p*NR + j}, zero past the edge.
     */
    private static void packB(boolean transB, double[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, double[] dst) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int d = jr * kc;
            if (transB) {
                // Column j of op(B) is row j of the stored B: read along it, write with stride NR.
                for (int j = 0; j < nr; j++) {
                    int s = bOff + (j0 + jr + j) * ldb + p0;
                    for (int p = 0; p < kc; p++) dst[d + p * NR + j] = b[s + p];
                }
                for (int j = nr; j < NR; j++) {
                    for (int p = 0; p < kc; p++) dst[d + p * NR + j] = 0d;
                }
            } else if (nr == NR) {
                for (int p = 0; p < kc; p++) {
                    int s = bOff + (p0 + p) * ldb + j0 + jr;
                    DoubleVector.fromArray(S, b, s).intoArray(dst, d + p * NR);
                    DoubleVector.fromArray(S, b, s + L).intoArray(dst, d + p * NR + L);
                }
            } else {
                // Masked loads read only the columns that exist and give zero in the other lanes.
                VectorMask<Double> m0 = S.indexInRange(0, nr);
                VectorMask<Double> m1 = S.indexInRange(L, nr);
                for (int p = 0; p < kc; p++) {
                    int s = bOff + (p0 + p) * ldb + j0 + jr;
                    DoubleVector.fromArray(S, b, s, m0).intoArray(dst, d + p * NR);
                    DoubleVector.fromArray(S, b, s + L, m1).intoArray(dst, d + p * NR + L);
                }
            }
        }
    }

    /**
     * One {@code MR × NR} tile: accumulates {@code kc} rank-1 updates in 16 registers and stores them
     * to {@code tile} (row-major, {@code MR × NR}). Writing C is left to {@link #writeTile}: passing
     * vectors to a method that C2 declines to inline would box them, and this method is already
     * too large for C2 to inline much more into it.
     */
    private static void microKernel(int kc, double[] ap, int ao, double[] bp, int bo, double[] tile) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero;
        DoubleVector c40 = zero, c41 = zero, c50 = zero, c51 = zero, c60 = zero, c61 = zero, c70 = zero, c71 = zero;
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * NR;
            int ai = ao + p * MR;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
            DoubleVector x = DoubleVector.broadcast(S, ap[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, ap[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, ap[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, ap[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, ap[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(S, ap[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = DoubleVector.broadcast(S, ap[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = DoubleVector.broadcast(S, ap[ai + 7]);
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
     * {@code C = alpha·tile + beta·C} for the {@code mr × nr} corner of the tile that lies inside C.
     * {@code beta == 0} never reads C, so garbage there cannot leak into the result.
     */
    private static void writeTile(double[] tile, double[] c, int ci, int ldc, int mr, int nr, double alpha, double beta) {
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        DoubleVector vb = DoubleVector.broadcast(S, beta);
        for (int r = 0; r < mr; r++, ci += ldc) {
            for (int h = 0; h < NR; h += L) {
                int t = r * NR + h;
                if (h + L <= nr) {
                    DoubleVector v = DoubleVector.fromArray(S, tile, t).mul(va);
                    if (beta != 0d) v = DoubleVector.fromArray(S, c, ci + h).fma(vb, v);
                    v.intoArray(c, ci + h);
                } else if (h < nr) {
                    // Masked loads and stores touch only the columns that exist.
                    VectorMask<Double> mask = S.indexInRange(h, nr);
                    DoubleVector v = DoubleVector.fromArray(S, tile, t).mul(va);
                    if (beta != 0d) v = DoubleVector.fromArray(S, c, ci + h, mask).fma(vb, v);
                    v.intoArray(c, ci + h, mask);
                }
            }
        }
    }

    /** Plain loops for tiny products, where packing and tile padding would cost more than the math. */
    private static void direct(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff,
            int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        // Strides of op(A) along its rows (i) and depth (p), and of op(B) along depth (p) and columns (j).
        int ai = transA ? 1 : lda, ap = transA ? lda : 1;
        int bp = transB ? 1 : ldb, bj = transB ? ldb : 1;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0d;
                int x = aOff + i * ai, y = bOff + j * bj;
                for (int p = 0; p < k; p++, x += ap, y += bp) sum = Math.fma(a[x], b[y], sum);
                int ci = cOff + i * ldc + j;
                c[ci] = beta == 0d ? alpha * sum : alpha * sum + beta * c[ci];
            }
        }
    }

    /** {@code C = beta·C}, with {@code beta == 0} writing zeros without reading C. */
    private static void scale(int m, int n, double beta, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0d) {
                java.util.Arrays.fill(c, ci, ci + n, 0d);
            } else if (beta != 1d) {
                for (int j = 0; j < n; j++) c[ci + j] *= beta;
            }
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
