package ai.deepj.data.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ColourTest {
    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static void assertDecomposes(double[][] a, SymmetricEigen3.Result e) {
        double[] l = e.values();
        double[][] p = e.vectors();
        assertTrue(l[0] >= l[1] && l[1] >= l[2], "sorted decreasing: " + java.util.Arrays.toString(l));
        double scale = 1e-12 * (1 + Math.abs(l[0]) + Math.abs(l[2]));
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(i == j ? 1 : 0, dot(p[i], p[j]), 1e-12, "p" + i + "·p" + j);
                double r = 0;
                for (int k = 0; k < 3; k++) r += l[k] * p[k][i] * p[k][j];
                assertEquals(a[i][j], r, scale, "reconstructed (" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void jacobiDecomposesKnownAndRandomSymmetricMatrices() {
        double[][] known = {{2, 1, 0}, {1, 2, 0}, {0, 0, 3}};
        SymmetricEigen3.Result k = SymmetricEigen3.decompose(known);
        assertArrayEquals(new double[] {3, 3, 1}, k.values(), 1e-12);
        assertDecomposes(known, k);
        double s = Math.sqrt(0.5);
        assertArrayEquals(new double[] {s, -s, 0}, k.vectors()[2], 1e-12); // eigenvalue 1, largest component positive

        double[][] diagonal = {{0.5, 0, 0}, {0, 2, 0}, {0, 0, -1}};
        SymmetricEigen3.Result d = SymmetricEigen3.decompose(diagonal);
        assertArrayEquals(new double[] {2, 0.5, -1}, d.values(), 0);
        assertArrayEquals(new double[] {0, 1, 0}, d.vectors()[0], 0);

        Generator g = Generator.seeded(5);
        for (int trial = 0; trial < 200; trial++) {
            double[][] a = new double[3][3];
            for (int i = 0; i < 3; i++) {
                for (int j = i; j < 3; j++) {
                    a[i][j] = a[j][i] = g.nextGaussian() * Math.pow(10, g.nextInt(5) - 2);
                }
            }
            assertDecomposes(a, SymmetricEigen3.decompose(a));
        }
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen3.decompose(new double[][] {{1, 2, 0}, {0, 1, 0}, {0, 0, 1}}));
    }

    /** Pixels = mean + t·u + s·w (u ⟂ w unit), so the colour covariance has rank 2 and null direction u × w. */
    private static Tensor planeImages(double[] u, double[] w) {
        Generator g = Generator.seeded(21);
        int n = 5, h = 4, wd = 6, plane = h * wd;
        float[] v = new float[n * 3 * plane];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < plane; k++) {
                double t = 0.2 * g.nextGaussian(), s = 0.05 * g.nextGaussian();
                double[] mean = {0.5, 0.4, 0.3};
                for (int c = 0; c < 3; c++) v[(i * 3 + c) * plane + k] = (float) (mean[c] + t * u[c] + s * w[c]);
            }
        }
        return Tensor.of(v, n, 3, h, wd);
    }

    @Test
    void pcaFitReconstructsTheCovarianceWithOrthonormalSortedComponents() {
        Tensor images = Tensor.rand(Generator.seeded(8), 6, 3, 5, 7);
        PcaColor pca = PcaColor.fit(images);
        // the covariance computed independently, straight from the definition
        float[] v = images.toFloatArray();
        int plane = 35, count = 6 * plane;
        double[][] px = new double[count][3];
        for (int i = 0; i < 6; i++) {
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < plane; k++) px[i * plane + k][c] = v[(i * 3 + c) * plane + k];
            }
        }
        double[] mean = new double[3];
        for (double[] p : px) for (int c = 0; c < 3; c++) mean[c] += p[c] / count;
        double[][] cov = new double[3][3];
        for (double[] p : px) {
            for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) cov[i][j] += (p[i] - mean[i]) * (p[j] - mean[j]) / count;
        }
        double[] l = pca.eigenvalues();
        double[][] e = pca.eigenvectors();
        assertTrue(l[0] >= l[1] && l[1] >= l[2] && l[2] >= 0, java.util.Arrays.toString(l));
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(i == j ? 1 : 0, dot(e[i], e[j]), 1e-12);
                double r = 0;
                for (int k = 0; k < 3; k++) r += l[k] * e[k][i] * e[k][j];
                assertEquals(cov[i][j], r, 1e-12);
            }
        }
    }

    @Test
    void pcaShiftIsTheDocumentedCombinationAndLiesInTheSpanOfTheComponents() {
        double r = Math.sqrt(1 / 3.0), q = Math.sqrt(0.5);
        double[] u = {r, r, r}, w = {q, -q, 0};
        PcaColor pca = PcaColor.fit(planeImages(u, w));
        double[] l = pca.eigenvalues();
        double[][] e = pca.eigenvectors();
        assertEquals(0.04, l[0], 0.02); // variance of t ≈ 0.2²
        assertEquals(0, l[2], 1e-9);
        double[] normal = {u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]};
        assertEquals(1, Math.abs(dot(e[2], normal)), 1e-6, "the null component is u × w");

        Tensor image = Tensor.rand(Generator.seeded(2), 3, 4, 4);
        float[] in = image.toFloatArray();
        PcaColor strong = pca.withSigma(2);
        float[] out = strong.apply(image, Generator.seeded(77)).toFloatArray();
        Generator g = Generator.seeded(77);
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            double a = 2 * g.nextGaussian();
            for (int c = 0; c < 3; c++) expected[c] += a * l[i] * e[i][c];
        }
        double[] shift = new double[3];
        for (int c = 0; c < 3; c++) {
            shift[c] = out[c * 16] - in[c * 16];
            for (int k = 0; k < 16; k++) assertEquals(expected[c], out[c * 16 + k] - in[c * 16 + k], 1e-6, "channel " + c + " pixel " + k);
        }
        assertTrue(Math.sqrt(dot(shift, shift)) > 1e-3, "the shift is not trivially zero");
        assertEquals(0, dot(shift, normal), 1e-6, "no shift along the direction the data does not vary in");
    }

    @Test
    void pcaDrawsAFreshShiftPerImageOfABatch() {
        PcaColor pca = PcaColor.fit(Tensor.rand(Generator.seeded(1), 4, 3, 3, 3));
        Tensor batch = Tensor.zeros(2, 3, 2, 2);
        float[] out = pca.withSigma(1).apply(batch, Generator.seeded(3)).toFloatArray();
        assertNotEquals(out[0], out[12]);
        assertArrayEquals(out, pca.withSigma(1).apply(batch, Generator.seeded(3)).toFloatArray());
    }

    @Test
    void pcaRefusesNonRgbInput() {
        var fit = assertThrows(IllegalArgumentException.class, () -> PcaColor.fit(Tensor.zeros(2, 1, 4, 4)));
        assertTrue(fit.getMessage().contains("PcaColor.fit") && fit.getMessage().contains("[2, 1, 4, 4]"), fit.getMessage());
        PcaColor pca = PcaColor.fit(Tensor.rand(Generator.seeded(1), 2, 3, 2, 2));
        var apply = assertThrows(IllegalArgumentException.class, () -> pca.apply(Tensor.zeros(1, 28, 28), Generator.seeded(0)));
        assertTrue(apply.getMessage().contains("3 (RGB) channels") && apply.getMessage().contains("[1, 28, 28]"), apply.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PcaColor.of(new double[] {1, 1, 1}, new double[][] {{1, 0, 0}, {1, 0, 0}, {0, 0, 1}}));
    }

    @Test
    void channelShiftAddsTheDrawnOffsetToEachChannel() {
        Tensor image = Tensor.of(new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f}, 3, 1, 2);
        float[] out = ChannelShift.upTo(0.1).apply(image, Generator.seeded(4)).toFloatArray();
        Generator g = Generator.seeded(4);
        float[] in = image.toFloatArray();
        for (int c = 0; c < 3; c++) {
            double off = 0.1 * (2 * g.nextDouble() - 1);
            for (int k = 0; k < 2; k++) assertEquals((float) (in[c * 2 + k] + off), out[c * 2 + k], 0f);
        }
    }

    @Test
    void normalizeStandardizesEachChannel() {
        Tensor image = Tensor.of(new float[] {0, 0.5f, 1, 0.25f}, 2, 1, 2);
        Tensor out = Normalize.of(new float[] {0.5f, 0.25f}, new float[] {0.5f, 0.25f}).apply(image, null);
        assertArrayEquals(new float[] {-1, 0, 3, 0}, out.toFloatArray(), 0f);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Normalize.of(new float[] {0.5f}, new float[] {0.5f}).apply(Tensor.zeros(3, 2, 2), null));
        assertTrue(e.getMessage().contains("1 channels") && e.getMessage().contains("has 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Normalize.of(new float[] {0f}, new float[] {0f}));
    }
}
