package ai.deepj.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfusionMatrixPlotTest {
    @TempDir
    Path dir;

    @Test
    void writesAPngOfTheRequestedSize() throws Exception {
        Path file = dir.resolve("cm.png");
        ConfusionMatrixPlot.of(new int[][] {{5, 1}, {2, 7}}).withClassNames("cat", "non-cat").withRowPercentages(true)
                .withSize(500, 450).write(file);
        Pixels.readPng(file, 500, 450);
    }

    @Test
    void cellsGetDarkerAsTheirCountGrows() {
        int[][] counts = {{0, 10, 20}, {30, 45, 60}, {75, 90, 120}};
        ConfusionMatrixPlot plot = ConfusionMatrixPlot.of(counts);
        BufferedImage img = plot.toImage();
        double previous = Double.POSITIVE_INFINITY;
        for (int t = 0; t < 3; t++) {
            for (int p = 0; p < 3; p++) {
                Rectangle2D cell = plot.cellBounds(t, p);
                // Just inside the top-left corner: away from the count written in the middle.
                Color c = new Color(img.getRGB((int) cell.getX() + 4, (int) cell.getY() + 4));
                double lum = Palette.luminance(c);
                assertTrue(lum < previous, "cell (" + t + ", " + p + ") with count " + counts[t][p] + " is darker than the one before");
                assertEquals(0, Pixels.distance(img, (int) cell.getX() + 4, (int) cell.getY() + 4,
                        Palette.sequential(counts[t][p] / 120.0)), "cell colour is the ramp at count / max");
                previous = lum;
            }
        }
    }

    @Test
    void manyClassesWithLongNamesStillDraw() {
        int k = 20;
        int[][] counts = new int[k][k];
        String[] names = new String[k];
        for (int i = 0; i < k; i++) {
            counts[i][i] = 100;
            counts[i][(i + 1) % k] = 3;
            names[i] = "a rather long class name " + i;
        }
        BufferedImage img = ConfusionMatrixPlot.of(counts).withClassNames(names).toImage();
        assertTrue(img.getWidth() >= 560);
    }

    @Test
    void refusesMalformedMatrices() {
        var e = assertThrows(IllegalArgumentException.class, () -> ConfusionMatrixPlot.of(new int[][] {{1, 2}, {3}}));
        assertEquals("ConfusionMatrixPlot: the matrix must be square, 2 x 2, but row 1 has 1 entries", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfusionMatrixPlot.of(new int[][] {{1, -2}, {3, 4}}));
        assertEquals("ConfusionMatrixPlot: counts must be >= 0, but counts[0][1] = -2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfusionMatrixPlot.of(new int[][] {{1, 2}, {3, 4}}).withClassNames("a", "b", "c"));
        assertEquals("ConfusionMatrixPlot: 3 class names for a 2 x 2 matrix; give one name per class", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrixPlot.of(new int[0][]));
    }
}
