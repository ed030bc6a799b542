package ai.deepj.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision GEMM in the style of BLIS (Van Zee and van de Geijn, "BLIS: A Framework for
 * Rapidly Instantiating BLAS Functionality", ACM TOMS 41(3), 2015): blocks of op(A) and op(B) are
 * packed into contiguous panels, which absorbs both transposes, and a register-tiled micro-kernel
 * computes one {@code MR × NR} tile of C at a time from them.
 *
 * <p>{@link DoubleGemmKernel} is the same code for doubles; keep the two in step.
 */
final class FloatGemmKernel {
    private FloatGemmKernel() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows of the micro-tile: 8 rows × 2 vectors = 16 accumulators, which fits AVX-512's 32 registers. */
    static final int MR = 8;
    /** Columns of the micro-tile: two vectors. */
    static final int NR = 2 * L;
    /** Depth of a packed block; a {@code KC × NR} panel of B (32 KiB at 512 bits) stays in L1. */
    private static final int KC = 256;
    /** Rows of op(A) packed at once ({@code MC × KC} floats, 256 KiB, stay in L2). Multiple of MR. */
    private static final int MC = 256;
    /** Columns of op(B) packed at once; bounds the B buffer. Multiple of NR. */
    private static final int NC = 4096 / NR * NR;
    /**
     * Below this many multiply-adds a plain scalar loop beats packing. Measured: packing already
     * wins at 8³ (0.17 µs against 0.38 µs), so only tiny products take the loop.
     */
    private static final long DIRECT_MAX = 256;
    /**
     * Below this many multiply-adds one thread does it all: waking a pool thread costs tens of
     * microseconds here, and two threads measured slower than one up to about 160³.
     */
    private static final long PARALLEL_MIN = 1L << 22;

    /** Lane indices that transpose L × L blocks when packing op(B) = Bᵀ (see {@link #transposeB}). */
    private static final float[][] B_LO = transposeShuffles(S, false), B_HI = transposeShuffles(S, true);
    /** The same lane indices as vectors, for {@link #transposeB16}. */
    private static final FloatVector[] B_LO_V = vectors(S, B_LO), B_HI_V = vectors(S, B_HI);
    /**
     * Vectors of MR lanes, to transpose MR × MR blocks when packing op(A) = A; where the hardware
     * has no such vectors ({@code A_VECTORS} false), a scalar loop does it.
     */
    private static final boolean A_VECTORS = MR * Float.SIZE <= S.vectorBitSize();
    private static final VectorSpecies<Float> SA =
            A_VECTORS ? VectorSpecies.of(float.class, VectorShape.forBitSize(MR * Float.SIZE)) : S;
    private static final float[][] A_LO = transposeShuffles(SA, false), A_HI = transposeShuffles(SA, true);

    /**
     * Per-thread buffers {packed A, packed B, one C tile, transpose scratch, staging block for the
     * rows of a partial panel}; the pack buffers grow on demand, never shrink.
     */
    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0],
            new float[MR * NR], new float[Math.max(L * L, MR * MR)], new float[Math.max(L * L, MR * MR)]});

    /** {@code C = alpha·op(A)·op(B) + beta·C}; arguments already checked by {@link Gemm}. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
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
        if (!transA && transB && (long) m * n <= DOT_MAX_MN && k >= DOT_MIN_K) {
            // A·Bᵀ with both operands contiguous along k: packing would transpose both, which costs more than the
            // products when C is small; dot products read them as they are.
            if (work < PARALLEL_MIN || Parallel.threads() == 1 || m < 2 * DOT_MR * Parallel.threads()) {
                dotNT(0, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            } else {
                int pairs = (m + DOT_MR - 1) / DOT_MR;
                Parallel.forChunks(pairs, Parallel.threads(), (from, to) -> dotNT(from * DOT_MR, Math.min(m, to * DOT_MR), n, k, alpha,
                        a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc));
            }
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
    private static void blocked(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k, float alpha,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        int kcMax = kcMax(k);
        int ncMax = Math.min(NC, roundUp(j1 - j0, NR));
        int mcMax = Math.min(MC, roundUp(i1 - i0, MR));
        // With a single block of rows, each B panel can be packed right before its only use, into one
        // L1-sized slot: packing the whole B block first leaves it in L3 (or worse) when it is read.
        boolean oneRowBlock = i1 - i0 <= MC;
        int bSize = (oneRowBlock ? NR : ncMax) * kcMax;
        float[][] bufs = BUFFERS.get();
        if (bufs[0].length < mcMax * kcMax) bufs[0] = new float[mcMax * kcMax];
        if (bufs[1].length < bSize) bufs[1] = new float[bSize];
        float[] ap = bufs[0];
        float[] bp = bufs[1];
        float[] tile = bufs[2];
        float[] scratch = bufs[3];
        float[] stage = bufs[4];
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                // The first K block applies beta; later ones accumulate onto what it wrote.
                float blockBeta = pc == 0 ? beta : 1f;
                if (oneRowBlock) {
                    int mc = i1 - i0;
                    packA(transA, a, aOff, lda, i0, mc, pc, kc, ap, scratch, stage);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        packB(transB, b, bOff, ldb, pc, kc, jc + jr, nr, bp, 0, scratch, stage);
                        panel(kc, ap, mc, bp, 0, tile, c, cOff + i0 * ldc + jc + jr, ldc, nr, alpha, blockBeta);
                    }
                    continue;
                }
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp, 0, scratch, stage);
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    packA(transA, a, aOff, lda, ic, mc, pc, kc, ap, scratch, stage);
                    for (int jr = 0; jr < nc; jr += NR) {
                        panel(kc, ap, mc, bp, jr * kc, tile, c, cOff + ic * ldc + jc + jr, ldc, Math.min(NR, nc - jr),
                                alpha, blockBeta);
                    }
                }
            }
        }
    }

    /** The depth of the K blocks: equal-sized, so k = 320 runs as 2 × 160 rather than 256 + 64 and no block is short. */
    static int kcMax(int k) {
        int kBlocks = (k + KC - 1) / KC;
        return (k + kBlocks - 1) / kBlocks;
    }

    // ------------------------------------------------------------------ op(B) packed once (PackedB)

    /** Floats that {@link #packWhole} fills for a {@code k × n} op(B): every K block's panels, padded to whole panels. */
    static long packedSize(int k, int n) {
        return (long) k * roundUp(n, NR);
    }

    /**
     * Packs all of op(B) ({@code k × n}) into {@code dst} for {@link #gemmPacked}: K block by K block (the
     * blocks {@link #blocked} uses), each block's NR-column panels as {@link #packB} lays them out; the
     * block starting at depth {@code pc} begins at {@code pc * roundUp(n, NR)}.
     */
    static void packWhole(boolean transB, float[] b, int bOff, int ldb, int k, int n, float[] dst) {
        int kcMax = kcMax(k), nPadded = roundUp(n, NR);
        float[][] bufs = BUFFERS.get();
        float[] scratch = bufs[3], stage = bufs[4];
        for (int pc = 0; pc < k; pc += kcMax) packB(transB, b, bOff, ldb, pc, Math.min(kcMax, k - pc), 0, n, dst, pc * nPadded, scratch, stage);
    }

    /**
     * {@code C = alpha·op(A)·B + beta·C} with B packed by {@link #packWhole}: the same blocks and
     * micro-kernel as {@link #gemm}, so the same bits, without packing B again. Columns are split over
     * {@link Parallel}'s threads when {@code mayUseThreads} and the product is large enough.
     */
    static void gemmPacked(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] bp, float beta,
            float[] c, int cOff, int ldc, boolean mayUseThreads) {
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        int threads = !mayUseThreads || (long) m * n * k < PARALLEL_MIN ? 1 : Parallel.threads();
        int nPanels = (n + NR - 1) / NR;
        if (threads > 1 && nPanels >= threads) {
            Parallel.forChunks(nPanels, threads, (from, to) -> packedColumns(transA, m, from, to, n, k, alpha, a, aOff, lda, bp, beta,
                    c, cOff, ldc));
        } else {
            packedColumns(transA, m, 0, nPanels, n, k, alpha, a, aOff, lda, bp, beta, c, cOff, ldc);
        }
    }

    /** Panels {@code [q0, q1)} of C's columns (all {@code m} rows) on the calling thread, from packed B. */
    private static void packedColumns(boolean transA, int m, int q0, int q1, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] bp, float beta, float[] c, int cOff, int ldc) {
        int kcMax = kcMax(k), nPadded = roundUp(n, NR);
        float[][] bufs = BUFFERS.get();
        int mcMax = Math.min(MC, roundUp(m, MR));
        if (bufs[0].length < mcMax * kcMax) bufs[0] = new float[mcMax * kcMax];
        float[] ap = bufs[0], tile = bufs[2], scratch = bufs[3], stage = bufs[4];
        for (int pc = 0; pc < k; pc += kcMax) {
            int kc = Math.min(kcMax, k - pc);
            float blockBeta = pc == 0 ? beta : 1f;
            for (int ic = 0; ic < m; ic += MC) {
                int mc = Math.min(MC, m - ic);
                packA(transA, a, aOff, lda, ic, mc, pc, kc, ap, scratch, stage);
                for (int q = q0; q < q1; q++) {
                    int j = q * NR;
                    panel(kc, ap, mc, bp, pc * nPadded + j * kc, tile, c, cOff + ic * ldc + j, ldc, Math.min(NR, n - j), alpha, blockBeta);
                }
            }
        }
    }

    /** Multiplies the packed {@code mc × kc} block of A by one packed B panel into C's columns at {@code ci}. */
    private static void panel(int kc, float[] ap, int mc, float[] bp, int bo, float[] tile, float[] c, int ci, int ldc,
            int nr, float alpha, float beta) {
        for (int ir = 0; ir < mc; ir += MR) {
            microKernel(kc, ap, ir * kc, bp, bo, tile);
            writeTile(tile, c, ci + ir * ldc, ldc, Math.min(MR, mc - ir), nr, alpha, beta);
        }
    }

    /**
     * Packs op(A) rows {@code [i0, i0+mc)}, depth {@code [p0, p0+kc)} as MR-row panels: panel q holds
     * element (row r, depth p) at {@code q*MR*kc + p*MR + r}. Rows past the edge are zero so the
     * micro-kernel always computes full tiles; their results are never stored.
     */
    private static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, float[] dst,
            float[] scratch, float[] stage) {
        if (transA) {
            // Depth p of op(A) is row p of the stored A. Walk it once per p, handing MR contiguous
            // values to each panel: one panel at a time would revisit each row with a stride of
            // lda, which thrashes L1 when lda is a multiple of 4 KiB.
            for (int p = 0; p < kc; p++) {
                int s = aOff + (p0 + p) * lda + i0;
                int ir = 0;
                if (A_VECTORS) {
                    for (; ir + MR <= mc; ir += MR) FloatVector.fromArray(SA, a, s + ir).intoArray(dst, ir * kc + p * MR);
                }
                for (; ir < mc; ir += MR) {
                    int mr = Math.min(MR, mc - ir);
                    int dp = ir * kc + p * MR;
                    for (int r = 0; r < mr; r++) dst[dp + r] = a[s + ir + r];
                    for (int r = mr; r < MR; r++) dst[dp + r] = 0f;
                }
            }
            return;
        }
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int d = ir * kc;
            int p = 0;
            if (A_VECTORS) {
                // Row i of op(A) is contiguous along p: transpose MR × MR blocks in registers (the rows
                // of a partial panel staged into a block padded with zero rows first).
                int s = aOff + (i0 + ir) * lda + p0;
                if (mr == MR) {
                    for (; p + MR <= kc; p += MR) transposeA(a, s + p, lda, dst, d + p * MR, MR, scratch);
                } else {
                    for (; p + MR <= kc; p += MR) {
                        for (int r = 0; r < MR; r++) {
                            if (r < mr) FloatVector.fromArray(SA, a, s + r * lda + p).intoArray(stage, r * MR);
                            else FloatVector.zero(SA).intoArray(stage, r * MR);
                        }
                        transposeA(stage, 0, MR, dst, d + p * MR, MR, scratch);
                    }
                }
            }
            int pDone = p;
            for (int r = 0; r < MR; r++) {
                if (r < mr) {
                    int s = aOff + (i0 + ir + r) * lda + p0;
                    for (p = pDone; p < kc; p++) dst[d + p * MR + r] = a[s + p];
                } else {
                    for (p = pDone; p < kc; p++) dst[d + p * MR + r] = 0f;
                }
            }
        }
    }

    /**
     * Packs op(B) depth {@code [p0, p0+kc)}, columns {@code [j0, j0+nc)} as NR-column panels: panel q
     * holds element (depth p, column j) at {@code dOff + q*NR*kc + p*NR + j}, zero past the edge.
     */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, float[] dst, int dOff,
            float[] scratch, float[] stage) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int d = dOff + jr * kc;
            if (transB) {
                // Column j of op(B) is row j of the stored B, contiguous along p: transpose L × L
                // blocks in registers, and finish the depth left over by scalar. The rows of a
                // partial panel (a narrow op(B), such as a small convolution's weight gradient) are
                // first staged into an L × L block padded with zero rows.
                int pDone = 0;
                int s = bOff + (j0 + jr) * ldb + p0;
                for (; pDone + L <= kc; pDone += L) {
                    for (int half = 0; half < NR; half += L) {
                        int rows = Math.min(L, nr - half);
                        if (rows == L) {
                            transposeB(b, s + half * ldb + pDone, ldb, dst, d + pDone * NR + half, NR, scratch);
                        } else {
                            for (int j = 0; j < L; j++) {
                                if (j < rows) FloatVector.fromArray(S, b, s + (half + j) * ldb + pDone).intoArray(stage, j * L);
                                else FloatVector.zero(S).intoArray(stage, j * L);
                            }
                            transposeB(stage, 0, L, dst, d + pDone * NR + half, NR, scratch);
                        }
                    }
                }
                for (int j = 0; j < nr; j++) {
                    int sj = bOff + (j0 + jr + j) * ldb + p0;
                    for (int p = pDone; p < kc; p++) dst[d + p * NR + j] = b[sj + p];
                }
                for (int j = nr; j < NR; j++) {
                    for (int p = pDone; p < kc; p++) dst[d + p * NR + j] = 0f;
                }
            } else if (nr == NR) {
                for (int p = 0; p < kc; p++) {
                    int s = bOff + (p0 + p) * ldb + j0 + jr;
                    FloatVector.fromArray(S, b, s).intoArray(dst, d + p * NR);
                    FloatVector.fromArray(S, b, s + L).intoArray(dst, d + p * NR + L);
                }
            } else {
                // Masked loads read only the columns that exist and give zero in the other lanes.
                VectorMask<Float> m0 = S.indexInRange(0, nr);
                VectorMask<Float> m1 = S.indexInRange(L, nr);
                for (int p = 0; p < kc; p++) {
                    int s = bOff + (p0 + p) * ldb + j0 + jr;
                    FloatVector.fromArray(S, b, s, m0).intoArray(dst, d + p * NR);
                    FloatVector.fromArray(S, b, s + L, m1).intoArray(dst, d + p * NR + L);
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
    private static void microKernel(int kc, float[] ap, int ao, float[] bp, int bo, float[] tile) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero, c50 = zero, c51 = zero, c60 = zero, c61 = zero, c70 = zero, c71 = zero;
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * NR;
            int ai = ao + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x = FloatVector.broadcast(S, ap[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[ai + 7]);
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
    private static void writeTile(float[] tile, float[] c, int ci, int ldc, int mr, int nr, float alpha, float beta) {
        FloatVector va = FloatVector.broadcast(S, alpha);
        FloatVector vb = FloatVector.broadcast(S, beta);
        for (int r = 0; r < mr; r++, ci += ldc) {
            for (int h = 0; h < NR; h += L) {
                int t = r * NR + h;
                if (h + L <= nr) {
                    FloatVector v = FloatVector.fromArray(S, tile, t).mul(va);
                    if (beta != 0f) v = FloatVector.fromArray(S, c, ci + h).fma(vb, v);
                    v.intoArray(c, ci + h);
                } else if (h < nr) {
                    // Masked loads and stores touch only the columns that exist.
                    VectorMask<Float> mask = S.indexInRange(h, nr);
                    FloatVector v = FloatVector.fromArray(S, tile, t).mul(va);
                    if (beta != 0f) v = FloatVector.fromArray(S, c, ci + h, mask).fma(vb, v);
                    v.intoArray(c, ci + h, mask);
                }
            }
        }
    }

    /**
     * Whether {@link #gemm} multiplies these shapes through packed panels — not the direct loop for tiny
     * products, nor dot products for a small {@code A·Bᵀ}. {@link PackedB} uses its panels only then, so
     * its results keep the same bits as {@link Gemm#sgemm}.
     */
    static boolean usesPanels(boolean transA, boolean transB, int m, int n, int k) {
        long work = (long) m * n * k;
        if (k == 0 || work < DIRECT_MAX) return false;
        return !(!transA && transB && (long) m * n <= DOT_MAX_MN && k >= DOT_MIN_K);
    }

    /** Largest {@code m·n} for which {@code A·Bᵀ} runs as dot products ({@link #dotNT}). */
    private static final long DOT_MAX_MN = 4096;
    /** Shallowest {@code k} for which it does: the dot products end in one reduction across lanes each. */
    private static final int DOT_MIN_K = 8 * L;
    /** Rows and columns of C per block of {@link #dotNT}: 2 × 4 dot products share each loaded vector. */
    private static final int DOT_MR = 2, DOT_NR = 4;

    /**
     * Rows {@code [i0, i1)} of {@code C = alpha·A·Bᵀ + beta·C} with {@code A [m × k]} and {@code B [n × k]} stored
     * row-major: 2 × 4 blocks of dot products along k in vectors (8 accumulators fed by 6 loads), the k tail masked.
     * At the edges a block repeats its last row or column and stores only the real ones.
     */
    private static void dotNT(int i0, int i1, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        int kv = S.loopBound(k);
        VectorMask<Float> tail = S.indexInRange(kv, k);
        float[] lanes = new float[DOT_NR * L];
        for (int i = i0; i < i1; i += DOT_MR) {
            int ra0 = aOff + i * lda, ra1 = aOff + Math.min(i + 1, i1 - 1) * lda;
            for (int j = 0; j < n; j += DOT_NR) {
                int rb0 = bOff + j * ldb, rb1 = bOff + Math.min(j + 1, n - 1) * ldb;
                int rb2 = bOff + Math.min(j + 2, n - 1) * ldb, rb3 = bOff + Math.min(j + 3, n - 1) * ldb;
                FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
                for (int p = 0; p < kv; p += L) {
                    FloatVector a0 = FloatVector.fromArray(S, a, ra0 + p), a1 = FloatVector.fromArray(S, a, ra1 + p);
                    FloatVector b0 = FloatVector.fromArray(S, b, rb0 + p), b1 = FloatVector.fromArray(S, b, rb1 + p);
                    FloatVector b2 = FloatVector.fromArray(S, b, rb2 + p), b3 = FloatVector.fromArray(S, b, rb3 + p);
                    s00 = a0.fma(b0, s00);
                    s01 = a0.fma(b1, s01);
                    s02 = a0.fma(b2, s02);
                    s03 = a0.fma(b3, s03);
                    s10 = a1.fma(b0, s10);
                    s11 = a1.fma(b1, s11);
                    s12 = a1.fma(b2, s12);
                    s13 = a1.fma(b3, s13);
                }
                if (kv < k) {
                    FloatVector a0 = FloatVector.fromArray(S, a, ra0 + kv, tail), a1 = FloatVector.fromArray(S, a, ra1 + kv, tail);
                    FloatVector b0 = FloatVector.fromArray(S, b, rb0 + kv, tail), b1 = FloatVector.fromArray(S, b, rb1 + kv, tail);
                    FloatVector b2 = FloatVector.fromArray(S, b, rb2 + kv, tail), b3 = FloatVector.fromArray(S, b, rb3 + kv, tail);
                    s00 = a0.fma(b0, s00);
                    s01 = a0.fma(b1, s01);
                    s02 = a0.fma(b2, s02);
                    s03 = a0.fma(b3, s03);
                    s10 = a1.fma(b0, s10);
                    s11 = a1.fma(b1, s11);
                    s12 = a1.fma(b2, s12);
                    s13 = a1.fma(b3, s13);
                }
                int nj = Math.min(DOT_NR, n - j);
                s00.intoArray(lanes, 0);
                s01.intoArray(lanes, L);
                s02.intoArray(lanes, 2 * L);
                s03.intoArray(lanes, 3 * L);
                storeDot(lanes, c, cOff + i * ldc + j, nj, alpha, beta);
                if (i + 1 < i1) {
                    s10.intoArray(lanes, 0);
                    s11.intoArray(lanes, L);
                    s12.intoArray(lanes, 2 * L);
                    s13.intoArray(lanes, 3 * L);
                    storeDot(lanes, c, cOff + (i + 1) * ldc + j, nj, alpha, beta);
                }
            }
        }
    }

    /**
     * {@code c[ci + q] = alpha·(sum of lanes[q·L, (q+1)·L)) + beta·c[ci + q]} for {@code q < nj}, the lanes added in
     * index order: {@code reduceLanes(ADD)} leaves the order to the implementation, and the Vector API's Java fallback
     * and its compiled form differ, which would make the same product give different bits before and after the JIT
     * compiled it (see {@code ReduceKernels.laneSum}).
     */
    private static void storeDot(float[] lanes, float[] c, int ci, int nj, float alpha, float beta) {
        for (int q = 0; q < nj; q++) {
            float sum = 0f;
            for (int t = q * L, end = t + L; t < end; t++) sum += lanes[t];
            c[ci + q] = beta == 0f ? alpha * sum : alpha * sum + beta * c[ci + q];
        }
    }

    /** Plain loops for tiny products, where packing and tile padding would cost more than the math. */
    private static void direct(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
            int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        // Strides of op(A) along its rows (i) and depth (p), and of op(B) along depth (p) and columns (j).
        int ai = transA ? 1 : lda, ap = transA ? lda : 1;
        int bp = transB ? 1 : ldb, bj = transB ? ldb : 1;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                int x = aOff + i * ai, y = bOff + j * bj;
                for (int p = 0; p < k; p++, x += ap, y += bp) sum = Math.fma(a[x], b[y], sum);
                int ci = cOff + i * ldc + j;
                c[ci] = beta == 0f ? alpha * sum : alpha * sum + beta * c[ci];
            }
        }
    }

    /** {@code C = beta·C}, with {@code beta == 0} writing zeros without reading C. */
    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, ci, ci + n, 0f);
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) c[ci + j] *= beta;
            }
        }
    }

    /**
     * Lane indices for {@link #transposeB}'s two-vector selects, one row per pass: with {@code upper}
     * false, those that build the lower row of each row pair, else the upper row. They are stored
     * as floats because {@code selectFrom(v1, v2)} (one {@code vpermt2ps}) takes them in a vector of
     * the data's own type; two-vector {@code rearrange} with a shuffle does not compile as well.
     */
    private static float[][] transposeShuffles(VectorSpecies<Float> species, boolean upper) {
        int w = species.length();
        float[][] shuffles = new float[Integer.numberOfTrailingZeros(w)][w];
        for (int pass = 0; pass < shuffles.length; pass++) {
            int h = w >> (pass + 1);
            for (int c = 0; c < w; c++) {
                // Index w + x picks lane x of the second vector.
                if (upper) shuffles[pass][c] = (c & h) == 0 ? c + h : w + c;
                else shuffles[pass][c] = (c & h) == 0 ? c : w + c - h;
            }
        }
        return shuffles;
    }

    /**
     * {@code dst[d + p*dld + j] = src[s + j*ld + p]} for j, p in [0, L), in log2(L) passes; each pass
     * swaps the off-diagonal {@code h × h} sub-blocks of every {@code 2h × 2h} block with two-vector
     * selects. This replaces L² scalar stores with about 3·L·log2(L) vector operations.
     *
     * <p>{@link #transposeA} is the same for MR × MR blocks. The two are separate methods because
     * the species must be a compile-time constant where the vector operations are: C2 does not
     * inline this method into the packing loops, and with the species as a parameter it would run
     * the Vector API's slow Java fallback.
     */
    /** One {@code L × L} block transposed: {@code dst[d + j·dld + i] = src[s + i·ld + j]}, in registers (see {@link #transposeB}). */
    static void transposeBlock(float[] src, int s, int ld, float[] dst, int d, int dld) {
        transposeB(src, s, ld, dst, d, dld, L == 16 ? null : BUFFERS.get()[3]);
    }

    private static void transposeB(float[] src, int s, int ld, float[] dst, int d, int dld, float[] scratch) {
        if (L == 16) {
            transposeB16(src, s, ld, dst, d, dld);
            return;
        }
        float[] in = src;
        int inOff = s, inLd = ld;
        for (int pass = 0; pass < B_LO.length; pass++) {
            int h = L >> (pass + 1);
            boolean last = pass == B_LO.length - 1;
            float[] out = last ? dst : scratch;
            int outOff = last ? d : 0, outLd = last ? dld : L;
            FloatVector lower = FloatVector.fromArray(S, B_LO[pass], 0);
            FloatVector upper = FloatVector.fromArray(S, B_HI[pass], 0);
            for (int i = 0; i < L; i++) {
                if ((i & h) != 0) continue;
                FloatVector x = FloatVector.fromArray(S, in, inOff + i * inLd);
                FloatVector y = FloatVector.fromArray(S, in, inOff + (i + h) * inLd);
                lower.selectFrom(x, y).intoArray(out, outOff + i * outLd);
                upper.selectFrom(x, y).intoArray(out, outOff + (i + h) * outLd);
            }
            in = out;
            inOff = outOff;
            inLd = outLd;
        }
        if (L == 1) dst[d] = src[s];
    }

    /**
     * {@link #transposeB} for 16 lanes (512-bit vectors) with the whole block in registers: the same four passes of
     * two-vector selects, without the trips through {@code scratch} between passes, which cost more than the selects.
     */
    private static void transposeB16(float[] src, int s, int ld, float[] dst, int d, int dld) {
        FloatVector r0 = FloatVector.fromArray(S, src, s);
        FloatVector r1 = FloatVector.fromArray(S, src, s + 1 * ld);
        FloatVector r2 = FloatVector.fromArray(S, src, s + 2 * ld);
        FloatVector r3 = FloatVector.fromArray(S, src, s + 3 * ld);
        FloatVector r4 = FloatVector.fromArray(S, src, s + 4 * ld);
        FloatVector r5 = FloatVector.fromArray(S, src, s + 5 * ld);
        FloatVector r6 = FloatVector.fromArray(S, src, s + 6 * ld);
        FloatVector r7 = FloatVector.fromArray(S, src, s + 7 * ld);
        FloatVector r8 = FloatVector.fromArray(S, src, s + 8 * ld);
        FloatVector r9 = FloatVector.fromArray(S, src, s + 9 * ld);
        FloatVector r10 = FloatVector.fromArray(S, src, s + 10 * ld);
        FloatVector r11 = FloatVector.fromArray(S, src, s + 11 * ld);
        FloatVector r12 = FloatVector.fromArray(S, src, s + 12 * ld);
        FloatVector r13 = FloatVector.fromArray(S, src, s + 13 * ld);
        FloatVector r14 = FloatVector.fromArray(S, src, s + 14 * ld);
        FloatVector r15 = FloatVector.fromArray(S, src, s + 15 * ld);
        FloatVector lo0 = B_LO_V[0], hi0 = B_HI_V[0];
        FloatVector t0_0 = lo0.selectFrom(r0, r8), t0_8 = hi0.selectFrom(r0, r8);
        FloatVector t0_1 = lo0.selectFrom(r1, r9), t0_9 = hi0.selectFrom(r1, r9);
        FloatVector t0_2 = lo0.selectFrom(r2, r10), t0_10 = hi0.selectFrom(r2, r10);
        FloatVector t0_3 = lo0.selectFrom(r3, r11), t0_11 = hi0.selectFrom(r3, r11);
        FloatVector t0_4 = lo0.selectFrom(r4, r12), t0_12 = hi0.selectFrom(r4, r12);
        FloatVector t0_5 = lo0.selectFrom(r5, r13), t0_13 = hi0.selectFrom(r5, r13);
        FloatVector t0_6 = lo0.selectFrom(r6, r14), t0_14 = hi0.selectFrom(r6, r14);
        FloatVector t0_7 = lo0.selectFrom(r7, r15), t0_15 = hi0.selectFrom(r7, r15);
        FloatVector lo1 = B_LO_V[1], hi1 = B_HI_V[1];
        FloatVector t1_0 = lo1.selectFrom(t0_0, t0_4), t1_4 = hi1.selectFrom(t0_0, t0_4);
        FloatVector t1_1 = lo1.selectFrom(t0_1, t0_5), t1_5 = hi1.selectFrom(t0_1, t0_5);
        FloatVector t1_2 = lo1.selectFrom(t0_2, t0_6), t1_6 = hi1.selectFrom(t0_2, t0_6);
        FloatVector t1_3 = lo1.selectFrom(t0_3, t0_7), t1_7 = hi1.selectFrom(t0_3, t0_7);
        FloatVector t1_8 = lo1.selectFrom(t0_8, t0_12), t1_12 = hi1.selectFrom(t0_8, t0_12);
        FloatVector t1_9 = lo1.selectFrom(t0_9, t0_13), t1_13 = hi1.selectFrom(t0_9, t0_13);
        FloatVector t1_10 = lo1.selectFrom(t0_10, t0_14), t1_14 = hi1.selectFrom(t0_10, t0_14);
        FloatVector t1_11 = lo1.selectFrom(t0_11, t0_15), t1_15 = hi1.selectFrom(t0_11, t0_15);
        FloatVector lo2 = B_LO_V[2], hi2 = B_HI_V[2];
        FloatVector t2_0 = lo2.selectFrom(t1_0, t1_2), t2_2 = hi2.selectFrom(t1_0, t1_2);
        FloatVector t2_1 = lo2.selectFrom(t1_1, t1_3), t2_3 = hi2.selectFrom(t1_1, t1_3);
        FloatVector t2_4 = lo2.selectFrom(t1_4, t1_6), t2_6 = hi2.selectFrom(t1_4, t1_6);
        FloatVector t2_5 = lo2.selectFrom(t1_5, t1_7), t2_7 = hi2.selectFrom(t1_5, t1_7);
        FloatVector t2_8 = lo2.selectFrom(t1_8, t1_10), t2_10 = hi2.selectFrom(t1_8, t1_10);
        FloatVector t2_9 = lo2.selectFrom(t1_9, t1_11), t2_11 = hi2.selectFrom(t1_9, t1_11);
        FloatVector t2_12 = lo2.selectFrom(t1_12, t1_14), t2_14 = hi2.selectFrom(t1_12, t1_14);
        FloatVector t2_13 = lo2.selectFrom(t1_13, t1_15), t2_15 = hi2.selectFrom(t1_13, t1_15);
        FloatVector lo3 = B_LO_V[3], hi3 = B_HI_V[3];
        FloatVector t3_0 = lo3.selectFrom(t2_0, t2_1), t3_1 = hi3.selectFrom(t2_0, t2_1);
        FloatVector t3_2 = lo3.selectFrom(t2_2, t2_3), t3_3 = hi3.selectFrom(t2_2, t2_3);
        FloatVector t3_4 = lo3.selectFrom(t2_4, t2_5), t3_5 = hi3.selectFrom(t2_4, t2_5);
        FloatVector t3_6 = lo3.selectFrom(t2_6, t2_7), t3_7 = hi3.selectFrom(t2_6, t2_7);
        FloatVector t3_8 = lo3.selectFrom(t2_8, t2_9), t3_9 = hi3.selectFrom(t2_8, t2_9);
        FloatVector t3_10 = lo3.selectFrom(t2_10, t2_11), t3_11 = hi3.selectFrom(t2_10, t2_11);
        FloatVector t3_12 = lo3.selectFrom(t2_12, t2_13), t3_13 = hi3.selectFrom(t2_12, t2_13);
        FloatVector t3_14 = lo3.selectFrom(t2_14, t2_15), t3_15 = hi3.selectFrom(t2_14, t2_15);
        t3_0.intoArray(dst, d);
        t3_1.intoArray(dst, d + 1 * dld);
        t3_2.intoArray(dst, d + 2 * dld);
        t3_3.intoArray(dst, d + 3 * dld);
        t3_4.intoArray(dst, d + 4 * dld);
        t3_5.intoArray(dst, d + 5 * dld);
        t3_6.intoArray(dst, d + 6 * dld);
        t3_7.intoArray(dst, d + 7 * dld);
        t3_8.intoArray(dst, d + 8 * dld);
        t3_9.intoArray(dst, d + 9 * dld);
        t3_10.intoArray(dst, d + 10 * dld);
        t3_11.intoArray(dst, d + 11 * dld);
        t3_12.intoArray(dst, d + 12 * dld);
        t3_13.intoArray(dst, d + 13 * dld);
        t3_14.intoArray(dst, d + 14 * dld);
        t3_15.intoArray(dst, d + 15 * dld);
    }

    /** {@link #transposeB} for MR × MR blocks, with vectors of MR lanes. */
    private static void transposeA(float[] src, int s, int ld, float[] dst, int d, int dld, float[] scratch) {
        float[] in = src;
        int inOff = s, inLd = ld;
        for (int pass = 0; pass < A_LO.length; pass++) {
            int h = MR >> (pass + 1);
            boolean last = pass == A_LO.length - 1;
            float[] out = last ? dst : scratch;
            int outOff = last ? d : 0, outLd = last ? dld : MR;
            FloatVector lower = FloatVector.fromArray(SA, A_LO[pass], 0);
            FloatVector upper = FloatVector.fromArray(SA, A_HI[pass], 0);
            for (int i = 0; i < MR; i++) {
                if ((i & h) != 0) continue;
                FloatVector x = FloatVector.fromArray(SA, in, inOff + i * inLd);
                FloatVector y = FloatVector.fromArray(SA, in, inOff + (i + h) * inLd);
                lower.selectFrom(x, y).intoArray(out, outOff + i * outLd);
                upper.selectFrom(x, y).intoArray(out, outOff + (i + h) * outLd);
            }
            in = out;
            inOff = outOff;
            inLd = outLd;
        }
    }

    private static FloatVector[] vectors(VectorSpecies<Float> species, float[][] rows) {
        FloatVector[] v = new FloatVector[rows.length];
        for (int i = 0; i < rows.length; i++) v[i] = FloatVector.fromArray(species, rows[i], 0);
        return v;
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
