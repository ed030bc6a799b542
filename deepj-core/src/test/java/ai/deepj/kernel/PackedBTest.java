package ai.deepj.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PackedB}: with the pure-Java backend a product from the packed operand has the same bits as
 * {@link Gemm#sgemm} from the unpacked one (same blocks, same micro-kernel), for both layouts of B,
 * transposed A, offsets and leading dimensions, edge panels, several K blocks, alpha and beta, and at
 * 1 and 2 threads; and mistakes in the arguments are refused before any kernel runs.
 */
class PackedBTest {
    private int savedThreads;
    private GemmBackend savedBackend;

    @BeforeEach
    void save() {
        savedThreads = Parallel.threads();
        savedBackend = Gemm.backend();
        Gemm.useBackend("java");
    }

    @AfterEach
    void restore() {
        Parallel.setThreads(savedThreads);
        Gemm.useBackend(savedBackend.name());
    }

    private static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = rnd.nextFloat() * 2 - 1;
        return a;
    }

    @Test
    void packedProductsEqualUnpackedOnesBitForBit() {
        Random rnd = new Random(7);
        int[][] shapes = {{32, 1024, 256}, {5, 40, 13}, {1, 1024, 256}, {17, 33, 600}, {300, 70, 9}, {8, 160, 40}};
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            for (int[] mnk : shapes) {
                int m = mnk[0], n = mnk[1], k = mnk[2];
                for (boolean transA : new boolean[] {false, true}) {
                    for (boolean transB : new boolean[] {false, true}) {
                        int lda = (transA ? m : k) + 3, ldb = (transB ? k : n) + 1, ldc = n + 2;
                        float[] a = random(rnd, 2 + (transA ? k : m) * lda), b = random(rnd, 5 + (transB ? n : k) * ldb);
                        float[] c0 = random(rnd, 4 + m * ldc);
                        for (float beta : new float[] {0f, 1f, -0.5f}) {
                            float[] expected = c0.clone(), actual = c0.clone();
                            Gemm.sgemm(transA, transB, m, n, k, 0.75f, a, 2, lda, b, 5, ldb, beta, expected, 4, ldc);
                            PackedB p = PackedB.pack(transB, k, n, b, 5, ldb);
                            p.multiply(transA, m, 0.75f, a, 2, lda, beta, actual, 4, ldc, true);
                            String what = m + "x" + n + "x" + k + " transA " + transA + " transB " + transB + " beta " + beta
                                    + " threads " + threads;
                            assertArrayEquals(expected, actual, what);
                            float[] serial = c0.clone();
                            p.multiply(transA, m, 0.75f, a, 2, lda, beta, serial, 4, ldc, false);
                            assertArrayEquals(expected, serial, what + " on the calling thread");
                        }
                    }
                }
            }
        }
    }

    @Test
    void operandsThatDoNotFitAreRefused() {
        float[] b = new float[4 * 5];
        assertEquals("gemm: B (4 x 6, offset 0, ld 6) does not fit in an array of length 20",
                assertThrows(IllegalArgumentException.class, () -> PackedB.pack(false, 4, 6, b, 0, 6)).getMessage());
        PackedB p = PackedB.pack(false, 4, 5, b, 0, 5);
        assertEquals(4, p.k());
        assertEquals(5, p.n());
        assertEquals("gemm: A (3 x 4, offset 0, ld 4) does not fit in an array of length 11",
                assertThrows(IllegalArgumentException.class, () -> p.multiply(false, 3, 1f, new float[11], 0, 4, 0f, new float[15], 0, 5,
                        true)).getMessage());
        assertEquals("gemm: C (3 x 5, offset 0, ld 5) does not fit in an array of length 14",
                assertThrows(IllegalArgumentException.class, () -> p.multiply(false, 3, 1f, new float[12], 0, 4, 0f, new float[14], 0, 5,
                        true)).getMessage());
    }
}
