package ai.deepj.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScatterPlotTest {
    @TempDir
    Path dir;

    private static final double[] LR = {1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2};
    private static final double[] ACC = {0.81, 0.86, 0.90, 0.92, 0.89, Double.NaN};

    @Test
    void writesAPngOfTheRequestedSize() throws Exception {
        Path file = dir.resolve("lr.png");
        ScatterPlot.of(LR, ACC).withLogX(true).withBest(ScatterPlot.Best.MAX).withAxisLabels("learning rate", "dev accuracy")
                .withPointLabels("a", "b", "c", "d", "e", "f").withSize(700, 420).write(file);
        Pixels.readPng(file, 700, 420);
    }

    @Test
    void theBestPointIsChosenAmongTheDrawableOnes() {
        assertEquals(3, ScatterPlot.of(LR, ACC).withBest(ScatterPlot.Best.MAX).bestIndex());
        assertEquals(0, ScatterPlot.of(LR, ACC).withBest(ScatterPlot.Best.MIN).bestIndex());
        assertEquals(-1, ScatterPlot.of(LR, ACC).bestIndex());
        double[] x = {-1, 0, 1};
        double[] y = {9, 8, 1};
        assertEquals(2, ScatterPlot.of(x, y).withLogX(true).withBest(ScatterPlot.Best.MAX).bestIndex(), "x <= 0 cannot be on a log axis");
    }

    @Test
    void theBestPointIsRingedInTheHighlightColour() {
        BufferedImage plain = ScatterPlot.of(LR, ACC).withLogX(true).toImage();
        BufferedImage best = ScatterPlot.of(LR, ACC).withLogX(true).withBest(ScatterPlot.Best.MAX).toImage();
        assertEquals(0, Pixels.count(plain, Palette.categorical(1), 0));
        assertTrue(Pixels.count(best, Palette.categorical(1), 0) > 30);
    }

    @Test
    void refusesMismatchedOrUndrawableInput() {
        var e = assertThrows(IllegalArgumentException.class, () -> ScatterPlot.of(new double[] {1, 2}, new double[] {1}));
        assertEquals("ScatterPlot: x has 2 values but y has 1; they must pair up", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ScatterPlot.of(new double[0], new double[0]));
        assertEquals("ScatterPlot: no points (x and y are empty)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ScatterPlot.of(LR, ACC).withPointLabels("a"));
        assertEquals("ScatterPlot: 1 point labels for 6 points; give one per point", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ScatterPlot.of(new double[] {0, -1}, new double[] {1, 2}).withLogX(true).toImage());
        assertEquals("ScatterPlot: none of the 2 points has finite, positive x and finite y; nothing to draw", e.getMessage());
    }
}
