package ai.deepj.data.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GeometricTest {
    private static Tensor ramp(int c, int h, int w) {
        float[] v = new float[c * h * w];
        for (int i = 0; i < v.length; i++) v[i] = (i % 97) / 97f;
        return Tensor.of(v, c, h, w);
    }

    /** np.rot90 on each channel: out[y][x] = in[x][n-1-y]. */
    private static float[] rot90(float[] in, int c, int n) {
        float[] out = new float[in.length];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) out[(ch * n + y) * n + x] = in[(ch * n + x) * n + (n - 1 - y)];
            }
        }
        return out;
    }

    @Test
    void rotationBy90DegreesIsATransposeFlip() {
        Tensor image = ramp(2, 5, 5);
        float[] expected = rot90(image.toFloatArray(), 2, 5);
        Tensor out = RandomRotation.between(90, 90, 0f).apply(image, Generator.seeded(0));
        assertArrayEquals(expected, out.toFloatArray());
        // the general (floating-point cos/sin) path agrees within bilinear rounding
        Raster r = new Raster(image.toFloatArray(), 2, 5, 5);
        float[] general = Warp.affine(r, Warp.inverseRotateShearScale(90, 0, 1), 0, 0, 0f).data();
        assertArrayEquals(expected, general, 1e-5f);
        // four quarter turns are the identity
        Tensor four = image;
        for (int i = 0; i < 4; i++) four = RandomRotation.between(90, 90, 0f).apply(four, Generator.seeded(i));
        assertArrayEquals(image.toFloatArray(), four.toFloatArray());
    }

    @Test
    void anyRotationKeepsTheCentrePixelExactlyAndFillsCorners() {
        Tensor image = ramp(1, 7, 7);
        float centre = image.toFloatArray()[3 * 7 + 3];
        for (long seed = 0; seed < 10; seed++) {
            float[] out = RandomRotation.upTo(45, -1f).apply(image, Generator.seeded(seed)).toFloatArray();
            assertEquals(centre, out[3 * 7 + 3], 0f);
        }
        float[] out45 = RandomRotation.between(45, 45, -1f).apply(image, Generator.seeded(0)).toFloatArray();
        // the corner (0, 0) lies 3√2 from the centre; rotated back it lands outside the image
        assertEquals(-1f, out45[0], 0f);
    }

    @Test
    void rotationAngleIsDrawnAsDocumented() {
        Tensor image = ramp(1, 6, 8);
        Generator g = Generator.seeded(17);
        double degrees = -30 + 60 * g.nextDouble();
        float[] expected = Warp.affine(new Raster(image.toFloatArray(), 1, 6, 8), Warp.inverseRotateShearScale(degrees, 0, 1), 0, 0, 0.5f).data();
        assertArrayEquals(expected, RandomRotation.upTo(30, 0.5f).apply(image, Generator.seeded(17)).toFloatArray());
    }

    @Test
    void affineDefaultsAreTheIdentity() {
        Tensor batch = Tensor.rand(Generator.seeded(3), 3, 2, 6, 9);
        assertArrayEquals(batch.toFloatArray(), RandomAffine.defaults().apply(batch, Generator.seeded(5)).toFloatArray());
    }

    @Test
    void integerTranslationShiftsPixelsAndFills() {
        Raster in = new Raster(new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3);
        float[] out = Warp.affine(in, new double[] {1, 0, 0, 1}, 1, 0, 9f).data();
        assertArrayEquals(new float[] {9, 1, 2, 9, 4, 5}, out);
    }

    @Test
    void scalingByTwoAboutTheCentreSamplesHalfwayPoints() {
        // 1x1x4 row [0, 1, 2, 3], centre x = 1.5; scale 2 samples x' -> 1.5 + (x' - 1.5) / 2: 0.75, 1.25, 1.75, 2.25
        Raster in = new Raster(new float[] {0, 1, 2, 3}, 1, 1, 4);
        float[] out = Warp.affine(in, Warp.inverseRotateShearScale(0, 0, 2), 0, 0, 0f).data();
        assertArrayEquals(new float[] {0.75f, 1.25f, 1.75f, 2.25f}, out, 1e-6f);
    }

    @Test
    void shearMovesRowsInProportionToTheirDistanceFromTheCentre() {
        // 45° shear: x_out = x_in + (y - cy); row y samples x - (y - cy). 3 rows, cy = 1.
        Raster in = new Raster(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 3, 3);
        float[] out = Warp.affine(in, Warp.inverseRotateShearScale(0, 45, 1), 0, 0, 0f).data();
        assertArrayEquals(new float[] {2, 3, 0, 4, 5, 6, 0, 7, 8}, out, 1e-6f);
    }

    @Test
    void affineParametersAreDrawnInTheDocumentedOrder() {
        Tensor image = ramp(3, 8, 10);
        RandomAffine t = RandomAffine.defaults().withDegrees(20).withScale(0.8, 1.2).withTranslate(0.1, 0.2).withShear(10).withFill(0.25f);
        Generator g = Generator.seeded(99);
        double angle = 20 * (2 * g.nextDouble() - 1), scale = 0.8 + 0.4 * g.nextDouble();
        double tx = 0.1 * 10 * (2 * g.nextDouble() - 1), ty = 0.2 * 8 * (2 * g.nextDouble() - 1), shear = 10 * (2 * g.nextDouble() - 1);
        float[] expected = Warp.affine(new Raster(image.toFloatArray(), 3, 8, 10), Warp.inverseRotateShearScale(angle, shear, scale), tx, ty, 0.25f).data();
        float[] out = t.apply(image, Generator.seeded(99)).toFloatArray();
        assertArrayEquals(expected, out);
        assertFalse(Arrays.equals(image.toFloatArray(), out));
    }

    @Test
    void elasticWithAlphaZeroIsTheIdentity() {
        Tensor batch = Tensor.rand(Generator.seeded(4), 2, 1, 12, 12);
        assertArrayEquals(batch.toFloatArray(), ElasticDistortion.of(0, 4).apply(batch, Generator.seeded(1)).toFloatArray());
    }

    @Test
    void elasticIsReproducibleAndDistorts() {
        Tensor image = ramp(1, 28, 28);
        Tensor a = ElasticDistortion.of(34, 4).apply(image, Generator.seeded(6));
        Tensor b = ElasticDistortion.of(34, 4).apply(image, Generator.seeded(6));
        Tensor c = ElasticDistortion.of(34, 4).apply(image, Generator.seeded(7));
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        assertFalse(Arrays.equals(a.toFloatArray(), c.toFloatArray()));
        assertFalse(Arrays.equals(a.toFloatArray(), image.toFloatArray()));
    }

    @Test
    void gaussianSmoothingIsNormalizedAndZeroPaddedAtTheBorder() {
        double[] k = ElasticDistortion.gaussian(1.5);
        assertEquals(2 * 6 + 1, k.length);
        assertEquals(1.0, Arrays.stream(k).sum(), 1e-12);
        double[] ones = new double[20 * 20];
        Arrays.fill(ones, 1);
        double[] s = ElasticDistortion.smooth(ones, 20, 20, ElasticDistortion.gaussian(1));
        assertEquals(1.0, s[10 * 20 + 10], 1e-12); // radius 4 fits inside: unchanged
        // at a corner only the quarter k[r..] x k[r..] of the kernel lies inside
        double[] g = ElasticDistortion.gaussian(1);
        double half = 0;
        for (int i = g.length / 2; i < g.length; i++) half += g[i];
        assertEquals(half * half, s[0], 1e-12);
    }

    @Test
    void badParametersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RandomRotation.between(10, -10, 0f));
        assertThrows(IllegalArgumentException.class, () -> RandomAffine.defaults().withScale(0, 1));
        assertThrows(IllegalArgumentException.class, () -> RandomAffine.defaults().withShear(90));
        assertThrows(IllegalArgumentException.class, () -> ElasticDistortion.of(1, 0));
        var e = assertThrows(IllegalArgumentException.class, () -> ElasticDistortion.of(1, 1).apply(Tensor.zeros(1, 1, 1, 4, 4), Generator.seeded(0)));
        assertTrue(e.getMessage().contains("ElasticDistortion") && e.getMessage().contains("[1, 1, 1, 4, 4]"), e.getMessage());
    }
}
