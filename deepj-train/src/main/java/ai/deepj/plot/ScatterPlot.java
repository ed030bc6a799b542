package ai.deepj.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A metric against a hyperparameter, one point per run, as in a learning-rate or
 * regularization-strength search: optionally on a log x axis, with the best run (highest or lowest
 * metric) ringed and annotated, and optional text beside each point. Points with a NaN or infinite
 * coordinate (a diverged run), or a non-positive one on a log axis, are left out and counted in the
 * subtitle. Immutable.
 *
 * {@snippet :
 * double[] lr = {1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2};
 * double[] devAccuracy = {0.81, 0.86, 0.90, 0.92, 0.89, Double.NaN};   // the last one diverged
 * ScatterPlot.of(lr, devAccuracy)
 *         .withTitle("Learning-rate search")
 *         .withAxisLabels("learning rate", "dev accuracy")
 *         .withLogX(true)
 *         .withBest(ScatterPlot.Best.MAX)
 *         .write(Path.of("runs/lr-search.png"));
 * }
 */
public final class ScatterPlot {
    /** Which point is the best one, to be highlighted. */
    public enum Best {
        /** No point is highlighted. */
        NONE,
        /** The point with the smallest y (a cost, an error rate). */
        MIN,
        /** The point with the largest y (an accuracy). */
        MAX
    }

    private final double[] x;
    private final double[] y;
    private final String[] pointLabels;
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logX;
    private final boolean logY;
    private final Best best;
    private final int width;
    private final int height;

    private ScatterPlot(double[] x, double[] y, String[] pointLabels, String title, String xLabel, String yLabel,
                        boolean logX, boolean logY, Best best, int width, int height) {
        this.x = x;
        this.y = y;
        this.pointLabels = pointLabels;
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logX = logX;
        this.logY = logY;
        this.best = best;
        this.width = width;
        this.height = height;
    }

    /** Points {@code (x[i], y[i])}; the arrays are copied and must have the same, non-zero length. */
    public static ScatterPlot of(double[] x, double[] y) {
        Objects.requireNonNull(x, "ScatterPlot: x");
        Objects.requireNonNull(y, "ScatterPlot: y");
        if (x.length != y.length) {
            throw new IllegalArgumentException("ScatterPlot: x has " + x.length + " values but y has " + y.length + "; they must pair up");
        }
        if (x.length == 0) throw new IllegalArgumentException("ScatterPlot: no points (x and y are empty)");
        return new ScatterPlot(x.clone(), y.clone(), null, "", "", "", false, false, Best.NONE, 800, 500);
    }

    /** The title. */
    public ScatterPlot withTitle(String title) {
        return new ScatterPlot(x, y, pointLabels, title == null ? "" : title, xLabel, yLabel, logX, logY, best, width, height);
    }

    /** The axis labels, e.g. "learning rate" and "dev accuracy". */
    public ScatterPlot withAxisLabels(String xLabel, String yLabel) {
        return new ScatterPlot(x, y, pointLabels, title, xLabel == null ? "" : xLabel, yLabel == null ? "" : yLabel,
                logX, logY, best, width, height);
    }

    /** Whether the x axis is logarithmic (learning rates, regularization strengths). */
    public ScatterPlot withLogX(boolean log) {
        return new ScatterPlot(x, y, pointLabels, title, xLabel, yLabel, log, logY, best, width, height);
    }

    /** Whether the y axis is logarithmic. */
    public ScatterPlot withLogY(boolean log) {
        return new ScatterPlot(x, y, pointLabels, title, xLabel, yLabel, logX, log, best, width, height);
    }

    /** Text drawn beside each point (null entries are skipped); one per point. */
    public ScatterPlot withPointLabels(String... labels) {
        if (labels.length != x.length) {
            throw new IllegalArgumentException("ScatterPlot: " + labels.length + " point labels for " + x.length + " points; give one per point");
        }
        return new ScatterPlot(x, y, labels.clone(), title, xLabel, yLabel, logX, logY, best, width, height);
    }

    /** Which point to ring and annotate as the best; default {@link Best#NONE}. */
    public ScatterPlot withBest(Best best) {
        return new ScatterPlot(x, y, pointLabels, title, xLabel, yLabel, logX, logY, Objects.requireNonNull(best), width, height);
    }

    /** The image size in pixels (100 to 10000 on each side); default 800 x 500. */
    public ScatterPlot withSize(int width, int height) {
        Canvas.checkSize("ScatterPlot", width, height);
        return new ScatterPlot(x, y, pointLabels, title, xLabel, yLabel, logX, logY, best, width, height);
    }

    /**
     * The index of the best drawable point as chosen by {@link #withBest}; -1 with {@link Best#NONE}
     * or when no point is drawable. Ties go to the first.
     */
    public int bestIndex() {
        int b = -1;
        for (int i = 0; i < x.length; i++) {
            if (!drawable(i) || best == Best.NONE) continue;
            if (b < 0 || (best == Best.MAX ? y[i] > y[b] : y[i] < y[b])) b = i;
        }
        return b;
    }

    private boolean drawable(int i) {
        return Double.isFinite(x[i]) && Double.isFinite(y[i]) && (!logX || x[i] > 0) && (!logY || y[i] > 0);
    }

    /** Draws the plot. */
    public BufferedImage toImage() {
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < x.length; i++) if (drawable(i)) shown.add(i);
        if (shown.isEmpty()) {
            throw new IllegalArgumentException("ScatterPlot" + (title.isEmpty() ? "" : " '" + title + "'") + ": none of the " + x.length
                    + " points has finite" + (logX ? ", positive" : "") + " x and finite" + (logY ? ", positive" : "") + " y; nothing to draw");
        }
        double[] xs = shown.stream().mapToDouble(i -> x[i]).toArray();
        double[] ys = shown.stream().mapToDouble(i -> y[i]).toArray();
        Canvas c = Canvas.create("ScatterPlot", width, height);
        int left = x.length - shown.size();
        double top = c.title(title, left == 0 ? null : left + (left == 1 ? " point" : " points")
                + " not drawn (NaN, infinite" + (logX || logY ? " or not positive on a log axis" : "") + ")");
        Axes axes = Axes.layout(c, new Rectangle2D.Double(0, top, width, height - top),
                new Axes.Spec(Range.of(false, xs), logX, false, Range.of(false, ys), logY, true), xLabel, yLabel);
        axes.drawGrid();
        axes.clip();
        Color color = Palette.categorical(0);
        double r = c.px(4.8);
        Font small = c.font(11, false);
        int b = bestIndex();
        for (int i : shown) {
            double px = axes.x.toPixel(x[i]);
            double py = axes.y.toPixel(y[i]);
            Ellipse2D dot = new Ellipse2D.Double(px - r, py - r, 2 * r, 2 * r);
            c.g.setColor(Palette.tint(color, 0.15));
            c.g.fill(dot);
            c.g.setColor(Palette.mix(color, Color.BLACK, 0.3));
            c.stroke(1);
            c.g.draw(dot);
            if (pointLabels != null && pointLabels[i] != null) {
                double off = i == b ? r * 2.1 : r;
                c.text(pointLabels[i], small, Canvas.MUTED, px + off + c.px(3), py, 0, 0.5);
            }
        }
        if (b >= 0) {
            double px = axes.x.toPixel(x[b]);
            double py = axes.y.toPixel(y[b]);
            Color hi = Palette.categorical(1);
            double rr = r * 2.1;
            c.g.setColor(hi);
            c.stroke(2.4);
            c.g.draw(new Ellipse2D.Double(px - rr, py - rr, 2 * rr, 2 * rr));
            String note = "best: " + Ticks.compact(y[b], 4) + " at " + Ticks.compact(x[b], 3);
            Font f = c.font(12, true);
            double w = c.textWidth(f, note);
            // Put the note on whichever side of the point has room.
            boolean rightSide = px + rr + c.px(6) + w < axes.plot.getMaxX() - c.px(4);
            boolean below = py - rr - c.px(4) - c.lineHeight(f) < axes.plot.getMinY();
            double ty = below ? py + rr + c.px(4) : py - rr - c.px(4);
            c.text(note, f, hi, rightSide ? px + rr * 0.6 : px - rr * 0.6, ty, rightSide ? 0 : 1, below ? 0 : 1);
        }
        axes.unclip();
        axes.drawFrame();
        return c.finish();
    }

    /** Draws the plot and writes it as PNG to {@code file}, atomically. */
    public void write(Path file) throws IOException {
        Canvas.writePng(toImage(), file);
    }
}
