package ai.deepj.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The worker threads behind {@link Parallel}: a fixed crew that polls for the next parallel region for a
 * while after finishing one ({@code spinNanos}), then parks. A region is handed over by publishing it in a
 * volatile field, so a polling worker starts within a microsecond instead of the 10–50 µs a parked thread takes to
 * wake — a training step runs dozens of regions, and those wake-ups were a tenth of a 2-thread step.
 *
 * <p>One region runs at a time: {@link #run} returns {@code false} when another thread holds the crew, and
 * the caller then runs the chunks itself. Chunks are claimed from a shared counter, so which thread runs a
 * chunk varies, but each chunk covers the same indices every time, so results do not depend on it.
 */
final class Crew {
    private final Worker[] workers;
    private final long spinNanos;
    private final ReentrantLock owner = new ReentrantLock();

    /** A region being run: its own counters, so a worker that wakes late finds it finished and does nothing. */
    private static final class Region {
        final Parallel.RangeBody body;
        final int n, chunks;
        final AtomicInteger nextChunk = new AtomicInteger();
        final AtomicInteger unfinished;
        volatile Throwable failure;
        /** The owner, once it has stopped polling and parked until the last chunk ends. */
        volatile Thread waiter;

        Region(Parallel.RangeBody body, int n, int chunks) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            unfinished = new AtomicInteger(chunks);
        }

        /** Claims and runs chunks until none is left. */
        void work() {
            for (int k; (k = nextChunk.getAndIncrement()) < chunks; ) {
                try {
                    Parallel.runChunk(n, chunks, k, body);
                } catch (Throwable t) {
                    if (failure == null) failure = t;
                } finally {
                    if (unfinished.decrementAndGet() == 0) {
                        Thread w = waiter;
                        if (w != null) LockSupport.unpark(w);
                    }
                }
            }
        }
    }

    /** How long the owner polls for the workers' chunks to finish before it parks. */
    private static final long WAIT_SPIN_NANOS = 50_000;

    private volatile Region current;
    private volatile boolean retired;

    Crew(int size, long spinNanos) {
        this.spinNanos = spinNanos;
        workers = new Worker[size];
        for (int i = 0; i < size; i++) {
            workers[i] = new Worker();
            workers[i].setName("deepj-" + (i + 1));
            workers[i].setDaemon(true);
            workers[i].start();
        }
    }

    /**
     * Runs {@code body} over {@code [0, n)} in {@code chunks} chunks on the calling thread and the workers;
     * {@code false}, having run nothing, when another thread is using the crew.
     */
    boolean run(int n, int chunks, Parallel.RangeBody body) {
        if (!owner.tryLock()) return false;
        try {
            Region r = new Region(body, n, chunks);
            current = r;
            int helpers = Math.min(workers.length, chunks - 1);
            for (int i = 0; i < helpers; i++) workers[i].wake();
            r.work();
            // Wait for the chunks the workers claimed: poll briefly, then park (a worker that was preempted
            // needs this core more than we need to poll).
            long since = System.nanoTime();
            while (r.unfinished.get() != 0 && System.nanoTime() - since < WAIT_SPIN_NANOS) {
                for (int i = 0; i < 16; i++) Thread.onSpinWait();
            }
            if (r.unfinished.get() != 0) {
                r.waiter = Thread.currentThread();
                while (r.unfinished.get() != 0) LockSupport.park(this);
            }
            current = null;
            Throwable t = r.failure;
            if (t instanceof RuntimeException e) throw e;
            if (t instanceof Error e) throw e;
            if (t != null) throw new IllegalStateException("parallel region failed", t);
            return true;
        } finally {
            owner.unlock();
        }
    }

    /** Stops the workers once they are idle (after {@link Parallel#setThreads} replaced this crew). */
    void retire() {
        retired = true;
        for (Worker w : workers) LockSupport.unpark(w);
    }

    private final class Worker extends Thread {
        private volatile boolean parked;

        void wake() {
            if (parked) LockSupport.unpark(this);
        }

        @Override
        public void run() {
            Region seen = null;
            while (!retired) {
                Region r = current;
                if (r != null && r != seen) {
                    seen = r;
                    r.work();
                    continue;
                }
                long idleSince = System.nanoTime();
                while (((r = current) == null || r == seen) && !retired && System.nanoTime() - idleSince < spinNanos) {
                    for (int i = 0; i < 64; i++) Thread.onSpinWait();
                }
                if ((r != null && r != seen) || retired) continue;
                parked = true;
                r = current;
                if ((r == null || r == seen) && !retired) LockSupport.park(this);
                parked = false;
            }
        }
    }
}
