package ai.deepj.plot;

import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a classifier of 2-D points decides everywhere in the plane: the classifier is evaluated on a
 * grid covering the data (plus a margin), each region is filled with a light tint of its class's
 * colour, and the data points are drawn on top in their label's full colour, like the course's
 * {@code plot_decision_boundary} on the planar flower. With a binary classifier that gives
 * probabilities, the fill fades between the two tints and the p = 0.5 boundary is drawn as a line.
 *
 * <p>Points go in and out as flat row-major {@code double[]} of shape [n, 2] (x₁ of point i at
 * {@code 2i}, x₂ at {@code 2i + 1}), which is what {@code Tensor.of(xy, n, 2)} takes and
 * {@code toDoubleArray()} gives. The classifier is called once, with the whole grid (by default
 * about 400 points across). Points with a NaN or infinite coordinate are not drawn.
 *
 * {@snippet :
 * double[] xy = data.x().toDoubleArray();                       // [m, 2]
 * int[] labels = data.y().toIntArray();                         // [m, 1] labels, 0 or 1
 * DecisionBoundaryPlot.ofProbability(xy, labels, grid -> {
 *             try (var s = Autograd.noGrad()) {
 *                 return model.forward(Tensor.of(grid, grid.length / 2, 2)).toDoubleArray();   // sigmoid outputs
 *             }
 *         })
 *         .withTitle("Decision boundary, hidden layer of size 4")
 *         .write(Path.of("runs/boundary.png"));
 * }
 */
public final class DecisionBoundaryPlot {
    private static final double REGION_TINT = 0.68;

    private final double[] points;
    private final int[] labels;
    private final Function<double[], int[]> classifier;
    private final Function<double[], double[]> probability;
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<String> classNames;
    private final double margin;
    private final int resolution;
    private final int width;
    private final int height;

    private DecisionBoundaryPlot(double[] points, int[] labels, Function<double[], int[]> classifier,
                                 Function<double[], double[]> probability, String title, String xLabel, String yLabel,
                                 List<String> classNames, double margin, int resolution, int width, int height) {
        this.points = points;
        this.labels = labels;
        this.classifier = classifier;
        this.probability = probability;
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.classNames = classNames;
        this.margin = margin;
        this.resolution = resolution;
        this.width = width;
        this.height = height;
    }

    /**
     * A plot of {@code classifier}, which maps a grid of points ([n, 2], row-major) to one class label
     * (0, 1, ...) per point.
     *
     * @param points the data, [m, 2] row-major (copied)
     * @param labels the data's labels, m of them, each >= 0 (copied)
     */
    public static DecisionBoundaryPlot ofClasses(double[] points, int[] labels, Function<double[], int[]> classifier) {
        Objects.requireNonNull(classifier, "DecisionBoundaryPlot: classifier");
        return create(points, labels, classifier, null);
    }

    /**
     * A plot of a binary classifier that maps a grid of points ([n, 2], row-major) to the probability
     * of class 1 at each point; the labels must be 0 or 1.
     */
    public static DecisionBoundaryPlot ofProbability(double[] points, int[] labels, Function<double[], double[]> probabilityOfClass1) {
        Objects.requireNonNull(probabilityOfClass1, "DecisionBoundaryPlot: probabilityOfClass1");
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("DecisionBoundaryPlot.ofProbability: labels must be 0 or 1 for a binary classifier, but labels["
                        + i + "] = " + labels[i] + "; use ofClasses for more classes");
            }
        }
        return create(points, labels, null, probabilityOfClass1);
    }

    private static DecisionBoundaryPlot create(double[] points, int[] labels, Function<double[], int[]> classifier,
                                               Function<double[], double[]> probability) {
        Objects.requireNonNull(points, "DecisionBoundaryPlot: points");
        Objects.requireNonNull(labels, "DecisionBoundaryPlot: labels");
        if (points.length % 2 != 0) {
            throw new IllegalArgumentException("DecisionBoundaryPlot: points must be [m, 2] row-major, so of even length, got " + points.length + " values");
        }
        if (labels.length != points.length / 2) {
            throw new IllegalArgumentException("DecisionBoundaryPlot: " + points.length / 2 + " points but " + labels.length
                    + " labels; give one label per point");
        }
        if (labels.length == 0) throw new IllegalArgumentException("DecisionBoundaryPlot: no points (the data is empty)");
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) throw new IllegalArgumentException("DecisionBoundaryPlot: labels must be >= 0, but labels[" + i + "] = " + labels[i]);
        }
        if (Range.of(false, xs(points)) == null || Range.of(false, ys(points)) == null) {
            throw new IllegalArgumentException("DecisionBoundaryPlot: no point has finite coordinates; nothing to draw");
        }
        return new DecisionBoundaryPlot(points.clone(), labels.clone(), classifier, probability, "Decision boundary", "x₁", "x₂",
                null, 0.1, 400, 760, 600);
    }

    /** The title, default "Decision boundary". */
    public DecisionBoundaryPlot withTitle(String title) {
        return new DecisionBoundaryPlot(points, labels, classifier, probability, title == null ? "" : title, xLabel, yLabel,
                classNames, margin, resolution, width, height);
    }

    /** The axis labels, default x₁ and x₂. */
    public DecisionBoundaryPlot withAxisLabels(String xLabel, String yLabel) {
        return new DecisionBoundaryPlot(points, labels, classifier, probability, title, xLabel, yLabel,
                classNames, margin, resolution, width, height);
    }

    /** Names for the legend, in label order; there must be a name for every label that occurs. */
    public DecisionBoundaryPlot withClassNames(String... names) {
        return new DecisionBoundaryPlot(points, labels, classifier, probability, title, xLabel, yLabel,
                List.of(names), margin, resolution, width, height);
    }

    /** How far the grid reaches beyond the data, as a fraction of the data's range on each axis; default 0.1. */
    public DecisionBoundaryPlot withMargin(double fraction) {
        if (!(fraction >= 0 && fraction <= 10)) {
            throw new IllegalArgumentException("DecisionBoundaryPlot: margin must be in [0, 10] (a fraction of the data's range), got " + fraction);
        }
        return new DecisionBoundaryPlot(points, labels, classifier, probability, title, xLabel, yLabel,
                classNames, fraction, resolution, width, height);
    }

    /** Grid points across the x axis (the y axis gets as many per pixel); default 400. */
    public DecisionBoundaryPlot withResolution(int across) {
        if (across < 2 || across > 4000) {
            throw new IllegalArgumentException("DecisionBoundaryPlot: resolution must be between 2 and 4000 grid points across, got " + across);
        }
        return new DecisionBoundaryPlot(points, labels, classifier, probability, title, xLabel, yLabel,
                classNames, margin, across, width, height);
    }

    /** The image size in pixels (100 to 10000 on each side); default 760 x 600. */
    public DecisionBoundaryPlot withSize(int width, int height) {
        Canvas.checkSize("DecisionBoundaryPlot", width, height);
        return new DecisionBoundaryPlot(points, labels, classifier, probability, title, xLabel, yLabel,
                classNames, margin, resolution, width, height);
    }

    /** Evaluates the classifier on the grid and draws the plot. */
    public BufferedImage toImage() {
        Canvas c = Canvas.create("DecisionBoundaryPlot", width, height);
        double top = c.title(title, null);
        Range xr = padded(Range.of(false, xs(points)));
        Range yr = padded(Range.of(false, ys(points)));

        // The legend needs the class count, which needs the grid's labels, which need the plot's
        // size: lay out with a legend sized for the data's classes, then check the grid's.
        int dataClasses = 0;
        for (int l : labels) dataClasses = Math.max(dataClasses, l + 1);
        int legendClasses = probability != null ? 2 : dataClasses;
        Legend sized = new Legend(c, entries(Math.max(legendClasses, classNames == null ? 0 : classNames.size())));
        double legendW = sized.width() + c.px(16);
        Axes axes = Axes.layout(c, new Rectangle2D.Double(0, top, width - legendW, height - top),
                new Axes.Spec(xr, false, false, yr, false, false), xLabel, yLabel);
        Rectangle2D.Double plot = axes.plot;
        int nx = resolution;
        int ny = Math.max(2, (int) Math.round(resolution * plot.height / plot.width));
        double[] grid = new double[nx * ny * 2];
        for (int j = 0; j < ny; j++) {
            double gy = axes.y.toValue(plot.y + (j + 0.5) * plot.height / ny);
            for (int i = 0; i < nx; i++) {
                grid[2 * (j * nx + i)] = axes.x.toValue(plot.x + (i + 0.5) * plot.width / nx);
                grid[2 * (j * nx + i) + 1] = gy;
            }
        }
        BufferedImage fill = new BufferedImage(nx, ny, BufferedImage.TYPE_INT_RGB);
        int classes;
        double[] p = null;
        if (probability != null) {
            p = probabilities(grid);
            classes = 2;
            // Diverging: the tint of the likelier class, fading towards white where p nears 0.5.
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    double q = p[j * nx + i];
                    double sure = Math.abs(2 * q - 1);
                    Color base = Palette.categorical(q >= 0.5 ? 1 : 0);
                    fill.setRGB(i, j, Palette.tint(base, REGION_TINT + (0.97 - REGION_TINT) * (1 - Math.sqrt(sure))).getRGB());
                }
            }
        } else {
            int[] g = classes(grid);
            classes = dataClasses;
            for (int l : g) classes = Math.max(classes, l + 1);
            int[] tints = new int[classes];
            for (int k = 0; k < classes; k++) tints[k] = Palette.tint(Palette.categorical(k), REGION_TINT).getRGB();
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) fill.setRGB(i, j, tints[g[j * nx + i]]);
            }
        }
        if (classNames != null && classNames.size() < classes) {
            throw new IllegalArgumentException("DecisionBoundaryPlot: " + classNames.size() + " class names but labels go up to "
                    + (classes - 1) + " (" + classes + " classes); give a name for each");
        }
        c.g.drawImage(fill, (int) Math.round(plot.x), (int) Math.round(plot.y),
                (int) Math.round(plot.getMaxX()) - (int) Math.round(plot.x), (int) Math.round(plot.getMaxY()) - (int) Math.round(plot.y), null);
        axes.clip();
        if (p != null) drawHalfContour(c, p, nx, ny, plot);
        drawPoints(c, axes);
        axes.unclip();
        axes.drawFrame();
        Legend legend = new Legend(c, entries(Math.max(classes, classNames == null ? 0 : classNames.size())));
        legend.draw(plot.getMaxX() + c.px(10), plot.getMinY());
        return c.finish();
    }

    /** Draws the plot and writes it as PNG to {@code file}, atomically. */
    public void write(Path file) throws IOException {
        Canvas.writePng(toImage(), file);
    }

    private List<Legend.Entry> entries(int classes) {
        List<Legend.Entry> e = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            String name = classNames != null && k < classNames.size() ? classNames.get(k) : "class " + k;
            e.add(new Legend.Entry(name, Palette.categorical(k), Legend.Key.POINT));
        }
        return e;
    }

    private Range padded(Range r) {
        double d = r.max() - r.min();
        double pad = d > 0 ? d * margin : Math.max(1, Math.abs(r.min()) * 0.1);
        if (pad == 0) pad = d * 0.02;
        return new Range(r.min() - pad, r.max() + pad);
    }

    private int[] classes(double[] grid) {
        int n = grid.length / 2;
        int[] g = classifier.apply(grid.clone());
        if (g == null) throw new IllegalArgumentException("DecisionBoundaryPlot: the classifier returned null for a grid of " + n + " points");
        if (g.length != n) {
            throw new IllegalArgumentException("DecisionBoundaryPlot: the classifier returned " + g.length + " labels for a grid of " + n
                    + " points ([" + n + ", 2] row-major); it must return one label per point");
        }
        for (int i = 0; i < n; i++) {
            if (g[i] < 0) {
                throw new IllegalArgumentException("DecisionBoundaryPlot: the classifier returned label " + g[i] + " for the grid point ("
                        + grid[2 * i] + ", " + grid[2 * i + 1] + "); labels must be >= 0");
            }
            if (g[i] >= 1000) {
                throw new IllegalArgumentException("DecisionBoundaryPlot: the classifier returned label " + g[i] + " for the grid point ("
                        + grid[2 * i] + ", " + grid[2 * i + 1] + "); more than 1000 classes cannot be told apart by colour");
            }
        }
        return g;
    }

    private double[] probabilities(double[] grid) {
        int n = grid.length / 2;
        double[] p = probability.apply(grid.clone());
        if (p == null) throw new IllegalArgumentException("DecisionBoundaryPlot: the classifier returned null for a grid of " + n + " points");
        if (p.length != n) {
            throw new IllegalArgumentException("DecisionBoundaryPlot: the classifier returned " + p.length + " probabilities for a grid of " + n
                    + " points ([" + n + ", 2] row-major); it must return one per point");
        }
        for (int i = 0; i < n; i++) {
            if (!(p[i] >= 0 && p[i] <= 1)) {
                throw new IllegalArgumentException("DecisionBoundaryPlot: the classifier returned " + p[i] + " for the grid point ("
                        + grid[2 * i] + ", " + grid[2 * i + 1] + "); a probability must be in [0, 1]");
            }
        }
        return p;
    }

    private void drawPoints(Canvas c, Axes axes) {
        int m = labels.length;
        double r = c.px(m > 3000 ? 2.2 : m > 600 ? 3.2 : 4.2);
        c.stroke(0.8);
        for (int i = 0; i < m; i++) {
            double x = points[2 * i];
            double y = points[2 * i + 1];
            if (!Double.isFinite(x) || !Double.isFinite(y)) continue;
            Ellipse2D dot = new Ellipse2D.Double(axes.x.toPixel(x) - r, axes.y.toPixel(y) - r, 2 * r, 2 * r);
            Color col = Palette.categorical(labels[i]);
            c.g.setColor(col);
            c.g.fill(dot);
            c.g.setColor(Palette.mix(col, Color.BLACK, 0.45));
            c.g.draw(dot);
        }
    }

    /** The p = 0.5 line by marching squares over the grid's cell centres. */
    private static void drawHalfContour(Canvas c, double[] p, int nx, int ny, Rectangle2D plot) {
        c.g.setColor(new Color(0x333333));
        c.stroke(1.4);
        double cw = plot.getWidth() / nx;
        double ch = plot.getHeight() / ny;
        for (int j = 0; j + 1 < ny; j++) {
            for (int i = 0; i + 1 < nx; i++) {
                double a = p[j * nx + i] - 0.5;            // top left
                double b = p[j * nx + i + 1] - 0.5;        // top right
                double d = p[(j + 1) * nx + i + 1] - 0.5;  // bottom right
                double e = p[(j + 1) * nx + i] - 0.5;      // bottom left
                double x0 = plot.getX() + (i + 0.5) * cw;
                double y0 = plot.getY() + (j + 0.5) * ch;
                List<double[]> cross = new ArrayList<>(4);
                if ((a < 0) != (b < 0)) cross.add(new double[] {x0 + cw * a / (a - b), y0});
                if ((b < 0) != (d < 0)) cross.add(new double[] {x0 + cw, y0 + ch * b / (b - d)});
                if ((e < 0) != (d < 0)) cross.add(new double[] {x0 + cw * e / (e - d), y0 + ch});
                if ((a < 0) != (e < 0)) cross.add(new double[] {x0, y0 + ch * a / (a - e)});
                if (cross.size() >= 2) segment(c, cross.get(0), cross.get(1));
                if (cross.size() == 4) segment(c, cross.get(2), cross.get(3));
            }
        }
    }

    private static void segment(Canvas c, double[] u, double[] v) {
        c.g.draw(new Line2D.Double(u[0], u[1], v[0], v[1]));
    }

    private static double[] xs(double[] points) {
        double[] x = new double[points.length / 2];
        for (int i = 0; i < x.length; i++) x[i] = points[2 * i];
        return x;
    }

    private static double[] ys(double[] points) {
        double[] y = new double[points.length / 2];
        for (int i = 0; i < y.length; i++) y[i] = points[2 * i + 1];
        return y;
    }
}
