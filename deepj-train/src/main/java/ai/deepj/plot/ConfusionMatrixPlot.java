package ai.deepj.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A confusion matrix as a heatmap: {@code counts[t][p]} is how many examples of true class
 * {@code t} were predicted as class {@code p} (rows = true class, columns = prediction). Each cell
 * shows its count, optionally the percentage of its row (the recall, on the diagonal), and is shaded
 * from white to dark blue by its count, or by its row percentage when those are shown. The
 * subtitle gives the overall accuracy. Immutable.
 *
 * {@snippet :
 * int[][] counts = {{50, 2, 0}, {3, 45, 2}, {0, 4, 44}};
 * ConfusionMatrixPlot.of(counts)
 *         .withClassNames("setosa", "versicolor", "virginica")
 *         .withRowPercentages(true)
 *         .write(Path.of("runs/confusion.png"));
 * }
 */
public final class ConfusionMatrixPlot {
    private final int[][] counts;
    private final List<String> names;
    private final boolean rowPercentages;
    private final String title;
    private final int width;
    private final int height;

    private ConfusionMatrixPlot(int[][] counts, List<String> names, boolean rowPercentages, String title, int width, int height) {
        this.counts = counts;
        this.names = names;
        this.rowPercentages = rowPercentages;
        this.title = title;
        this.width = width;
        this.height = height;
    }

    /** A plot of {@code counts}, a k x k matrix of non-negative counts (copied), with classes named 0..k-1. */
    public static ConfusionMatrixPlot of(int[][] counts) {
        Objects.requireNonNull(counts, "ConfusionMatrixPlot: counts");
        int k = counts.length;
        if (k == 0) throw new IllegalArgumentException("ConfusionMatrixPlot: the matrix is empty (0 classes)");
        int[][] copy = new int[k][];
        for (int t = 0; t < k; t++) {
            if (counts[t] == null || counts[t].length != k) {
                throw new IllegalArgumentException("ConfusionMatrixPlot: the matrix must be square, " + k + " x " + k + ", but row "
                        + t + " has " + (counts[t] == null ? "no" : counts[t].length) + " entries");
            }
            for (int p = 0; p < k; p++) {
                if (counts[t][p] < 0) {
                    throw new IllegalArgumentException("ConfusionMatrixPlot: counts must be >= 0, but counts[" + t + "][" + p + "] = " + counts[t][p]);
                }
            }
            copy[t] = counts[t].clone();
        }
        String[] names = new String[k];
        for (int i = 0; i < k; i++) names[i] = Integer.toString(i);
        int side = Math.clamp(110 + 70L * k, 560, 1400);
        return new ConfusionMatrixPlot(copy, List.of(names), false, "Confusion matrix", side + 60, side);
    }

    /** Names of the classes, in label order; exactly k of them. */
    public ConfusionMatrixPlot withClassNames(String... names) {
        return withClassNames(List.of(names));
    }

    /** Names of the classes, in label order; exactly k of them. */
    public ConfusionMatrixPlot withClassNames(List<String> names) {
        if (names.size() != counts.length) {
            throw new IllegalArgumentException("ConfusionMatrixPlot: " + names.size() + " class names for a " + counts.length
                    + " x " + counts.length + " matrix; give one name per class");
        }
        return new ConfusionMatrixPlot(counts, List.copyOf(names), rowPercentages, title, width, height);
    }

    /** Whether each cell also shows its share of the row, and cells are shaded by it. */
    public ConfusionMatrixPlot withRowPercentages(boolean show) {
        return new ConfusionMatrixPlot(counts, names, show, title, width, height);
    }

    /** The title, default "Confusion matrix". */
    public ConfusionMatrixPlot withTitle(String title) {
        return new ConfusionMatrixPlot(counts, names, rowPercentages, title == null ? "" : title, width, height);
    }

    /** The image size in pixels (100 to 10000 on each side). */
    public ConfusionMatrixPlot withSize(int width, int height) {
        Canvas.checkSize("ConfusionMatrixPlot", width, height);
        return new ConfusionMatrixPlot(counts, names, rowPercentages, title, width, height);
    }

    /** Where the matrix's cells go: top-left corner, cell side, and how the class names are set. */
    private record Geometry(double gx, double gy, double cell, double widest, boolean slanted, double bottomNames) {}

    private long maxCount() {
        long max = 0;
        for (int[] row : counts) for (int v : row) max = Math.max(max, v);
        return max;
    }

    /** Draws the title and subtitle and lays out the rest. */
    private Geometry layout(Canvas c) {
        int k = counts.length;
        long total = 0;
        long correct = 0;
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) total += counts[t][p];
            correct += counts[t][t];
        }
        String subtitle = total == 0 ? "no examples"
                : String.format(Locale.ROOT, "accuracy %.2f %%  (%,d of %,d examples)", 100.0 * correct / total, correct, total);
        double top = c.title(title, subtitle);
        Font nameFont = c.tickFont();
        Font label = c.labelFont();
        double gap = c.px(6);
        double widest = 0;
        for (String n : names) widest = Math.max(widest, c.textWidth(nameFont, n));
        double barW = c.px(14);
        double barLabels = c.textWidth(nameFont, rowPercentages ? "100%" : Ticks.format(maxCount(), 1)) + gap;
        double right = gap + barW + gap + barLabels + c.px(10);
        double left = c.px(8) + c.lineHeight(label) + gap + widest + gap;
        double availW = width - left - right;
        // Names that do not fit under their column are turned 45 degrees.
        double cellGuess = Math.min(availW / k, (height - top - c.px(60)) / k);
        boolean slanted = widest > cellGuess * 0.92;
        double bottomNames = slanted ? widest * Math.sqrt(0.5) + c.lineHeight(nameFont) : c.lineHeight(nameFont);
        double bottom = gap + bottomNames + gap + c.lineHeight(label) + c.px(10);
        double cell = Math.max(2, Math.min(availW / k, (height - top - bottom) / k));
        return new Geometry(left + (availW - cell * k) / 2, top, cell, widest, slanted, bottomNames);
    }

    /** Where the cell of true class {@code t} and prediction {@code p} lands in the image. */
    Rectangle2D cellBounds(int t, int p) {
        Canvas c = Canvas.create("ConfusionMatrixPlot", width, height);
        Geometry geo = layout(c);
        c.finish();
        return new Rectangle2D.Double(geo.gx() + p * geo.cell(), geo.gy() + t * geo.cell(), geo.cell(), geo.cell());
    }

    /** Draws the plot. */
    public BufferedImage toImage() {
        int k = counts.length;
        long max = maxCount();
        long[] rowSum = new long[k];
        for (int t = 0; t < k; t++) for (int p = 0; p < k; p++) rowSum[t] += counts[t][p];
        Canvas c = Canvas.create("ConfusionMatrixPlot", width, height);
        Geometry geo = layout(c);
        Font nameFont = c.tickFont();
        Font label = c.labelFont();
        double gap = c.px(6);
        double gx = geo.gx();
        double gy = geo.gy();
        double cell = geo.cell();
        double widest = geo.widest();
        boolean slanted = geo.slanted();
        double bottomNames = geo.bottomNames();

        Font cellFont = c.font(13, false).deriveFont((float) Math.min(c.px(13), cell * (rowPercentages ? 0.24 : 0.3)));
        Font pctFont = cellFont.deriveFont(cellFont.getSize2D() * 0.82f);
        boolean cellText = cellFont.getSize2D() >= 7;
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                double frac = rowSum[t] == 0 ? 0 : (double) counts[t][p] / rowSum[t];
                double shade = rowPercentages ? frac : max == 0 ? 0 : (double) counts[t][p] / max;
                Color fill = Palette.sequential(shade);
                c.g.setColor(fill);
                c.g.fill(new Rectangle2D.Double(gx + p * cell, gy + t * cell, cell + 0.5, cell + 0.5));
                if (!cellText) continue;
                Color ink = Palette.luminance(fill) < 0.5 ? Color.WHITE : Canvas.TEXT;
                double cx = gx + (p + 0.5) * cell;
                double cy = gy + (t + 0.5) * cell;
                String count = String.format(Locale.ROOT, "%,d", counts[t][p]);
                if (rowPercentages) {
                    String pct = rowSum[t] == 0 ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * frac);
                    c.text(count, cellFont, ink, cx, cy, 0.5, 0.95);
                    c.text(pct, pctFont, ink, cx, cy + c.px(1), 0.5, 0);
                } else {
                    c.text(count, cellFont, ink, cx, cy, 0.5, 0.5);
                }
            }
        }
        c.g.setColor(Canvas.FRAME);
        c.stroke(1);
        c.g.draw(new Rectangle2D.Double(gx, gy, cell * k, cell * k));

        for (int i = 0; i < k; i++) {
            c.text(names.get(i), nameFont, Canvas.TEXT, gx - gap, gy + (i + 0.5) * cell, 1, 0.5);
            double cx = gx + (i + 0.5) * cell;
            if (slanted) {
                AffineTransform saved = c.g.getTransform();
                c.g.translate(cx + c.lineHeight(nameFont) * 0.3, gy + k * cell + gap);
                c.g.rotate(-Math.PI / 4);
                c.text(names.get(i), nameFont, Canvas.TEXT, 0, 0, 1, 0.5);
                c.g.setTransform(saved);
            } else {
                c.text(names.get(i), nameFont, Canvas.TEXT, cx, gy + k * cell + gap, 0.5, 0);
            }
        }
        c.text("predicted class", label, Canvas.TEXT, gx + k * cell / 2, gy + k * cell + gap + bottomNames + gap, 0.5, 0);
        c.textVertical("true class", label, Canvas.TEXT, gx - gap - widest - gap - c.lineHeight(label) / 2, gy + k * cell / 2);

        drawColorBar(c, gx + k * cell + gap * 2, gy, c.px(14), k * cell, max, nameFont);
        return c.finish();
    }

    private void drawColorBar(Canvas c, double x, double y, double w, double h, long max, Font font) {
        int steps = (int) Math.max(2, Math.ceil(h));
        for (int i = 0; i < steps; i++) {
            c.g.setColor(Palette.sequential(1 - (double) i / (steps - 1)));
            c.g.fill(new Rectangle2D.Double(x, y + h * i / steps, w, h / steps + 1));
        }
        c.g.setColor(Canvas.FRAME);
        c.stroke(1);
        c.g.draw(new Rectangle2D.Double(x, y, w, h));
        double hi = rowPercentages ? 100 : Math.max(1, max);
        Ticks.Set ticks = Ticks.linear(0, hi, Math.max(2, (int) (h / c.px(60))), !rowPercentages);
        for (int i = 0; i < ticks.values().length; i++) {
            double v = ticks.values()[i];
            double py = y + h - v / hi * h;
            c.g.setColor(Canvas.FRAME);
            c.g.draw(new Line2D.Double(x + w, py, x + w + c.px(3), py));
            c.text(ticks.labels()[i] + (rowPercentages ? "%" : ""), font, Canvas.MUTED, x + w + c.px(6), py, 0, 0.5);
        }
    }

    /** Draws the plot and writes it as PNG to {@code file}, atomically. */
    public void write(Path file) throws IOException {
        Canvas.writePng(toImage(), file);
    }
}
