package ai.deepj.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineChartTest {
    @TempDir
    Path dir;

    @Test
    void writesAPngOfTheRequestedSizeIntoANewDirectory() throws Exception {
        Path file = dir.resolve("runs/a/cost.png");
        LineChart.of("Cost", "epoch", "cost").withSeries("train", new double[] {0.7, 0.5, 0.4, 0.35})
                .withSize(640, 360).write(file);
        Pixels.readPng(file, 640, 360);
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
        assertEquals("true", System.getProperty("java.awt.headless"));
    }

    @Test
    void drawsEachSeriesInItsPaletteColour() {
        Map<String, double[]> ys = new LinkedHashMap<>();
        ys.put("train", new double[] {1, 2, 3, 4});
        ys.put("dev", new double[] {4, 3, 2, 1});
        BufferedImage img = LineChart.of("", "x", "y").withSeries(ys).toImage();
        assertTrue(Pixels.count(img, Palette.categorical(0), 0) > 100, "train line in blue");
        assertTrue(Pixels.count(img, Palette.categorical(1), 0) > 100, "dev line in vermillion");
        assertEquals(0, Pixels.count(img, Palette.categorical(2), 0), "no third colour");
    }

    @Test
    void skipsNanAndInfinitePointsAndNonPositiveOnesOnALogAxis() {
        double[] y = {1, Double.NaN, 0.5, Double.POSITIVE_INFINITY, 0.1, 0, -1, 0.05};
        BufferedImage img = LineChart.of("t", "epoch", "cost").withSeries("train", y).withLogY(true).toImage();
        assertTrue(Pixels.count(img, Palette.categorical(0), 0) > 20);
    }

    @Test
    void aSeriesWithNothingDrawableIsStillAllowedBesideOthers() {
        BufferedImage img = LineChart.of("t", "x", "y")
                .withSeries("ok", new double[] {1, 2})
                .withSeries("diverged", new double[] {Double.NaN, Double.NaN}).toImage();
        assertTrue(Pixels.count(img, Palette.categorical(0), 0) > 20);
    }

    @Test
    void refusesMismatchedEmptyOrUndrawableInput() {
        LineChart c = LineChart.of("Cost", "epoch", "cost");
        var e = assertThrows(IllegalArgumentException.class, () -> c.withSeries("train", new double[] {1, 2, 3}, new double[] {1, 2}));
        assertEquals("LineChart: series 'train' has 3 x values but 2 y values; they must pair up", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.withSeries("dev", new double[0]));
        assertEquals("LineChart: series 'dev' is empty (no y values)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, c::toImage);
        assertEquals("LineChart 'Cost': no series to draw; add one with withSeries", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> c.withSeries("train", new double[] {Double.NaN, Double.NEGATIVE_INFINITY}).toImage());
        assertTrue(e.getMessage().startsWith("LineChart 'Cost': nothing to draw"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> c.withSeries("train", new double[] {0, -1}).withLogY(true).toImage());
        assertTrue(e.getMessage().contains("positive y (the y axis is logarithmic)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.withSize(50, 400));
    }

    @Test
    void seriesArraysAreCopied() {
        double[] y = {1, 2, 3};
        LineChart c = LineChart.of("", "", "").withSeries("a", y);
        y[0] = 99;
        assertEquals(1, c.series().get(0).y()[0]);
        assertFalse(c.series().get(0).y() == c.series().get(0).y());
    }
}
