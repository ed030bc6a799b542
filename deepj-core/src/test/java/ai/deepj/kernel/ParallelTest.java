package ai.deepj.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
    private final int before = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(before);
    }

    /** Every index is visited exactly once, for chunk counts below, at and above the thread count. */
    @Test
    void everyIndexOnce() {
        Parallel.setThreads(3);
        for (int chunks : new int[] {1, 2, 3, 7, 64}) {
            for (int rep = 0; rep < 200; rep++) {
                int[] hits = new int[1000];
                Parallel.forChunks(hits.length, chunks, (from, to) -> {
                    for (int i = from; i < to; i++) hits[i]++;
                });
                int[] ones = new int[hits.length];
                java.util.Arrays.fill(ones, 1);
                assertArrayEquals(ones, hits, "chunks=" + chunks);
            }
        }
    }

    /** Chunk boundaries are fixed: chunk k of c covers [n·k/c, n·(k+1)/c) whichever thread runs it. */
    @Test
    void chunkBoundariesAreFixed() {
        Parallel.setThreads(2);
        int n = 10, chunks = 3;
        int[] starts = new int[n];
        java.util.Arrays.fill(starts, -1);
        Parallel.forChunks(n, chunks, (from, to) -> starts[from] = to);
        assertEquals(3, starts[0]);
        assertEquals(6, starts[3]);
        assertEquals(10, starts[6]);
    }

    /** An exception in any chunk reaches the caller, and the crew stays usable. */
    @Test
    void failurePropagates() {
        Parallel.setThreads(2);
        IllegalStateException boom = new IllegalStateException("boom");
        for (int bad = 0; bad < 4; bad++) {
            int b = bad;
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forChunks(4, 4, (from, to) -> {
                if (from == b) throw boom;
            }));
            assertSame(boom, e);
        }
        long[] sum = new long[1];
        Parallel.forChunks(2, 2, (from, to) -> {
            synchronized (sum) {
                sum[0] += from + 1;
            }
        });
        assertEquals(3, sum[0]);
    }

    /** Regions nested in a chunk run on that chunk's thread, complete and correct. */
    @Test
    void nestedRegions() {
        Parallel.setThreads(2);
        long[] rows = new long[8];
        Parallel.forChunks(rows.length, 2, (from, to) -> {
            for (int r = from; r < to; r++) {
                long[] cells = new long[100];
                int row = r;
                Parallel.forChunks(cells.length, 2, (f, t) -> {
                    for (int i = f; i < t; i++) cells[i] = row * 1000L + i;
                });
                long s = 0;
                for (long c : cells) s += c;
                rows[r] = s;
            }
        });
        for (int r = 0; r < rows.length; r++) assertEquals(r * 100_000L + 4950, rows[r]);
    }

    /** Several threads using the pool at once (concurrent inference) all get their full results. */
    @Test
    void concurrentCallers() throws Exception {
        Parallel.setThreads(2);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                results.add(callers.submit(() -> {
                    long total = 0;
                    for (int rep = 0; rep < 500; rep++) {
                        long[] part = new long[2];
                        Parallel.forChunks(1000, 2, (from, to) -> {
                            long s = 0;
                            for (int i = from; i < to; i++) s += i;
                            part[from == 0 ? 0 : 1] = s;
                        });
                        total += part[0] + part[1];
                    }
                    return total;
                }));
            }
            for (Future<Long> f : results) assertEquals(500L * 499_500, f.get());
        } finally {
            callers.shutdown();
        }
    }

    /** Changing the thread count between regions retires the old crew and builds a new one. */
    @Test
    void resize() {
        for (int t : new int[] {1, 4, 2, 3, 1, 2}) {
            Parallel.setThreads(t);
            int[] hits = new int[64];
            Parallel.forChunks(hits.length, t, (from, to) -> {
                for (int i = from; i < to; i++) hits[i]++;
            });
            for (int h : hits) assertEquals(1, h);
        }
        assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
    }
}
