package ai.deepj.data;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Cuts a {@link Dataset} into mini-batches, epoch by epoch (PyTorch's {@code DataLoader}, the
 * course's {@code random_mini_batches}). Each epoch visits every example once, in the order
 * {@link #order(int)}; batch {@code k} holds the examples at positions {@code [k·b, (k+1)·b)} of
 * that order. The last batch holds the {@code m mod b} left over unless {@link Options#dropLast()}.
 *
 * <p><b>Reproducible and resumable.</b> With shuffling, epoch {@code e}'s order is a pure function of
 * {@code (seed, e)}: a Fisher–Yates shuffle driven by
 * {@code Generator.seeded(seed ^ Generator.seeded(e).nextLong())}. No state carries from one epoch to the
 * next, so a run resumed at epoch {@code e}, batch {@code k} ({@link #epoch(int, int)}) sees exactly the
 * batches an uninterrupted run sees from there.
 *
 * <p><b>Prefetching.</b> With {@link Options#withPrefetch(int) prefetch} {@code n > 0}, a daemon thread
 * gathers the next batches while the caller trains on the current one, holding at most {@code n}
 * finished batches. The batches are the same as without prefetching. An exception thrown by the data
 * set surfaces in the caller's {@code hasNext()}/{@code next()} as a {@link DataLoaderException} whose
 * cause is the original. The thread ends when the epoch's batches are used up, when the iterator or its
 * {@link Epoch} is closed, or, if the caller abandons the iteration without closing (a {@code break} out
 * of a for-each), once the iterator is garbage-collected. The thread gathers batches with the caller's
 * default floating type ({@link DType#defaultFloat()}).
 *
 * {@snippet :
 * DataLoader loader = new DataLoader(train, DataLoader.Options.batchSize(64).withShuffle(1).withPrefetch(2));
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     try (DataLoader.Epoch batches = loader.epoch(epoch)) {
 *         for (Batch b : batches) {
 *             // forward b.x(), loss against b.y(), backward, step, zero grads
 *         }
 *     }
 * }
 * }
 */
public final class DataLoader {
    /**
     * Settings.
     *
     * @param batchSize examples per batch, at least 1
     * @param shuffle   whether each epoch visits the examples in a fresh random order
     * @param seed      the shuffling seed (ignored without shuffling)
     * @param dropLast  whether to drop a last batch smaller than {@code batchSize}
     * @param prefetch  finished batches a background thread keeps ready; 0 gathers on the caller's thread
     */
    public record Options(int batchSize, boolean shuffle, long seed, boolean dropLast, int prefetch) {
        public Options {
            if (batchSize < 1) throw new IllegalArgumentException("DataLoader: batchSize must be >= 1, got " + batchSize);
            if (prefetch < 0) throw new IllegalArgumentException("DataLoader: prefetch must be >= 0 (0 = off), got " + prefetch);
        }

        /** Batches of {@code batchSize} in the data set's order, last partial batch kept, no prefetching. */
        public static Options batchSize(int batchSize) {
            return new Options(batchSize, false, 0, false, 0);
        }

        /** Same options, shuffling each epoch with {@code seed}. */
        public Options withShuffle(long seed) {
            return new Options(batchSize, true, seed, dropLast, prefetch);
        }

        /** Same options without shuffling. */
        public Options withoutShuffle() {
            return new Options(batchSize, false, 0, dropLast, prefetch);
        }

        /** Same options, dropping ({@code true}) or keeping the last partial batch. */
        public Options withDropLast(boolean drop) {
            return new Options(batchSize, shuffle, seed, drop, prefetch);
        }

        /** Same options with a background thread keeping up to {@code batches} batches ready (0: off). */
        public Options withPrefetch(int batches) {
            return new Options(batchSize, shuffle, seed, dropLast, batches);
        }
    }

    /** An iterator over batches that may own a thread: {@link #close()} releases it (idempotent). */
    public interface BatchIterator extends Iterator<Batch>, AutoCloseable {
        /** The index within the epoch of the batch the next {@link #next()} returns. */
        int nextBatchIndex();

        @Override
        void close();
    }

    private static final Cleaner CLEANER = Cleaner.create();

    private final Dataset dataset;
    private final Options options;

    /** A loader over {@code dataset}. */
    public DataLoader(Dataset dataset, Options options) {
        if (dataset == null) throw new IllegalArgumentException("DataLoader: dataset must not be null");
        if (options == null) throw new IllegalArgumentException("DataLoader: options must not be null");
        int m = dataset.size();
        if (m < 1) throw new IllegalArgumentException("DataLoader: the data set is empty");
        if (options.dropLast() && m < options.batchSize()) {
            throw new IllegalArgumentException("DataLoader: dropLast with batchSize " + options.batchSize() + " leaves no batch of the "
                    + m + " examples");
        }
        this.dataset = dataset;
        this.options = options;
    }

    /** Batches of {@code batchSize} in order, no shuffling, no prefetching. */
    public static DataLoader of(Dataset dataset, int batchSize) {
        return new DataLoader(dataset, Options.batchSize(batchSize));
    }

    /** The data set. */
    public Dataset dataset() {
        return dataset;
    }

    /** The settings. */
    public Options options() {
        return options;
    }

    /** The number of batches in every epoch: {@code ⌈m/b⌉}, or {@code ⌊m/b⌋} when dropping the last partial one. */
    public int batchesPerEpoch() {
        int m = dataset.size(), b = options.batchSize();
        return options.dropLast() ? m / b : (m + b - 1) / b;
    }

    /** The examples' order in epoch {@code e}: the identity without shuffling, else a permutation that depends on (seed, e) only. */
    public int[] order(int epoch) {
        if (epoch < 0) throw new IllegalArgumentException("DataLoader.order: epoch must be >= 0, got " + epoch);
        int m = dataset.size();
        int[] p = new int[m];
        for (int i = 0; i < m; i++) p[i] = i;
        if (!options.shuffle()) return p;
        Generator gen = Generator.seeded(options.seed() ^ Generator.seeded(epoch).nextLong());
        for (int i = m - 1; i > 0; i--) {
            int j = gen.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The batches of epoch {@code e}, from the first. */
    public Epoch epoch(int e) {
        return epoch(e, 0);
    }

    /** The batches of epoch {@code e} from batch {@code startBatch} on (0 ≤ startBatch ≤ {@link #batchesPerEpoch()}). */
    public Epoch epoch(int e, int startBatch) {
        if (e < 0) throw new IllegalArgumentException("DataLoader.epoch: epoch must be >= 0, got " + e);
        int n = batchesPerEpoch();
        if (startBatch < 0 || startBatch > n) {
            throw new IllegalArgumentException("DataLoader.epoch: startBatch " + startBatch + " outside [0, " + n + "] (" + n
                    + " batches per epoch)");
        }
        if (dataset instanceof EpochAware aware) aware.setEpoch(e); // before a prefetch thread reads
        return new Epoch(e, startBatch);
    }

    /**
     * The batches of one epoch from a start batch. Each {@link #iterator()} starts over at the start
     * batch; {@link #close()} stops the prefetch threads of every iterator made so far.
     */
    public final class Epoch implements Iterable<Batch>, AutoCloseable {
        private final int epoch;
        private final int startBatch;
        private final List<Cleaner.Cleanable> threads = new ArrayList<>();

        private Epoch(int epoch, int startBatch) {
            this.epoch = epoch;
            this.startBatch = startBatch;
        }

        /** The epoch, 0-based. */
        public int epoch() {
            return epoch;
        }

        /** The index of the first batch. */
        public int startBatch() {
            return startBatch;
        }

        /** The number of batches this iterable yields. */
        public int size() {
            return batchesPerEpoch() - startBatch;
        }

        @Override
        public BatchIterator iterator() {
            int[] order = order(epoch);
            if (options.prefetch() == 0) return new Direct(order, epoch, startBatch);
            Prefetching it = new Prefetching(order, epoch, startBatch);
            synchronized (threads) {
                threads.add(it.cleanable);
            }
            return it;
        }

        @Override
        public void close() {
            synchronized (threads) {
                for (Cleaner.Cleanable c : threads) c.clean();
                threads.clear();
            }
        }
    }

    // ------------------------------------------------------------------ loading one batch

    private int[] indices(int[] order, int batch) {
        int b = options.batchSize();
        int from = batch * b, to = Math.min(from + b, order.length);
        int[] idx = new int[to - from];
        System.arraycopy(order, from, idx, 0, idx.length);
        return idx;
    }

    /** Batch {@code k} of the epoch; any failure is wrapped, naming where. */
    private Batch load(int[] order, int epoch, int k, boolean background) {
        int[] idx = indices(order, k);
        Batch b;
        try {
            b = dataset.get(idx);
        } catch (Throwable t) {
            throw new DataLoaderException(epoch, k, "DataLoader: loading batch " + k + " of epoch " + epoch + " failed"
                    + (background ? " (in the prefetch thread)" : "") + ": " + t, t);
        }
        if (b == null || b.size() != idx.length) {
            throw new DataLoaderException(epoch, k, "DataLoader: the data set returned " + (b == null ? "null" : b.size() + " examples")
                    + " for batch " + k + " of epoch " + epoch + " (" + idx.length + " indices)", null);
        }
        return b;
    }

    /** Gathers each batch when asked, on the caller's thread. */
    private final class Direct implements BatchIterator {
        private final int[] order;
        private final int epoch;
        private final int end = batchesPerEpoch();
        private int k;

        Direct(int[] order, int epoch, int start) {
            this.order = order;
            this.epoch = epoch;
            this.k = start;
        }

        @Override
        public boolean hasNext() {
            return k < end;
        }

        @Override
        public Batch next() {
            if (k >= end) throw new NoSuchElementException("DataLoader: epoch " + epoch + " has no batch " + k);
            Batch b = load(order, epoch, k, false);
            k++;
            return b;
        }

        @Override
        public int nextBatchIndex() {
            return k;
        }

        @Override
        public void close() {
            k = end;
        }
    }

    /** What the prefetch thread hands over besides batches. */
    private record Failure(DataLoaderException error) {}

    private static final Object END = new Object();

    /**
     * Takes batches from a bounded queue that a daemon thread fills. The thread holds no reference to
     * this iterator, so an abandoned iterator becomes unreachable and its {@link Cleaner} action
     * interrupts the thread.
     */
    private final class Prefetching implements BatchIterator {
        private final BlockingQueue<Object> queue;
        private final Thread thread;
        final Cleaner.Cleanable cleanable;
        private final int epoch;
        private int k;
        private Batch ready;
        private boolean finished;

        Prefetching(int[] order, int epoch, int start) {
            this.epoch = epoch;
            this.k = start;
            this.queue = new ArrayBlockingQueue<>(options.prefetch());
            Runnable producer = producer(order, epoch, start, queue, DType.defaultFloat());
            this.thread = Thread.ofPlatform().daemon().name("deepj-DataLoader-prefetch-epoch-" + epoch).unstarted(producer);
            this.cleanable = CLEANER.register(this, new Stop(thread));
            thread.start();
        }

        @Override
        public boolean hasNext() {
            if (ready != null) return true;
            if (finished) return false;
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new DataLoaderException(epoch, k, "DataLoader: interrupted while waiting for batch " + k + " of epoch " + epoch, e);
            }
            if (item == END) {
                close();
                return false;
            }
            if (item instanceof Failure f) {
                close();
                // A fresh exception, so the consumer's stack shows where it was waiting; the producer's is the cause's.
                throw new DataLoaderException(f.error().epoch(), f.error().batch(), f.error().getMessage(), f.error().getCause());
            }
            ready = (Batch) item;
            return true;
        }

        @Override
        public Batch next() {
            if (!hasNext()) throw new NoSuchElementException("DataLoader: epoch " + epoch + " has no batch " + k);
            Batch b = ready;
            ready = null;
            k++;
            return b;
        }

        @Override
        public int nextBatchIndex() {
            return k;
        }

        @Override
        public void close() {
            finished = true;
            ready = null;
            cleanable.clean();
        }
    }

    /** The prefetch thread's body: it captures the loader (for the data set) but not the iterator. */
    private Runnable producer(int[] order, int epoch, int start, BlockingQueue<Object> queue, DType defaultFloat) {
        int end = batchesPerEpoch();
        return () -> {
            try (var scope = DType.useDefaultFloat(defaultFloat)) {
                for (int k = start; k < end; k++) {
                    if (Thread.currentThread().isInterrupted()) return;
                    Object item;
                    try {
                        item = load(order, epoch, k, true);
                    } catch (DataLoaderException e) {
                        queue.put(new Failure(e));
                        return;
                    }
                    queue.put(item);
                }
                queue.put(END);
            } catch (InterruptedException e) {
                // closed or abandoned by the consumer: stop quietly
            }
        };
    }

    /** Interrupts the prefetch thread and waits briefly for it to end (the data set may be busy in a read). */
    private record Stop(Thread thread) implements Runnable {
        @Override
        public void run() {
            thread.interrupt();
            if (Thread.currentThread() == thread) return;
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
