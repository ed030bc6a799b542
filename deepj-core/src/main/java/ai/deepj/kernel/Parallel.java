package ai.deepj.kernel;

/**
 * The one thread pool all deepj kernels share, so that GEMM, elementwise math and reductions never
 * compete with each other for the cores (two spinning pools on two cores cost a factor of 3–4).
 *
 * <p>Its size is the system property {@code deepj.threads} if set, else the number of available
 * processors; {@link #setThreads(int)} changes it at run time. The calling thread runs a chunk itself and
 * {@code threads() - 1} workers ({@link Crew}) run the others; an idle worker polls for the next region
 * for {@code deepj.spinMicros} (200 µs) before it parks, as OpenMP runtimes do. Work is split into
 * contiguous chunks in a fixed way, so a computation gives bit-identical results for a given thread
 * count. Work started inside a chunk runs on that chunk's thread.
 */
public final class Parallel {
    private Parallel() {}

    /** A body that processes indices {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static volatile int threads = initialThreads();
    private static volatile Crew crew;

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
            Crew old = crew;
            crew = null;
            if (old != null) old.retire();
        }
    }

    private static Crew crew() {
        Crew c = crew;
        if (c == null) {
            synchronized (Parallel.class) {
                c = crew;
                if (c == null) crew = c = new Crew(threads - 1, SPIN_NANOS);
            }
        }
        return c;
    }

    /**
     * How long an idle worker keeps polling for the next region before it parks, in nanoseconds (system
     * property {@code deepj.spinMicros}, default 200 µs). A training step runs dozens of parallel regions
     * with a little serial work between them; a parked thread takes 10–50 µs to wake, a polling one well
     * under 1 µs. OpenMP runtimes (PyTorch's) do the same with a longer wait.
     */
    static final long SPIN_NANOS = Long.getLong("deepj.spinMicros", 200) * 1000;

    /**
     * Below this much work an operation stays on the calling thread: handing a chunk to a parked
     * worker and joining it costs some 10–50 µs, about as much as 250k simple element operations
     * (to a polling worker about 1 µs, but a region cannot know which it will get).
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
        Crew c = crew();
        if (!c.run(n, chunks, body)) {
            // Another thread holds the workers (concurrent inference, say): the same chunks, one after another.
            for (int k = 0; k < chunks; k++) runChunk(n, chunks, k, body);
        }
    }

    /** Runs chunk {@code k} of {@code chunks} over {@code [0, n)}, marked as inside a region (nested work stays serial). */
    static void runChunk(int n, int chunks, int k, RangeBody body) {
        int from = (int) ((long) n * k / chunks), to = (int) ((long) n * (k + 1) / chunks);
        boolean[] inside = IN_REGION.get();
        boolean outer = !inside[0];
        inside[0] = true;
        try {
            body.run(from, to);
        } finally {
            if (outer) inside[0] = false;
        }
    }

    /** Whether the current thread is running a chunk of a parallel region: work nested in it stays on it. */
    private static final ThreadLocal<boolean[]> IN_REGION = ThreadLocal.withInitial(() -> new boolean[1]);

    private static boolean inPool() {
        return IN_REGION.get()[0];
    }
}
