package ai.deepj.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Several named series of y against x (epoch, iteration, ...) as lines, optionally on a log y axis,
 * written as a PNG. Points whose x or y is NaN or infinite (or, on a log axis, not positive) are
 * skipped and leave a gap in their line; a series with no drawable point is named in the legend as
 * such. Immutable: every {@code with...} returns a new chart.
 *
 * {@snippet :
 * LineChart.of("Cost", "epoch", "cost")
 *         .withSeries("train", trainCost)          // x = 1, 2, ..., n
 *         .withSeries("dev", devCost)
 *         .withLogY(true)
 *         .write(Path.of("runs/cost.png"));
 * }
 */
public final class LineChart {
    /** Markers are drawn on every point of a series with at most this many points. */
    private static final int MARKERS_UP_TO = 40;

    /**
     * One named line: {@code y[i]} at {@code x[i]}. The arrays are copied; they must be non-empty
     * and of equal length.
     */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            Objects.requireNonNull(name, "LineChart.Series: name");
            Objects.requireNonNull(x, "LineChart.Series: x");
            Objects.requireNonNull(y, "LineChart.Series: y");
            if (y.length == 0) throw new IllegalArgumentException("LineChart: series '" + name + "' is empty (no y values)");
            if (x.length != y.length) {
                throw new IllegalArgumentException("LineChart: series '" + name + "' has " + x.length + " x values but "
                        + y.length + " y values; they must pair up");
            }
            x = x.clone();
            y = y.clone();
        }

        @Override
        public double[] x() {
            return x.clone();
        }

        @Override
        public double[] y() {
            return y.clone();
        }
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series;
    private final boolean logY;
    private final int width;
    private final int height;

    private LineChart(String title, String xLabel, String yLabel, List<Series> series, boolean logY, int width, int height) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.series = List.copyOf(series);
        this.logY = logY;
        this.width = width;
        this.height = height;
    }

    /** An empty 800 x 500 chart with a title and axis labels (any may be empty). */
    public static LineChart of(String title, String xLabel, String yLabel) {
        return new LineChart(nonNull(title), nonNull(xLabel), nonNull(yLabel), List.of(), false, 800, 500);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    /** Adds a series with its own x values. */
    public LineChart withSeries(String name, double[] x, double[] y) {
        List<Series> more = new ArrayList<>(series);
        more.add(new Series(name, x, y));
        return new LineChart(title, xLabel, yLabel, more, logY, width, height);
    }

    /** Adds a series at x = 1, 2, ..., n (after epoch 1, 2, ...). */
    public LineChart withSeries(String name, double[] y) {
        Objects.requireNonNull(y, "LineChart.withSeries: y");
        return withSeries(name, oneToN(y.length), y);
    }

    /** Adds one series per map entry, in the map's order, each at x = 1, 2, ..., n. */
    public LineChart withSeries(Map<String, double[]> ys) {
        LineChart c = this;
        for (Map.Entry<String, double[]> e : ys.entrySet()) c = c.withSeries(e.getKey(), e.getValue());
        return c;
    }

    /** Whether the y axis is logarithmic (for costs falling over orders of magnitude). */
    public LineChart withLogY(boolean log) {
        return new LineChart(title, xLabel, yLabel, series, log, width, height);
    }

    /** The image size in pixels (100 to 10000 on each side). */
    public LineChart withSize(int width, int height) {
        Canvas.checkSize("LineChart", width, height);
        return new LineChart(title, xLabel, yLabel, series, logY, width, height);
    }

    /** The series added so far. */
    public List<Series> series() {
        return series;
    }

    /** Draws the chart. */
    public BufferedImage toImage() {
        Canvas c = Canvas.create("LineChart", width, height);
        double top = c.title(title, null);
        draw(c, new Rectangle2D.Double(0, top, width, height - top), null);
        return c.finish();
    }

    /** Draws the chart and writes it as PNG to {@code file}, atomically. */
    public void write(Path file) throws IOException {
        Canvas.writePng(toImage(), file);
    }

    static double[] oneToN(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = i + 1;
        return x;
    }

    /** Draws into {@code area} of {@code c}, with {@code panelTitle} (if not null) above the axes. */
    void draw(Canvas c, Rectangle2D area, String panelTitle) {
        String who = "LineChart" + (title.isEmpty() ? "" : " '" + title + "'") + (panelTitle == null ? "" : " panel '" + panelTitle + "'");
        if (series.isEmpty()) throw new IllegalArgumentException(who + ": no series to draw; add one with withSeries");
        Range xr = Range.of(false, series.stream().map(s -> s.x).toArray(double[][]::new));
        Range yr = Range.of(logY, series.stream().map(s -> s.y).toArray(double[][]::new));
        if (xr == null || yr == null || !anyDrawable()) {
            throw new IllegalArgumentException(who + ": nothing to draw: no point of its " + series.size() + " series has a finite x and a finite"
                    + (logY ? ", positive y (the y axis is logarithmic)" : " y"));
        }
        double y0 = area.getY();
        if (panelTitle != null) {
            Font f = c.font(14, true);
            c.text(panelTitle, f, Canvas.TEXT, area.getCenterX(), y0, 0.5, 0);
            y0 += c.lineHeight(f) + c.px(4);
        }
        boolean integerX = series.stream().allMatch(s -> Arrays.stream(s.x).allMatch(v -> !Double.isFinite(v) || v == Math.rint(v)));
        Axes axes = Axes.layout(c, new Rectangle2D.Double(area.getX(), y0, area.getWidth(), area.getMaxY() - y0),
                new Axes.Spec(xr, false, integerX, yr, logY, true), xLabel, yLabel);
        axes.drawGrid();
        axes.clip();
        List<double[]> covered = new ArrayList<>();
        List<Legend.Entry> entries = new ArrayList<>();
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            Color color = Palette.categorical(k);
            int drawn = drawSeries(c, axes, s, color, covered);
            entries.add(new Legend.Entry(drawn == 0 ? s.name + " (no finite values)" : s.name, color, Legend.Key.LINE));
        }
        axes.unclip();
        axes.drawFrame();
        if (series.stream().anyMatch(s -> !s.name.isBlank())) {
            double[] xs = new double[covered.size()];
            double[] ys = new double[covered.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = covered.get(i)[0];
                ys[i] = covered.get(i)[1];
            }
            new Legend(c, entries).drawBest(axes.plot, xs, ys, xs.length);
        }
    }

    private boolean anyDrawable() {
        for (Series s : series) {
            for (int i = 0; i < s.y.length; i++) if (drawable(s.x[i], s.y[i])) return true;
        }
        return false;
    }

    private boolean drawable(double x, double y) {
        return Double.isFinite(x) && Double.isFinite(y) && (!logY || y > 0);
    }

    /** Draws one series; adds the pixels it covers to {@code covered}; returns how many points it drew. */
    private int drawSeries(Canvas c, Axes axes, Series s, Color color, List<double[]> covered) {
        int n = s.y.length;
        boolean[] ok = new boolean[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            ok[i] = drawable(s.x[i], s.y[i]);
            if (ok[i]) count++;
        }
        Path2D.Double path = new Path2D.Double();
        double step = c.px(8);
        for (int i = 0; i < n; i++) {
            if (!ok[i]) continue;
            double px = axes.x.toPixel(s.x[i]);
            double py = axes.y.toPixel(s.y[i]);
            if (i > 0 && ok[i - 1]) {
                double qx = axes.x.toPixel(s.x[i - 1]);
                double qy = axes.y.toPixel(s.y[i - 1]);
                path.lineTo(px, py);
                int pieces = (int) Math.min(1000, Math.hypot(px - qx, py - qy) / step);
                for (int j = 1; j < pieces; j++) covered.add(new double[] {qx + (px - qx) * j / pieces, qy + (py - qy) * j / pieces});
            } else {
                path.moveTo(px, py);
            }
            covered.add(new double[] {px, py});
        }
        c.g.setColor(color);
        c.stroke(2.2);
        c.g.draw(path);
        double r = c.px(3.2);
        for (int i = 0; i < n; i++) {
            if (!ok[i]) continue;
            boolean isolated = (i == 0 || !ok[i - 1]) && (i == n - 1 || !ok[i + 1]);
            if (count <= MARKERS_UP_TO || isolated) {
                double px = axes.x.toPixel(s.x[i]);
                double py = axes.y.toPixel(s.y[i]);
                c.g.fill(new Ellipse2D.Double(px - r, py - r, 2 * r, 2 * r));
            }
        }
        return count;
    }
}
