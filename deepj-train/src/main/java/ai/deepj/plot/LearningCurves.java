package ai.deepj.plot;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The two pictures one looks at after training, side by side: cost (train and dev) and accuracy
 * (train and dev) against epoch or iteration. The cost is plotted exactly as given; say in
 * {@link #withCostLabel} whether it includes a regularization term (the course's L2 cost does, the
 * dev cost usually does not). Without accuracies only the cost panel is drawn; without dev values
 * only the train lines. NaN and infinite values leave gaps (see {@link LineChart}).
 *
 * {@snippet :
 * // After each epoch the trainer appended to these arrays:
 * LearningCurves.write(Path.of("runs/curves.png"), trainCost, devCost, trainAccuracy, devAccuracy);
 *
 * // Per iteration, dev measured every 100 iterations, L2 in the train cost, cost on a log axis:
 * LearningCurves.perIteration(iterations, trainCost, trainAccuracy)
 *         .withDev(devIterations, devCost, devAccuracy)
 *         .withCostLabel("cost (cross-entropy + L2 term)")
 *         .withLogCost(true)
 *         .withTitle("3-layer net, λ = 0.7")
 *         .write(Path.of("runs/curves.png"));
 * }
 */
public final class LearningCurves {
    private final String xLabel;
    private final double[] x;
    private final double[] trainCost;
    private final double[] trainAccuracy;
    private final double[] devX;
    private final double[] devCost;
    private final double[] devAccuracy;
    private final String title;
    private final String costLabel;
    private final boolean logCost;
    private final int width;
    private final int height;

    private LearningCurves(String xLabel, double[] x, double[] trainCost, double[] trainAccuracy, double[] devX,
                           double[] devCost, double[] devAccuracy, String title, String costLabel, boolean logCost,
                           int width, int height) {
        this.xLabel = xLabel;
        this.x = x;
        this.trainCost = trainCost;
        this.trainAccuracy = trainAccuracy;
        this.devX = devX;
        this.devCost = devCost;
        this.devAccuracy = devAccuracy;
        this.title = title;
        this.costLabel = costLabel;
        this.logCost = logCost;
        this.width = width;
        this.height = height;
    }

    /**
     * Curves with one value per epoch, drawn at epochs 1, 2, ..., n.
     *
     * @param trainAccuracy may be null (no accuracy panel); else as long as {@code trainCost}
     */
    public static LearningCurves perEpoch(double[] trainCost, double[] trainAccuracy) {
        Objects.requireNonNull(trainCost, "LearningCurves: trainCost");
        return perX("epoch", LineChart.oneToN(trainCost.length), trainCost, trainAccuracy);
    }

    /**
     * Curves measured at the given iterations (or any other x: examples seen, seconds).
     *
     * @param trainAccuracy may be null (no accuracy panel); else as long as {@code trainCost}
     */
    public static LearningCurves perIteration(double[] iterations, double[] trainCost, double[] trainAccuracy) {
        return perX("iteration", iterations, trainCost, trainAccuracy);
    }

    private static LearningCurves perX(String xLabel, double[] x, double[] cost, double[] accuracy) {
        Objects.requireNonNull(x, "LearningCurves: x");
        Objects.requireNonNull(cost, "LearningCurves: trainCost");
        check("train cost", x, cost);
        if (accuracy != null) check("train accuracy", x, accuracy);
        return new LearningCurves(xLabel, x.clone(), cost.clone(), accuracy == null ? null : accuracy.clone(),
                null, null, null, "", "cost", false, 1200, 480);
    }

    private static void check(String what, double[] x, double[] v) {
        if (v.length == 0) throw new IllegalArgumentException("LearningCurves: " + what + " is empty");
        if (v.length != x.length) {
            throw new IllegalArgumentException("LearningCurves: " + what + " has " + v.length + " values but there are "
                    + x.length + " x values (epochs or iterations); they must pair up");
        }
    }

    /** Dev curves at the same x as the train curves; either array may be null. */
    public LearningCurves withDev(double[] devCost, double[] devAccuracy) {
        return withDev(x, devCost, devAccuracy);
    }

    /** Dev curves at their own x values (e.g. measured less often); either array may be null. */
    public LearningCurves withDev(double[] devX, double[] devCost, double[] devAccuracy) {
        Objects.requireNonNull(devX, "LearningCurves.withDev: devX");
        if (devCost != null) check("dev cost", devX, devCost);
        if (devAccuracy != null) {
            if (trainAccuracy == null) {
                throw new IllegalArgumentException("LearningCurves: dev accuracy given but no train accuracy; give both or neither");
            }
            check("dev accuracy", devX, devAccuracy);
        }
        return new LearningCurves(xLabel, x, trainCost, trainAccuracy, devX.clone(),
                devCost == null ? null : devCost.clone(), devAccuracy == null ? null : devAccuracy.clone(),
                title, costLabel, logCost, width, height);
    }

    /** A title above both panels. */
    public LearningCurves withTitle(String title) {
        return new LearningCurves(xLabel, x, trainCost, trainAccuracy, devX, devCost, devAccuracy,
                title == null ? "" : title, costLabel, logCost, width, height);
    }

    /** The cost axis's label, default {@code "cost"}; name the regularization term here if the cost includes it. */
    public LearningCurves withCostLabel(String label) {
        return new LearningCurves(xLabel, x, trainCost, trainAccuracy, devX, devCost, devAccuracy,
                title, label == null ? "" : label, logCost, width, height);
    }

    /** The x axis's label, default {@code "epoch"} or {@code "iteration"}. */
    public LearningCurves withXLabel(String label) {
        return new LearningCurves(label == null ? "" : label, x, trainCost, trainAccuracy, devX, devCost, devAccuracy,
                title, costLabel, logCost, width, height);
    }

    /** Whether the cost axis is logarithmic. */
    public LearningCurves withLogCost(boolean log) {
        return new LearningCurves(xLabel, x, trainCost, trainAccuracy, devX, devCost, devAccuracy,
                title, costLabel, log, width, height);
    }

    /** The image size in pixels; default 1200 x 480 (600 x 480 per panel). */
    public LearningCurves withSize(int width, int height) {
        Canvas.checkSize("LearningCurves", width, height);
        return new LearningCurves(xLabel, x, trainCost, trainAccuracy, devX, devCost, devAccuracy,
                title, costLabel, logCost, width, height);
    }

    /** Draws both panels (or only the cost panel when there are no accuracies). */
    public BufferedImage toImage() {
        Canvas c = Canvas.create("LearningCurves", width, height);
        double top = c.title(title, null);
        LineChart cost = LineChart.of("", xLabel, costLabel).withLogY(logCost).withSeries("train", x, trainCost);
        if (devCost != null) cost = cost.withSeries("dev", devX, devCost);
        if (trainAccuracy == null) {
            cost.draw(c, new Rectangle2D.Double(0, top, width, height - top), "Cost");
        } else {
            LineChart accuracy = LineChart.of("", xLabel, "accuracy").withSeries("train", x, trainAccuracy);
            if (devAccuracy != null) accuracy = accuracy.withSeries("dev", devX, devAccuracy);
            double half = width / 2.0;
            cost.draw(c, new Rectangle2D.Double(0, top, half, height - top), "Cost");
            accuracy.draw(c, new Rectangle2D.Double(half, top, width - half, height - top), "Accuracy");
        }
        return c.finish();
    }

    /** Draws the curves and writes them as PNG to {@code file}, atomically. */
    public void write(Path file) throws IOException {
        Canvas.writePng(toImage(), file);
    }

    /**
     * Writes per-epoch curves (epochs 1..n) to {@code file}.
     *
     * @param devCost may be null
     * @param trainAccuracy may be null (then no accuracy panel, and {@code devAccuracy} must be null too)
     * @param devAccuracy may be null
     */
    public static void write(Path file, double[] trainCost, double[] devCost, double[] trainAccuracy, double[] devAccuracy)
            throws IOException {
        LearningCurves lc = perEpoch(trainCost, trainAccuracy);
        if (devCost != null || devAccuracy != null) lc = lc.withDev(devCost, devAccuracy);
        lc.write(file);
    }

    /**
     * Writes per-epoch curves from a history keyed by the metric names the trainer reports to
     * {@code Callback.onEpochEnd}: {@code train_loss} (required), {@code dev_loss},
     * {@code train_accuracy}, {@code dev_accuracy}; other keys (such as {@code lr}) are ignored.
     */
    public static void write(Path file, Map<String, double[]> history) throws IOException {
        double[] trainLoss = history.get("train_loss");
        if (trainLoss == null) {
            throw new IllegalArgumentException("LearningCurves: the history has no 'train_loss'; its keys are " + history.keySet());
        }
        write(file, trainLoss, history.get("dev_loss"), history.get("train_accuracy"), history.get("dev_accuracy"));
    }
}
