package ai.deepj.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    /** Example i is x = (i, −i), y = i: every batch says which examples it holds. */
    private static TensorDataset numbered(int m) {
        float[] x = new float[2 * m];
        int[] y = new int[m];
        for (int i = 0; i < m; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = i;
        }
        return new TensorDataset(Tensor.of(x, m, 2), Tensor.of(y, m));
    }

    private static List<int[]> labels(Iterable<Batch> batches) {
        List<int[]> out = new ArrayList<>();
        for (Batch b : batches) {
            int[] y = b.y().toIntArray();
            float[] x = b.x().toFloatArray();
            for (int i = 0; i < y.length; i++) assertEquals(y[i], x[2 * i], 0, "x and y rows stay together");
            out.add(y);
        }
        return out;
    }

    private static int[] concat(List<int[]> parts) {
        return parts.stream().flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void everyExampleOncePerEpochWithThePartialBatchLast() {
        DataLoader loader = new DataLoader(numbered(10), DataLoader.Options.batchSize(4).withShuffle(3));
        assertEquals(3, loader.batchesPerEpoch());
        for (int e = 0; e < 3; e++) {
            List<int[]> batches = labels(loader.epoch(e));
            assertEquals(List.of(4, 4, 2), batches.stream().map(b -> b.length).toList());
            int[] seen = concat(batches);
            assertArrayEquals(loader.order(e), seen, "batches follow order(e)");
            int[] sorted = seen.clone();
            Arrays.sort(sorted);
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted, "epoch " + e);
        }
    }

    @Test
    void withoutShuffleTheOrderIsTheDataSetsAndDropLastDropsTheRemainder() {
        DataLoader loader = new DataLoader(numbered(10), DataLoader.Options.batchSize(4).withDropLast(true));
        assertEquals(2, loader.batchesPerEpoch());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, concat(labels(loader.epoch(5))));
        assertEquals(1, DataLoader.of(numbered(10), 10).batchesPerEpoch());
        assertEquals(10, DataLoader.of(numbered(10), 1).batchesPerEpoch());
    }

    @Test
    void eachEpochHasItsOwnOrderAndTheSameSeedGivesTheSameOrders() {
        DataLoader a = new DataLoader(numbered(50), DataLoader.Options.batchSize(8).withShuffle(42));
        DataLoader b = new DataLoader(numbered(50), DataLoader.Options.batchSize(8).withShuffle(42));
        DataLoader c = new DataLoader(numbered(50), DataLoader.Options.batchSize(8).withShuffle(43));
        for (int e = 0; e < 4; e++) {
            assertArrayEquals(a.order(e), b.order(e), "same seed, epoch " + e);
            assertArrayEquals(a.order(e), concat(labels(b.epoch(e))));
            assertFalse(Arrays.equals(a.order(e), c.order(e)), "other seed, epoch " + e);
            for (int f = 0; f < e; f++) assertFalse(Arrays.equals(a.order(e), a.order(f)), "epochs " + f + " and " + e);
        }
        // Pure function of (seed, epoch): asking out of order or twice changes nothing.
        int[] third = a.order(3);
        a.order(0);
        assertArrayEquals(third, a.order(3));
    }

    @Test
    void startingAtBatchKGivesTheRestOfTheUninterruptedEpoch() {
        for (int prefetch : new int[] {0, 2}) {
            DataLoader loader = new DataLoader(numbered(23), DataLoader.Options.batchSize(5).withShuffle(7).withPrefetch(prefetch));
            List<int[]> full = labels(loader.epoch(2));
            for (int k = 0; k <= loader.batchesPerEpoch(); k++) {
                DataLoader.Epoch rest = loader.epoch(2, k);
                assertEquals(full.size() - k, rest.size());
                List<int[]> tail = labels(rest);
                assertEquals(full.size() - k, tail.size());
                for (int i = 0; i < tail.size(); i++) assertArrayEquals(full.get(k + i), tail.get(i), "prefetch " + prefetch + ", start " + k);
            }
        }
        var e = assertThrows(IllegalArgumentException.class, () -> DataLoader.of(numbered(23), 5).epoch(0, 6));
        assertEquals("DataLoader.epoch: startBatch 6 outside [0, 5] (5 batches per epoch)", e.getMessage());
    }

    @Test
    void prefetchingGivesTheSameBatchesAsLoadingOnTheCallersThread() {
        TensorDataset data = numbered(37);
        DataLoader plain = new DataLoader(data, DataLoader.Options.batchSize(6).withShuffle(5));
        DataLoader ahead = new DataLoader(data, DataLoader.Options.batchSize(6).withShuffle(5).withPrefetch(3));
        for (int e = 0; e < 3; e++) {
            List<Batch> p = new ArrayList<>(), q = new ArrayList<>();
            plain.epoch(e).forEach(p::add);
            ahead.epoch(e).forEach(q::add);
            assertEquals(p.size(), q.size());
            for (int i = 0; i < p.size(); i++) {
                assertArrayEquals(p.get(i).x().toFloatArray(), q.get(i).x().toFloatArray());
                assertArrayEquals(p.get(i).y().toIntArray(), q.get(i).y().toIntArray());
            }
        }
    }

    @Test
    void thePrefetchThreadUsesTheCallersDefaultFloatType() {
        Dataset generated = new Dataset() {
            @Override
            public int size() {
                return 4;
            }

            @Override
            public Batch get(int[] indices) {
                return new Batch(Tensor.zeros(indices.length, 3), null);   // default float type of the calling thread
            }
        };
        DataLoader loader = new DataLoader(generated, DataLoader.Options.batchSize(2).withPrefetch(1));
        try (var scope = DType.useDefaultFloat(DType.FLOAT64)) {
            for (Batch b : loader.epoch(0)) assertEquals(DType.FLOAT64, b.x().dtype());
        }
    }

    /** A data set that fails on one example, as a corrupt file would. */
    private static Dataset failingAt(int bad) {
        TensorDataset inner = numbered(20);
        return new Dataset() {
            @Override
            public int size() {
                return inner.size();
            }

            @Override
            public Batch get(int[] indices) {
                for (int i : indices) if (i == bad) throw new IllegalStateException("record " + bad + " is corrupt");
                return inner.get(indices);
            }
        };
    }

    @Test
    void anExceptionInTheDataSetSurfacesInTheConsumerWithItsCause() {
        for (int prefetch : new int[] {0, 2}) {
            DataLoader loader = new DataLoader(failingAt(13), DataLoader.Options.batchSize(4).withPrefetch(prefetch));
            List<int[]> before = new ArrayList<>();
            DataLoaderException e = assertThrows(DataLoaderException.class, () -> {
                for (Batch b : loader.epoch(1)) before.add(b.y().toIntArray());
            });
            assertEquals(3, before.size(), "batches 0-2 arrive before the failure");
            assertEquals(1, e.epoch());
            assertEquals(3, e.batch());
            assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
            assertEquals("record 13 is corrupt", e.getCause().getMessage());
            assertEquals("DataLoader: loading batch 3 of epoch 1 failed" + (prefetch > 0 ? " (in the prefetch thread)" : "")
                    + ": java.lang.IllegalStateException: record 13 is corrupt", e.getMessage());
        }
        assertTrue(waitForNoPrefetchThreads(), "the prefetch thread ended after the failure");
    }

    @Test
    void aDataSetReturningTheWrongNumberOfExamplesIsReported() {
        TensorDataset inner = numbered(6);
        Dataset shortChanged = new Dataset() {
            @Override
            public int size() {
                return 6;
            }

            @Override
            public Batch get(int[] indices) {
                return inner.get(new int[] {indices[0]});
            }
        };
        var e = assertThrows(DataLoaderException.class, () -> DataLoader.of(shortChanged, 3).epoch(0).iterator().next());
        assertEquals("DataLoader: the data set returned 1 examples for batch 0 of epoch 0 (3 indices)", e.getMessage());
    }

    @Test
    void prefetchingIsBoundedAndTheThreadEndsWhenClosedOrDone() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        TensorDataset inner = numbered(100);
        Dataset counting = new Dataset() {
            @Override
            public int size() {
                return inner.size();
            }

            @Override
            public Batch get(int[] indices) {
                loads.incrementAndGet();
                return inner.get(indices);
            }
        };
        DataLoader loader = new DataLoader(counting, DataLoader.Options.batchSize(5).withPrefetch(2));
        try (DataLoader.Epoch epoch = loader.epoch(0)) {
            DataLoader.BatchIterator it = epoch.iterator();
            it.next();
            Thread.sleep(200);
            // one taken, two queued, at most one more gathered and waiting to be queued
            assertTrue(loads.get() <= 4, "loaded " + loads.get() + " of 20 batches ahead");
            assertEquals(1, it.nextBatchIndex());
            assertEquals(1, prefetchThreads());
        }
        assertTrue(waitForNoPrefetchThreads(), "closing the epoch stops its thread");

        for (Batch b : loader.epoch(1)) assertSame(Batch.class, b.getClass());
        assertTrue(waitForNoPrefetchThreads(), "the thread ends with the last batch");
    }

    @Test
    void anAbandonedIterationReleasesItsThread() {
        DataLoader loader = new DataLoader(numbered(100), DataLoader.Options.batchSize(2).withPrefetch(1));
        takeOneAndWalkAway(loader);
        for (int i = 0; i < 100 && prefetchThreads() > 0; i++) {
            System.gc();
            sleep(50);
        }
        assertEquals(0, prefetchThreads(), "the thread of a garbage-collected iterator is stopped");
    }

    private static void takeOneAndWalkAway(DataLoader loader) {
        for (Batch b : loader.epoch(0)) {
            assertEquals(2, b.size());
            break;
        }
        assertEquals(1, prefetchThreads());
    }

    @Test
    void rejectsBadSettings() {
        assertEquals("DataLoader: batchSize must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> DataLoader.Options.batchSize(0)).getMessage());
        assertEquals("DataLoader: prefetch must be >= 0 (0 = off), got -1",
                assertThrows(IllegalArgumentException.class, () -> DataLoader.Options.batchSize(2).withPrefetch(-1)).getMessage());
        assertEquals("DataLoader: dropLast with batchSize 8 leaves no batch of the 5 examples",
                assertThrows(IllegalArgumentException.class,
                        () -> new DataLoader(numbered(5), DataLoader.Options.batchSize(8).withDropLast(true))).getMessage());
        assertNotEquals(0, DataLoader.of(numbered(5), 8).batchesPerEpoch());
        assertThrows(IllegalArgumentException.class, () -> DataLoader.of(numbered(5), 2).order(-1));
    }

    private static long prefetchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("deepj-DataLoader-prefetch")).count();
    }

    private static boolean waitForNoPrefetchThreads() {
        for (int i = 0; i < 200 && prefetchThreads() > 0; i++) sleep(10);
        return prefetchThreads() == 0;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
