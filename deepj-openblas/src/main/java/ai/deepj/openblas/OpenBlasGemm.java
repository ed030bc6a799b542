package ai.deepj.openblas;

import ai.deepj.kernel.Gemm;
import ai.deepj.kernel.GemmBackend;
import ai.deepj.kernel.Parallel;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * GEMM backend calling OpenBLAS's {@code cblas_sgemm} / {@code cblas_dgemm} through the
 * foreign-function API, directly on the Java heap arrays (no copies). Registered as the
 * {@link GemmBackend} service {@code openblas}; with {@code deepj-openblas} on the class path,
 * {@code -Ddeepj.gemm=auto} (the default) selects it wherever the library loads.
 *
 * <p>Threads: OpenBLAS is told to use one thread, and large products are split here over
 * {@link Parallel}'s pool — the rows (or columns) of C in {@code Parallel.threads()} blocks, each
 * one single-threaded OpenBLAS call on its sub-matrices — because two thread pools spinning on the
 * same cores cost far more than they bring.
 *
 * <p>CPU selection: see {@link #coretypeNote()}; the system property
 * {@code deepj.openblas.coretype} is {@code auto} (default: ignore an inherited
 * {@code OPENBLAS_CORETYPE} and let OpenBLAS detect the CPU), {@code inherit} (keep the
 * environment's value), or an OpenBLAS core name such as {@code SkylakeX}. It is read once, when
 * the library is loaded.
 *
 * {@snippet :
 * if (OpenBlasGemm.unavailableReason().isEmpty()) Gemm.useBackend("openblas");
 * System.out.println(OpenBlasGemm.coretypeNote());
 * }
 */
public final class OpenBlasGemm implements GemmBackend {
    /** Products with fewer multiply-adds than this run on the calling thread (a hand-off costs more). */
    private static final long PARALLEL_MIN_MACS = 1L << 21;
    /** Blocks of C are whole multiples of this many rows or columns, to keep kernel tiles full. */
    private static final int BLOCK_UNIT = 16;

    /** Public no-argument constructor for {@link java.util.ServiceLoader}; loads nothing yet. */
    public OpenBlasGemm() {}

    @Override
    public String name() {
        return "openblas";
    }

    /** True if the bundled OpenBLAS loaded; never throws (see {@link #unavailableReason()}). */
    @Override
    public boolean isAvailable() {
        return unavailableReason().isEmpty();
    }

    /** Library build and CPU kernels, the coretype handling, or why it is unavailable. */
    @Override
    public String details() {
        Optional<String> why = unavailableReason();
        if (why.isPresent()) return why.get();
        return config().orElse("") + "; " + coretypeNote() + "; single-threaded calls split over deepj's pool";
    }

    /** Above the pure-Java backend's 0, so {@code auto} prefers OpenBLAS. */
    @Override
    public int priority() {
        return 10;
    }

    /** Why OpenBLAS cannot be used here (wrong platform, library missing or failing to load), if so. */
    public static Optional<String> unavailableReason() {
        try {
            return Optional.ofNullable(NativeOpenBlas.UNAVAILABLE);
        } catch (LinkageError e) {
            return Optional.of("OpenBLAS loader failed: " + e);
        }
    }

    /**
     * What was done with {@code OPENBLAS_CORETYPE} before loading and which core OpenBLAS chose,
     * e.g. {@code "OPENBLAS_CORETYPE=Haswell from the environment was cleared; OpenBLAS detected Cooperlake"}.
     */
    public static String coretypeNote() {
        try {
            return NativeOpenBlas.CORETYPE_NOTE;
        } catch (LinkageError e) {
            return "OpenBLAS loader failed: " + e;
        }
    }

    /** {@code openblas_get_corename()}: the CPU kernels OpenBLAS uses, if it loaded. */
    public static Optional<String> coreName() {
        return isLoaded() ? Optional.of(NativeOpenBlas.CORENAME) : Optional.empty();
    }

    /** {@code openblas_get_config()}: version and build options, if it loaded. */
    public static Optional<String> config() {
        return isLoaded() ? Optional.of(NativeOpenBlas.CONFIG) : Optional.empty();
    }

    private static boolean isLoaded() {
        return unavailableReason().isEmpty();
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        requireLoaded();
        // Native code has no bounds checks: a bad direct call must fail here, not corrupt memory.
        Gemm.check(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0) { // BLAS would reject lda = 0 here; the result is just beta·C
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) c[cOff + i * ldc + j] = beta == 0 ? 0 : beta * c[cOff + i * ldc + j];
            }
            return;
        }
        split(transA, transB, m, n, k, aOff, lda, bOff, ldb, cOff, ldc, (mi, ni, ao, bo, co) -> {
            try {
                NativeOpenBlas.SGEMM.invokeExact(NativeOpenBlas.ROW_MAJOR, op(transA), op(transB), mi, ni, k, alpha,
                        MemorySegment.ofArray(a).asSlice(4L * ao), lda, MemorySegment.ofArray(b).asSlice(4L * bo), ldb,
                        beta, MemorySegment.ofArray(c).asSlice(4L * co), ldc);
            } catch (Throwable t) {
                throw new IllegalStateException("openblas: cblas_sgemm call failed", t);
            }
        });
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
            double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        requireLoaded();
        // Native code has no bounds checks: a bad direct call must fail here, not corrupt memory.
        Gemm.check(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) c[cOff + i * ldc + j] = beta == 0 ? 0 : beta * c[cOff + i * ldc + j];
            }
            return;
        }
        split(transA, transB, m, n, k, aOff, lda, bOff, ldb, cOff, ldc, (mi, ni, ao, bo, co) -> {
            try {
                NativeOpenBlas.DGEMM.invokeExact(NativeOpenBlas.ROW_MAJOR, op(transA), op(transB), mi, ni, k, alpha,
                        MemorySegment.ofArray(a).asSlice(8L * ao), lda, MemorySegment.ofArray(b).asSlice(8L * bo), ldb,
                        beta, MemorySegment.ofArray(c).asSlice(8L * co), ldc);
            } catch (Throwable t) {
                throw new IllegalStateException("openblas: cblas_dgemm call failed", t);
            }
        });
    }

    /** One single-threaded GEMM on the {@code mi × ni} block of C at offset {@code co}. */
    @FunctionalInterface
    private interface BlockCall {
        void run(int mi, int ni, int aOff, int bOff, int cOff);
    }

    /**
     * Splits C into at most {@code Parallel.threads()} blocks along its longer side and runs them on
     * the shared pool; a block of rows needs the matching rows of op(A) and all of op(B), a block of
     * columns all of op(A) and the matching columns of op(B).
     */
    private static void split(boolean transA, boolean transB, int m, int n, int k, int aOff, int lda, int bOff, int ldb,
            int cOff, int ldc, BlockCall call) {
        int threads = Parallel.threads();
        boolean byRows = m >= n;
        int units = ((byRows ? m : n) + BLOCK_UNIT - 1) / BLOCK_UNIT;
        if (threads == 1 || units == 1 || (long) m * n * k < PARALLEL_MIN_MACS) {
            call.run(m, n, aOff, bOff, cOff);
            return;
        }
        Parallel.forChunks(units, threads, (from, to) -> {
            if (byRows) {
                int i0 = from * BLOCK_UNIT, i1 = Math.min(m, to * BLOCK_UNIT);
                call.run(i1 - i0, n, aOff + (transA ? i0 : i0 * lda), bOff, cOff + i0 * ldc);
            } else {
                int j0 = from * BLOCK_UNIT, j1 = Math.min(n, to * BLOCK_UNIT);
                call.run(m, j1 - j0, aOff, bOff + (transB ? j0 * ldb : j0), cOff + j0);
            }
        });
    }

    private static int op(boolean trans) {
        return trans ? NativeOpenBlas.TRANS : NativeOpenBlas.NO_TRANS;
    }

    private static void requireLoaded() {
        Optional<String> why = unavailableReason();
        if (why.isPresent()) throw new IllegalStateException("openblas backend is unavailable: " + why.get());
    }
}
