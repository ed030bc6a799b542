package ai.deepj.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * The one thread pool all deepj kernels share, so that GEMM, elementwise math and reductions never
 * compete with each other for the cores (two spinning pools on two cores cost a factor of 3–4).
 *
 * <p>Its size is the system property {@code deepj.threads} if set, else the number of available
 * processors; {@link #setThreads(int)} changes it at run time. Work is split into at most
 * {@code threads()} contiguous chunks in a fixed way, so a computation gives bit-identical results
 * for a given thread count.
 */
public final class Parallel {
    private Parallel() {}

    /** A body that processes indices {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static volatile int threads = initialThreads();
    private static volatile ForkJoinPool pool;

    private static int initialThreads() {
        String p = System.getProperty("deepj.threads");
        if (p != null) {
            try {
                int t = Integer.parseInt(p.trim());
                if (t >= 1) return t;
            } catch (NumberFormatException ignored) {
                // fall through to the message below
            }
            throw new IllegalArgumentException("deepj.threads must be a positive integer, got '" + p + "'");
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** Number of threads kernels may use. */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads (at least 1). Takes effect for work started afterwards. */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("Parallel.setThreads: need at least 1 thread, got " + n);
        if (n != threads) {
            threads = n;
            ForkJoinPool old = pool;
            pool = null;
            if (old != null) old.shutdown();
        }
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    p = new ForkJoinPool(threads, pool -> {
                        var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                        t.setName("deepj-" + t.getPoolIndex());
                        t.setDaemon(true);
                        return t;
                    }, null, false);
                    pool = p;
                }
            }
        }
        return p;
    }

    /**
     * Below this much work an operation stays on the calling thread: handing a chunk to a pool
     * thread and joining it costs some 10–30 µs, about as much as 250k simple element operations.
     */
    public static final long MIN_PARALLEL_WORK = 1 << 18;

    /**
     * Runs {@code body} over {@code [0, n)} split into at most {@code threads()} chunks of at least
     * {@link #MIN_PARALLEL_WORK} / 2 work each, or on the calling thread when the total work
     * {@code n * costPerIndex} is below {@link #MIN_PARALLEL_WORK}.
     *
     * @param costPerIndex rough work per index, in elementary operations
     */
    public static void forRange(int n, long costPerIndex, RangeBody body) {
        long work = (long) n * Math.max(costPerIndex, 1);
        int chunks = work < MIN_PARALLEL_WORK ? 1 : (int) Math.min(Math.min(threads, n), work / (MIN_PARALLEL_WORK / 2));
        if (chunks <= 1 || inPool()) {
            if (n > 0) body.run(0, n);
            return;
        }
        forChunks(n, chunks, body);
    }

    /** Runs exactly {@code chunks} tasks over {@code [0, n)} (or fewer if {@code n < chunks}). */
    public static void forChunks(int n, int chunks, RangeBody body) {
        chunks = Math.min(chunks, n);
        if (chunks <= 1 || inPool()) {
            if (n > 0) body.run(0, n);
            return;
        }
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks];
        for (int c = 0; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            tasks[c] = new RecursiveAction() {
                @Override
                protected void compute() {
                    body.run(from, to);
                }
            };
        }
        ForkJoinPool p = pool();
        for (int c = 1; c < chunks; c++) p.execute(tasks[c]);
        // The calling thread does the first chunk itself instead of sleeping.
        tasks[0].invoke();
        for (int c = 1; c < chunks; c++) tasks[c].join();
    }

    private static boolean inPool() {
        return Thread.currentThread() instanceof java.util.concurrent.ForkJoinWorkerThread w && w.getPool() == pool;
    }
}
