package ai.deepj.data.synthetic;

import static org.junit.jupiter.api.Assertions.*;

import ai.deepj.data.TensorDataset;
import ai.deepj.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ShapesTest {
    @Test
    void shapesLabelsRangeAndDeterminism() {
        TensorDataset a = Shapes.generate(60, 7), b = Shapes.generate(30, 7), c = Shapes.generate(30, 8);
        assertArrayEquals(new int[] {60, 1, 28, 28}, a.x().shape().toArray());
        int[] y = a.y().toIntArray();
        for (int i = 0; i < 60; i++) assertEquals(i % 6, y[i]);
        float[] xa = a.x().toFloatArray(), xb = b.x().toFloatArray(), xc = c.x().toFloatArray();
        for (float v : xa) assertTrue(v >= 0 && v <= 1);
        for (int i = 0; i < xb.length; i++) assertEquals(xb[i], xa[i], "a prefix of a larger set equals the smaller set");
        assertFalse(java.util.Arrays.equals(xb, xc), "another seed draws other pictures");
    }

    @Test
    void ringsHaveLessInkThanCirclesOfTheSameSizeOnAverage() {
        TensorDataset d = Shapes.generate(600, 3);
        double[] ink = new double[6];
        float[] x = d.x().toFloatArray();
        for (int i = 0; i < 600; i++) {
            double s = 0;
            for (int p = 0; p < 784; p++) s += x[i * 784 + p];
            ink[i % 6] += s / 100;
        }
        assertTrue(ink[4] < ink[0], "ring " + ink[4] + " vs circle " + ink[0]);
        assertTrue(ink[5] < ink[1], "bar " + ink[5] + " vs square " + ink[1]);
    }

    @Test
    void rejectsNegativeCount() {
        var e = assertThrows(IllegalArgumentException.class, () -> Shapes.generate(-1, 0));
        assertTrue(e.getMessage().contains("-1"));
    }

    /** Writes a contact sheet when asked (-Dshapes.sheet=path), for looking at the data by eye. */
    @Test
    void contactSheet() throws Exception {
        String path = System.getProperty("shapes.sheet");
        org.junit.jupiter.api.Assumptions.assumeTrue(path != null, "skipped: set -Dshapes.sheet=file.png to write a contact sheet");
        TensorDataset d = Shapes.generate(48, 1);
        float[] x = d.x().toFloatArray();
        var img = new java.awt.image.BufferedImage(8 * 30 * 3, 6 * 30 * 3, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 48; i++) {
            int col = i / 6, row = i % 6;
            for (int p = 0; p < 784; p++) {
                int v = Math.round(x[i * 784 + p] * 255);
                for (int k = 0; k < 9; k++) img.getRaster().setSample((col * 30 + p % 28) * 3 + k % 3, (row * 30 + p / 28) * 3 + k / 3, 0, v);
            }
        }
        javax.imageio.ImageIO.write(img, "png", new java.io.File(path));
    }
}
