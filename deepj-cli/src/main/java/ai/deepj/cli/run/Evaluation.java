package ai.deepj.cli.run;

import ai.deepj.cli.config.LossSpec;
import ai.deepj.data.Batch;
import ai.deepj.data.DataLoader;
import ai.deepj.data.Dataset;
import ai.deepj.nn.Module;
import ai.deepj.nn.loss.Loss;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.Tensor;
import ai.deepj.train.metrics.BinaryOutput;
import ai.deepj.train.metrics.ConfusionMatrix;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model's scores on one data set, in evaluation mode without gradients: the mean loss and, for
 * classification, the confusion matrix with accuracy and macro F1; for regression the mean squared
 * and absolute errors.
 *
 * @param name      the set's name: train, dev, test, train-dev, or a file
 * @param examples  how many examples
 * @param loss      the mean loss (without regularization)
 * @param confusion the confusion matrix (rows = true class), or null for regression
 * @param mse       the mean squared error (regression), else NaN
 * @param mae       the mean absolute error (regression), else NaN
 */
public record Evaluation(String name, int examples, double loss, ConfusionMatrix confusion, double mse, double mae) {

    /** Fraction right, or NaN for regression. */
    public double accuracy() {
        return confusion == null ? Double.NaN : confusion.accuracy();
    }

    /** {@code 1 − accuracy}: the error the course's bias/variance analysis reads. */
    public double error() {
        return 1 - accuracy();
    }

    /** The numbers, for {@code metrics.json}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("examples", examples);
        m.put("loss", loss);
        if (confusion != null) {
            m.put("accuracy", confusion.accuracy());
            m.put("error", 1 - confusion.accuracy());
            m.put("macro_f1", confusion.macroF1());
            m.put("confusion", confusion.counts());
        } else {
            m.put("mse", mse);
            m.put("mae", mae);
        }
        return m;
    }

    /** Evaluates {@code model} on {@code data} in batches of {@code batchSize}; the model's mode is restored afterwards. */
    public static Evaluation of(String name, Module model, Loss loss, Dataset data, LossSpec.Task task, boolean probabilities, int batchSize) {
        boolean training = model.isTraining();
        model.eval();
        double lossSum = 0, se = 0, ae = 0;
        long count = 0, values = 0;
        ConfusionMatrix cm = null;
        BinaryOutput binary = task == LossSpec.Task.BINARY ? (probabilities ? BinaryOutput.PROBABILITIES : BinaryOutput.LOGITS) : null;
        try (var s = Autograd.noGrad(); DataLoader.Epoch batches = DataLoader.of(data, batchSize).epoch(0)) {
            for (Batch b : batches) {
                Tensor out = model.forward(b.x());
                lossSum += loss.compute(out, b.y()).item() * b.size();
                count += b.size();
                if (task == LossSpec.Task.REGRESSION) {
                    Tensor d = out.sub(b.y());
                    se += d.square().sum().item();
                    ae += d.abs().sum().item();
                    values += d.numel();
                } else {
                    if (cm == null) cm = ConfusionMatrix.of(out, b.y(), binary);
                    else cm.add(out, b.y(), binary);
                }
            }
        } finally {
            model.train(training);
        }
        return new Evaluation(name, (int) count, lossSum / count, cm, values == 0 ? Double.NaN : se / values, values == 0 ? Double.NaN : ae / values);
    }

    /** A table of several evaluations: set, examples, loss, accuracy (or MSE / MAE). */
    public static String table(List<Evaluation> rows) {
        boolean regression = rows.stream().anyMatch(e -> e.confusion() == null);
        int w = 10;
        for (Evaluation e : rows) w = Math.max(w, e.name().length());
        String name = "%-" + w + "s";
        StringBuilder sb = new StringBuilder(regression ? String.format(Locale.ROOT, name + " %9s %10s %10s %10s%n", "set", "examples", "loss", "mse", "mae")
                : String.format(Locale.ROOT, name + " %9s %10s %10s %10s%n", "set", "examples", "loss", "accuracy", "error"));
        for (Evaluation e : rows) {
            if (regression) {
                sb.append(String.format(Locale.ROOT, name + " %9d %10.4f %10.4f %10.4f%n", e.name(), e.examples(), e.loss(), e.mse(), e.mae()));
            } else {
                sb.append(String.format(Locale.ROOT, name + " %9d %10.4f %9.2f%% %9.2f%%%n", e.name(), e.examples(), e.loss(), 100 * e.accuracy(),
                        100 * e.error()));
            }
        }
        return sb.toString();
    }

    /** The confusion matrix with class names, rows = true class, plus per-class precision, recall and F1. */
    public static String confusionText(ConfusionMatrix cm, List<String> classes) {
        int k = cm.numClasses();
        int nameWidth = 10;
        for (String c : classes) nameWidth = Math.max(nameWidth, c.length() + 1);
        int w = 6;
        for (int[] row : cm.counts()) for (int c : row) w = Math.max(w, Integer.toString(c).length() + 2);
        for (String c : classes) w = Math.max(w, Math.min(c.length(), 10) + 2);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-" + nameWidth + "s", "true \\ pred"));
        for (int p = 0; p < k; p++) sb.append(String.format(Locale.ROOT, "%" + w + "s", abbreviate(classes.get(p), w - 2)));
        sb.append(String.format(Locale.ROOT, "  %9s %7s %7s%n", "precision", "recall", "f1"));
        int[][] counts = cm.counts();
        for (int t = 0; t < k; t++) {
            sb.append(String.format(Locale.ROOT, "%-" + nameWidth + "s", classes.get(t)));
            for (int p = 0; p < k; p++) sb.append(String.format(Locale.ROOT, "%" + w + "d", counts[t][p]));
            sb.append(String.format(Locale.ROOT, "  %9.3f %7.3f %7.3f%n", cm.precision(t), cm.recall(t), cm.f1(t)));
        }
        return sb.toString();
    }

    private static String abbreviate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, Math.max(1, n));
    }
}
