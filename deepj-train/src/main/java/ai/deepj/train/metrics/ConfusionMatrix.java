package ai.deepj.train.metrics;

import ai.deepj.tensor.Tensor;
import java.util.Locale;

/**
 * Counts of (true class, predicted class) pairs over {@code k} classes: {@code counts()[t][p]} is the
 * number of examples of class {@code t} predicted as {@code p} (rows are the truth, as in scikit-learn).
 * Accuracy, precision, recall and F1 are read off it. It accumulates: {@link #add} batch after batch.
 *
 * <p>Where a ratio has a zero denominator (precision of a class never predicted, recall of a class that
 * never occurs) it is 0, as scikit-learn's {@code zero_division=0} and Keras. Macro averages are plain
 * means over all {@code k} classes.
 *
 * {@snippet :
 * ConfusionMatrix cm = ConfusionMatrix.of(model.forward(x), labels);          // logits [N, 10], labels int32 [N]
 * double f1 = cm.macroF1();
 * ConfusionMatrix bin = ConfusionMatrix.of(logits, y, BinaryOutput.LOGITS);   // one output column, 0/1 targets
 * double recall = bin.recall(1);
 * }
 */
public final class ConfusionMatrix {
    private final long[][] counts;

    /** An empty matrix over {@code numClasses} classes. */
    public ConfusionMatrix(int numClasses) {
        if (numClasses < 2) throw new IllegalArgumentException("ConfusionMatrix: need at least 2 classes, got " + numClasses);
        counts = new long[numClasses][numClasses];
    }

    /** Multi-class: predictions {@code [N, C]} (logits or probabilities, read by argmax) against labels or one-hot targets. */
    public static ConfusionMatrix of(Tensor predictions, Tensor targets) {
        return of(predictions, targets, null);
    }

    /**
     * Predictions against targets; {@code binary} says how to read a single output column and must be
     * null for multi-class predictions {@code [N, C ≥ 2]}.
     */
    public static ConfusionMatrix of(Tensor predictions, Tensor targets, BinaryOutput binary) {
        ConfusionMatrix cm = new ConfusionMatrix(Labels.numClasses("ConfusionMatrix", predictions, binary));
        cm.add(predictions, targets, binary);
        return cm;
    }

    /** From class indices, e.g. {@code trueLabels = {0, 1, 1}}, {@code predictedLabels = {0, 1, 0}}. */
    public static ConfusionMatrix ofLabels(int[] trueLabels, int[] predictedLabels, int numClasses) {
        ConfusionMatrix cm = new ConfusionMatrix(numClasses);
        cm.addLabels(trueLabels, predictedLabels);
        return cm;
    }

    /** Adds a batch (see {@link #of(Tensor, Tensor, BinaryOutput)}); the predictions must speak of {@link #numClasses()} classes. */
    public ConfusionMatrix add(Tensor predictions, Tensor targets, BinaryOutput binary) {
        int k = Labels.numClasses("ConfusionMatrix", predictions, binary);
        if (k != numClasses()) {
            throw new IllegalArgumentException("ConfusionMatrix: predictions " + predictions.shape() + " speak of " + k
                    + " classes, the matrix has " + numClasses());
        }
        int[] p = Labels.predicted("ConfusionMatrix", predictions, binary);
        addLabels(Labels.truth("ConfusionMatrix", targets, p.length, k), p);
        return this;
    }

    /** Adds pairs of class indices. */
    public ConfusionMatrix addLabels(int[] trueLabels, int[] predictedLabels) {
        if (trueLabels.length != predictedLabels.length) {
            throw new IllegalArgumentException("ConfusionMatrix: " + trueLabels.length + " true labels but " + predictedLabels.length
                    + " predicted");
        }
        int k = numClasses();
        for (int i = 0; i < trueLabels.length; i++) {
            int t = trueLabels[i], p = predictedLabels[i];
            if (t < 0 || t >= k || p < 0 || p >= k) {
                throw new IllegalArgumentException("ConfusionMatrix: pair " + i + " (true " + t + ", predicted " + p + ") outside [0, "
                        + k + ")");
            }
        }
        for (int i = 0; i < trueLabels.length; i++) counts[trueLabels[i]][predictedLabels[i]]++;
        return this;
    }

    /** Adds another matrix's counts. */
    public ConfusionMatrix addAll(ConfusionMatrix other) {
        if (other.numClasses() != numClasses()) {
            throw new IllegalArgumentException("ConfusionMatrix: cannot add a " + other.numClasses() + "-class matrix to a "
                    + numClasses() + "-class one");
        }
        for (int t = 0; t < numClasses(); t++) for (int p = 0; p < numClasses(); p++) counts[t][p] += other.counts[t][p];
        return this;
    }

    /** The number of classes {@code k}. */
    public int numClasses() {
        return counts.length;
    }

    /** The counts as {@code int[k][k]}, rows = true class, columns = predicted class (a copy). */
    public int[][] counts() {
        int k = numClasses();
        int[][] out = new int[k][k];
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) out[t][p] = Math.toIntExact(counts[t][p]);
        }
        return out;
    }

    /** The number of examples of class {@code trueClass} predicted as {@code predictedClass}. */
    public long count(int trueClass, int predictedClass) {
        return counts[trueClass][predictedClass];
    }

    /** The number of examples counted. */
    public long total() {
        long n = 0;
        for (long[] row : counts) for (long c : row) n += c;
        return n;
    }

    /** The fraction predicted right; NaN before any example. */
    public double accuracy() {
        long right = 0;
        for (int c = 0; c < numClasses(); c++) right += counts[c][c];
        long n = total();
        return n == 0 ? Double.NaN : (double) right / n;
    }

    /** Of the examples predicted {@code c}, the fraction that are {@code c}: {@code TP/(TP + FP)} (0 if none was predicted {@code c}). */
    public double precision(int c) {
        long predicted = 0;
        for (int t = 0; t < numClasses(); t++) predicted += counts[t][checkClass(c)];
        return ratio(counts[c][c], predicted);
    }

    /** Of the examples of class {@code c}, the fraction predicted {@code c}: {@code TP/(TP + FN)} (0 if {@code c} never occurs). */
    public double recall(int c) {
        long actual = 0;
        for (int p = 0; p < numClasses(); p++) actual += counts[checkClass(c)][p];
        return ratio(counts[c][c], actual);
    }

    /** The harmonic mean of precision and recall of class {@code c}: {@code 2TP/(2TP + FP + FN)} (0 if both are 0). */
    public double f1(int c) {
        long tp = counts[checkClass(c)][c], fp = -tp, fn = -tp;
        for (int i = 0; i < numClasses(); i++) {
            fp += counts[i][c];
            fn += counts[c][i];
        }
        return ratio(2 * tp, 2 * tp + fp + fn);
    }

    /** The mean of {@link #precision(int)} over all classes. */
    public double macroPrecision() {
        double s = 0;
        for (int c = 0; c < numClasses(); c++) s += precision(c);
        return s / numClasses();
    }

    /** The mean of {@link #recall(int)} over all classes. */
    public double macroRecall() {
        double s = 0;
        for (int c = 0; c < numClasses(); c++) s += recall(c);
        return s / numClasses();
    }

    /** The mean of {@link #f1(int)} over all classes (scikit-learn's {@code f1_score(average="macro")}). */
    public double macroF1() {
        double s = 0;
        for (int c = 0; c < numClasses(); c++) s += f1(c);
        return s / numClasses();
    }

    private int checkClass(int c) {
        if (c < 0 || c >= numClasses()) {
            throw new IllegalArgumentException("ConfusionMatrix: class " + c + " outside [0, " + numClasses() + ")");
        }
        return c;
    }

    private static double ratio(long num, long den) {
        return den == 0 ? 0 : (double) num / den;
    }

    /** The counts as a table, rows = true class. */
    @Override
    public String toString() {
        int k = numClasses();
        int w = 4;
        for (long[] row : counts) for (long c : row) w = Math.max(w, Long.toString(c).length() + 1);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-8s", "true\\pred"));
        for (int p = 0; p < k; p++) sb.append(String.format(Locale.ROOT, "%" + w + "d", p));
        sb.append('\n');
        for (int t = 0; t < k; t++) {
            sb.append(String.format(Locale.ROOT, "%-8d", t));
            for (int p = 0; p < k; p++) sb.append(String.format(Locale.ROOT, "%" + w + "d", counts[t][p]));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The counts, row by row, for checkpoints. */
    double[] state() {
        int k = numClasses();
        double[] s = new double[k * k];
        for (int t = 0; t < k; t++) for (int p = 0; p < k; p++) s[t * k + p] = counts[t][p];
        return s;
    }

    /** The matrix {@link #state()} describes. */
    static ConfusionMatrix fromState(double[] s) {
        int k = (int) Math.round(Math.sqrt(s.length));
        if (k < 2 || k * k != s.length) throw new IllegalArgumentException("ConfusionMatrix: a state of " + s.length + " counts is not k×k");
        ConfusionMatrix cm = new ConfusionMatrix(k);
        for (int i = 0; i < s.length; i++) {
            if (!(s[i] >= 0) || s[i] != Math.rint(s[i])) throw new IllegalArgumentException("ConfusionMatrix: count " + s[i] + " in a state");
            cm.counts[i / k][i % k] = (long) s[i];
        }
        return cm;
    }
}
