package ai.deepj.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionBoundaryPlotTest {
    @TempDir
    Path dir;

    // Four points in the corners of [-1, 1]^2: the left ones class 0, the right ones class 1.
    private static final double[] POINTS = {-1, -1, -1, 1, 1, -1, 1, 1};
    private static final int[] LABELS = {0, 0, 1, 1};

    private static int[] rightIsOne(double[] grid) {
        int[] out = new int[grid.length / 2];
        for (int i = 0; i < out.length; i++) out[i] = grid[2 * i] > 0 ? 1 : 0;
        return out;
    }

    /** The longest run of pixels within {@code tol} of {@code c} along row {@code y}: {start, length}. */
    private static int[] longestRun(BufferedImage img, int y, Color c, int tol) {
        int best = 0;
        int bestStart = -1;
        int run = 0;
        for (int x = 0; x < img.getWidth(); x++) {
            run = Pixels.distance(img, x, y, c) <= tol ? run + 1 : 0;
            if (run > best) {
                best = run;
                bestStart = x - run + 1;
            }
        }
        return new int[] {bestStart, best};
    }

    @Test
    void fillsEachSideOfALinearBoundaryWithItsClassTint() throws Exception {
        Path file = dir.resolve("boundary.png");
        DecisionBoundaryPlot.ofClasses(POINTS, LABELS, DecisionBoundaryPlotTest::rightIsOne).withSize(700, 560).write(file);
        BufferedImage img = Pixels.readPng(file, 700, 560);
        Color tint0 = Palette.tint(Palette.categorical(0), 0.68);
        Color tint1 = Palette.tint(Palette.categorical(1), 0.68);
        int mid = img.getHeight() / 2;   // y = 0 is in the middle of the plot, between the points
        int[] left = longestRun(img, mid, tint0, 1);
        int[] right = longestRun(img, mid, tint1, 1);
        assertTrue(left[1] > 150, "a long stretch of class-0 tint: " + left[1]);
        assertTrue(right[1] > 150, "a long stretch of class-1 tint: " + right[1]);
        assertTrue(left[0] + left[1] <= right[0] + 3, "class 0 lies left of class 1: " + left[0] + "+" + left[1] + " vs " + right[0]);
        // The data points are drawn on top in their full colours.
        assertTrue(Pixels.count(img, Palette.categorical(0), 2) > 20);
        assertTrue(Pixels.count(img, Palette.categorical(1), 2) > 20);
    }

    @Test
    void theGridCoversTheDataWithTheMargin() {
        AtomicReference<double[]> seen = new AtomicReference<>();
        DecisionBoundaryPlot.ofClasses(POINTS, LABELS, g -> {
            seen.set(g);
            return rightIsOne(g);
        }).withMargin(0.1).withResolution(100).toImage();
        double[] g = seen.get();
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (int i = 0; i < g.length / 2; i++) {
            minX = Math.min(minX, g[2 * i]);
            maxX = Math.max(maxX, g[2 * i]);
            minY = Math.min(minY, g[2 * i + 1]);
            maxY = Math.max(maxY, g[2 * i + 1]);
        }
        // The data spans [-1, 1]; 10 % of that range (0.2) beyond it on each side; grid points sit at
        // cell centres, half a cell (2.4 / 100 / 2 = 0.012 on x) inside the edge.
        assertEquals(-1.188, minX, 1e-9);
        assertEquals(1.188, maxX, 1e-9);
        assertTrue(minY > -1.2 && minY < -1.15, "min y " + minY);
        assertTrue(maxY < 1.2 && maxY > 1.15, "max y " + maxY);
        assertEquals(100, java.util.stream.IntStream.range(0, g.length / 2).mapToDouble(i -> g[2 * i]).distinct().count(), "100 points across");
    }

    @Test
    void probabilitiesShadeBothSidesAndFadeAtTheBoundary() {
        BufferedImage img = DecisionBoundaryPlot.ofProbability(POINTS, LABELS, g -> {
            double[] p = new double[g.length / 2];
            for (int i = 0; i < p.length; i++) p[i] = 1 / (1 + Math.exp(-40 * g[2 * i]));
            return p;
        }).withSize(700, 560).toImage();
        int mid = img.getHeight() / 2;
        int[] left = longestRun(img, mid, Palette.tint(Palette.categorical(0), 0.68), 1);
        int[] right = longestRun(img, mid, Palette.tint(Palette.categorical(1), 0.68), 1);
        assertTrue(left[1] > 100 && right[1] > 100, left[1] + " / " + right[1]);
        assertTrue(left[0] + left[1] < right[0]);
        // Between the two confident regions the line at p = 0.5 is drawn in dark grey.
        int dark = 0;
        for (int x = left[0] + left[1]; x < right[0]; x++) if (Palette.luminance(new Color(img.getRGB(x, mid))) < 0.5) dark++;
        assertTrue(dark >= 1, "the p = 0.5 line crosses the middle row");
    }

    @Test
    void refusesMismatchedInputAndBadClassifierOutput() {
        var e = assertThrows(IllegalArgumentException.class, () -> DecisionBoundaryPlot.ofClasses(POINTS, new int[] {0, 1}, DecisionBoundaryPlotTest::rightIsOne));
        assertEquals("DecisionBoundaryPlot: 4 points but 2 labels; give one label per point", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DecisionBoundaryPlot.ofClasses(new double[] {1, 2, 3}, new int[] {0}, DecisionBoundaryPlotTest::rightIsOne));
        assertTrue(e.getMessage().contains("of even length, got 3 values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DecisionBoundaryPlot.ofClasses(POINTS, LABELS, g -> new int[3]).withResolution(10).toImage());
        assertTrue(e.getMessage().startsWith("DecisionBoundaryPlot: the classifier returned 3 labels for a grid of "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DecisionBoundaryPlot.ofClasses(POINTS, LABELS, g -> new int[g.length / 2]).withClassNames("only one").toImage());
        assertEquals("DecisionBoundaryPlot: 1 class names but labels go up to 1 (2 classes); give a name for each", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DecisionBoundaryPlot.ofProbability(POINTS, LABELS, g -> {
            double[] p = new double[g.length / 2];
            p[0] = Double.NaN;
            return p;
        }).toImage());
        assertTrue(e.getMessage().contains("returned NaN for the grid point"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DecisionBoundaryPlot.ofProbability(POINTS, new int[] {0, 1, 2, 1}, g -> new double[g.length / 2]));
        assertTrue(e.getMessage().contains("labels must be 0 or 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DecisionBoundaryPlot.ofClasses(new double[] {Double.NaN, 1}, new int[] {0}, DecisionBoundaryPlotTest::rightIsOne));
        assertEquals("DecisionBoundaryPlot: no point has finite coordinates; nothing to draw", e.getMessage());
    }

    @Test
    void moreClassesThanTheDataShowsGetTheirOwnColours() {
        double[] pts = {-1, 0, 1, 0};
        BufferedImage img = DecisionBoundaryPlot.ofClasses(pts, new int[] {0, 0}, g -> {
            int[] out = new int[g.length / 2];
            for (int i = 0; i < out.length; i++) out[i] = g[2 * i] < -0.3 ? 0 : g[2 * i] < 0.3 ? 1 : 2;
            return out;
        }).toImage();
        assertTrue(Pixels.count(img, Palette.tint(Palette.categorical(2), 0.68), 1) > 1000, "class 2's region is drawn");
    }
}
