package ai.deepj.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Initializers: empirical mean and variance over 2·10⁵ values within 3% of the target (the
 * sample variance's relative standard error is √(2/n) ≈ 0.3%), bounds of the uniform variants,
 * orthogonality to 1e-12, fans of convolution-shaped weights, seeding and dtypes.
 */
class InitTest {
    private static final int OUT = 400, IN = 500;

    private static void assertVariance(String what, Initializer init, double expectedVariance, int... shape) {
        double[] v = init.create(Generator.seeded(7), DType.FLOAT64, shape).toDoubleArray();
        double mean = 0, sq = 0;
        for (double x : v) mean += x;
        mean /= v.length;
        for (double x : v) sq += (x - mean) * (x - mean);
        double var = sq / v.length;
        assertEquals(expectedVariance, var, 0.03 * expectedVariance, what + " variance");
        assertEquals(0, mean, 5 * Math.sqrt(expectedVariance / v.length), what + " mean");
    }

    private static void assertBound(String what, Initializer init, double bound, int... shape) {
        double[] v = init.create(Generator.seeded(8), DType.FLOAT64, shape).toDoubleArray();
        double max = 0;
        for (double x : v) max = Math.max(max, Math.abs(x));
        assertTrue(max <= bound, what + ": " + max + " > " + bound);
        assertTrue(max > 0.99 * bound, what + ": values do not reach the bound " + bound + " (max " + max + ")");
    }

    @Test
    void normalInitializersHaveTheirVariances() {
        assertVariance("random", Init.random(), 1e-4, OUT, IN);
        assertVariance("random(10)", Init.random(10), 100, OUT, IN);
        assertVariance("heNormal", Init.heNormal(), 2.0 / IN, OUT, IN);
        assertVariance("xavier (course)", Init.xavier(), 1.0 / IN, OUT, IN);
        assertVariance("lecunNormal", Init.lecunNormal(), 1.0 / IN, OUT, IN);
        assertVariance("glorotNormal", Init.glorotNormal(), 2.0 / (IN + OUT), OUT, IN);
        assertVariance("glorotNormal(gain 5/3)", Init.glorotNormal(5.0 / 3), 25.0 / 9 * 2.0 / (IN + OUT), OUT, IN);
    }

    @Test
    void uniformInitializersHaveTheirBoundsAndVariances() {
        assertVariance("heUniform", Init.heUniform(), 2.0 / IN, OUT, IN);
        assertBound("heUniform", Init.heUniform(), Math.sqrt(6.0 / IN), OUT, IN);
        assertVariance("glorotUniform", Init.glorotUniform(), 2.0 / (IN + OUT), OUT, IN);
        assertBound("glorotUniform", Init.glorotUniform(), Math.sqrt(6.0 / (IN + OUT)), OUT, IN);
        assertVariance("lecunUniform", Init.lecunUniform(), 1.0 / IN, OUT, IN);
        assertBound("lecunUniform", Init.lecunUniform(), Math.sqrt(3.0 / IN), OUT, IN);
    }

    @Test
    void convolutionShapedWeightsUseReceptiveFieldFans() {
        assertEquals(8 * 3 * 3, Initializer.fanIn(16, 8, 3, 3));
        assertEquals(16 * 3 * 3, Initializer.fanOut(16, 8, 3, 3));
        int[] conv = {64, 32, 5, 5}; // fanIn 800, fanOut 1600, 51200 values
        assertVariance("heNormal conv", Init.heNormal(), 2.0 / 800, conv);
        assertVariance("glorotNormal conv", Init.glorotNormal(), 2.0 / 2400, conv);
        assertBound("heUniform conv", Init.heUniform(), Math.sqrt(6.0 / 800), conv);
    }

    /** {@code a·aᵀ} for a row-major {@code [r, c]} matrix. */
    private static double[][] gram(double[] a, int r, int c, boolean rows) {
        int k = rows ? r : c;
        double[][] g = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int e = 0; e < (rows ? c : r); e++) s += rows ? a[i * c + e] * a[j * c + e] : a[e * c + i] * a[e * c + j];
                g[i][j] = s;
            }
        }
        return g;
    }

    private static void assertScaledIdentity(String what, double[][] g, double scale) {
        for (int i = 0; i < g.length; i++) {
            for (int j = 0; j < g.length; j++) assertEquals(i == j ? scale : 0, g[i][j], 1e-12, what + " at " + i + "," + j);
        }
    }

    @Test
    void orthogonalGivesOrthonormalRowsOrColumns() {
        double[] wide = Init.orthogonal().create(Generator.seeded(1), DType.FLOAT64, 30, 50).toDoubleArray();
        assertScaledIdentity("wide W·Wᵀ", gram(wide, 30, 50, true), 1);
        double[] tall = Init.orthogonal().create(Generator.seeded(2), DType.FLOAT64, 50, 30).toDoubleArray();
        assertScaledIdentity("tall Wᵀ·W", gram(tall, 50, 30, false), 1);
        double[] square = Init.orthogonal(2).create(Generator.seeded(3), DType.FLOAT64, 20, 20).toDoubleArray();
        assertScaledIdentity("square with gain 2", gram(square, 20, 20, true), 4);
        assertScaledIdentity("square with gain 2, columns", gram(square, 20, 20, false), 4);
        Tensor conv = Init.orthogonal().create(Generator.seeded(4), DType.FLOAT64, 8, 4, 3, 3);
        assertArrayEquals(new int[] {8, 4, 3, 3}, conv.shape().toArray());
        assertScaledIdentity("conv flattened to [8, 36]", gram(conv.toDoubleArray(), 8, 36, true), 1);
        assertThrows(IllegalArgumentException.class, () -> Init.orthogonal().create(Generator.seeded(1), DType.FLOAT64, 5));
    }

    @Test
    void identityZerosAndConstant() {
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0}, Init.identity().create(Generator.seeded(0), DType.FLOAT64, 2, 3).toDoubleArray());
        assertArrayEquals(new double[] {1, 0, 0, 1, 0, 0}, Init.identity().create(Generator.seeded(0), DType.FLOAT64, 3, 2).toDoubleArray());
        assertArrayEquals(new double[6], Init.zeros().create(Generator.seeded(0), DType.FLOAT64, 2, 3).toDoubleArray());
        assertArrayEquals(new double[] {0.5, 0.5}, Init.constant(0.5).create(Generator.seeded(0), DType.FLOAT64, 2).toDoubleArray());
        var e = assertThrows(IllegalArgumentException.class, () -> Init.identity().create(Generator.seeded(0), 2, 2, 2));
        assertTrue(e.getMessage().contains("Init.identity"), e.getMessage());
    }

    @Test
    void sameSeedSameWeightsAndDtypeRespected() {
        Initializer[] all = {Init.random(), Init.heNormal(), Init.heUniform(), Init.xavier(), Init.glorotNormal(), Init.glorotUniform(),
            Init.lecunNormal(), Init.lecunUniform(), Init.orthogonal()};
        for (Initializer init : all) {
            double[] a = init.create(Generator.seeded(42), DType.FLOAT64, 6, 5).toDoubleArray();
            double[] b = init.create(Generator.seeded(42), DType.FLOAT64, 6, 5).toDoubleArray();
            double[] c = init.create(Generator.seeded(43), DType.FLOAT64, 6, 5).toDoubleArray();
            assertArrayEquals(a, b, 0);
            assertFalse(java.util.Arrays.equals(a, c));
            assertEquals(DType.FLOAT32, init.create(Generator.seeded(1), DType.FLOAT32, 6, 5).dtype());
            assertEquals(DType.FLOAT32, init.create(Generator.seeded(1), 6, 5).dtype());
            try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
                assertEquals(DType.FLOAT64, init.create(Generator.seeded(1), 6, 5).dtype());
            }
        }
    }
}
