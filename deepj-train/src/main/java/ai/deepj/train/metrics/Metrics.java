package ai.deepj.train.metrics;

import ai.deepj.nn.loss.Loss;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.Tensor;
import java.util.function.ToDoubleFunction;

/**
 * The usual {@link Metric}s. Classification metrics read predictions as {@link ConfusionMatrix} does:
 * multi-class outputs {@code [N, C ≥ 2]} by argmax (logits or probabilities alike); a binary
 * classifier's single column by a {@link BinaryOutput} threshold, which the caller states, since a
 * column of logits and a column of probabilities look alike.
 *
 * <table>
 *   <caption>Metrics and their names</caption>
 *   <tr><th>factory</th><th>name</th><th>value</th></tr>
 *   <tr><td>{@link #accuracy()}, {@link #accuracy(BinaryOutput)}</td><td>{@code accuracy}</td><td>fraction right</td></tr>
 *   <tr><td>{@link #precision(BinaryOutput)}, {@link #recall(BinaryOutput)}, {@link #f1(BinaryOutput)}</td>
 *       <td>{@code precision}, {@code recall}, {@code f1}</td><td>of the positive class 1</td></tr>
 *   <tr><td>{@link #precision(int)}, {@link #recall(int)}, {@link #f1(int)}</td>
 *       <td>{@code precision_3}, ...</td><td>of one class of a multi-class output</td></tr>
 *   <tr><td>{@link #macroPrecision()}, {@link #macroRecall()}, {@link #macroF1()}</td>
 *       <td>{@code macro_precision}, ...</td><td>mean over all classes</td></tr>
 *   <tr><td>{@link #loss(String, Loss)}</td><td>as given</td><td>mean of a loss over the examples</td></tr>
 * </table>
 */
public final class Metrics {
    private Metrics() {}

    /** Multi-class accuracy: argmax of {@code [N, C]} predictions against labels or one-hot targets. */
    public static Metric accuracy() {
        return confusion("accuracy", null, ConfusionMatrix::accuracy);
    }

    /** Binary accuracy of one output column read as {@code output}. */
    public static Metric accuracy(BinaryOutput output) {
        return confusion("accuracy", required(output), ConfusionMatrix::accuracy);
    }

    /** Binary precision of the positive class: {@code TP/(TP + FP)}. */
    public static Metric precision(BinaryOutput output) {
        return confusion("precision", required(output), cm -> cm.precision(1));
    }

    /** Binary recall of the positive class: {@code TP/(TP + FN)}. */
    public static Metric recall(BinaryOutput output) {
        return confusion("recall", required(output), cm -> cm.recall(1));
    }

    /** Binary F1 of the positive class: {@code 2TP/(2TP + FP + FN)}. */
    public static Metric f1(BinaryOutput output) {
        return confusion("f1", required(output), cm -> cm.f1(1));
    }

    /** Precision of class {@code c} of a multi-class output (one class against the rest). */
    public static Metric precision(int c) {
        return confusion("precision_" + checkClass(c), null, cm -> cm.precision(inRange(cm, c)));
    }

    /** Recall of class {@code c} of a multi-class output. */
    public static Metric recall(int c) {
        return confusion("recall_" + checkClass(c), null, cm -> cm.recall(inRange(cm, c)));
    }

    /** F1 of class {@code c} of a multi-class output. */
    public static Metric f1(int c) {
        return confusion("f1_" + checkClass(c), null, cm -> cm.f1(inRange(cm, c)));
    }

    /** Precision averaged over all classes of a multi-class output. */
    public static Metric macroPrecision() {
        return confusion("macro_precision", null, ConfusionMatrix::macroPrecision);
    }

    /** Recall averaged over all classes of a multi-class output. */
    public static Metric macroRecall() {
        return confusion("macro_recall", null, ConfusionMatrix::macroRecall);
    }

    /** F1 averaged over all classes of a multi-class output. */
    public static Metric macroF1() {
        return confusion("macro_f1", null, ConfusionMatrix::macroF1);
    }

    /**
     * The mean of {@code loss} over all examples: each batch's value (a mean over the batch, as with
     * {@link ai.deepj.nn.loss.Reduction#MEAN}) weighted by its number of rows. For losses whose mean is
     * weighted (class weights), this is the size-weighted mean of the batch values.
     */
    public static Metric loss(String name, Loss loss) {
        checkName(name);
        if (loss == null) throw new IllegalArgumentException("Metrics.loss: loss must not be null");
        return new Metric() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Accumulator newAccumulator() {
                return new Mean(name, loss);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private static BinaryOutput required(BinaryOutput output) {
        if (output == null) throw new IllegalArgumentException("Metrics: the binary output kind must not be null (LOGITS or PROBABILITIES)");
        return output;
    }

    private static int checkClass(int c) {
        if (c < 0) throw new IllegalArgumentException("Metrics: class must be >= 0, got " + c);
        return c;
    }

    private static int inRange(ConfusionMatrix cm, int c) {
        if (c >= cm.numClasses()) throw new IllegalArgumentException("Metrics: class " + c + " but the predictions have " + cm.numClasses()
                + " classes");
        return c;
    }

    static void checkName(String name) {
        if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("Metrics: a metric name is lower case letters, digits and _, starting with a letter; got '"
                    + name + "'");
        }
    }

    private static Metric confusion(String name, BinaryOutput binary, ToDoubleFunction<ConfusionMatrix> value) {
        return new Metric() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Accumulator newAccumulator() {
                return new Confusion(name, binary, value);
            }

            @Override
            public String toString() {
                return name + (binary == null ? "" : " (" + binary.name().toLowerCase(java.util.Locale.ROOT) + ")");
            }
        };
    }

    /** Accumulates a confusion matrix; the number of classes comes from the first batch. */
    private static final class Confusion implements Metric.Accumulator {
        private final String name;
        private final BinaryOutput binary;
        private final ToDoubleFunction<ConfusionMatrix> value;
        private ConfusionMatrix cm;

        Confusion(String name, BinaryOutput binary, ToDoubleFunction<ConfusionMatrix> value) {
            this.name = name;
            this.binary = binary;
            this.value = value;
        }

        @Override
        public void add(Tensor predictions, Tensor targets) {
            String op = "metric " + name;
            int k = Labels.numClasses(op, predictions, binary);
            if (cm == null) {
                cm = new ConfusionMatrix(k);
            } else if (k != cm.numClasses()) {
                throw new IllegalArgumentException(op + ": predictions " + predictions.shape() + " speak of " + k
                        + " classes, earlier batches of " + cm.numClasses());
            }
            int[] p = Labels.predicted(op, predictions, binary);
            cm.addLabels(Labels.truth(op, targets, p.length, k), p);
        }

        @Override
        public double value() {
            return cm == null ? Double.NaN : value.applyAsDouble(cm);
        }

        @Override
        public double[] state() {
            return cm == null ? new double[0] : cm.state();
        }

        @Override
        public void restore(double[] state) {
            cm = state.length == 0 ? null : ConfusionMatrix.fromState(state);
        }
    }

    /** A size-weighted mean of a loss's batch values. */
    private static final class Mean implements Metric.Accumulator {
        private final String name;
        private final Loss loss;
        private double sum;
        private long count;

        Mean(String name, Loss loss) {
            this.name = name;
            this.loss = loss;
        }

        @Override
        public void add(Tensor predictions, Tensor targets) {
            double v;
            try (var s = Autograd.noGrad()) {
                Tensor l = loss.compute(predictions, targets);
                if (l.numel() != 1) {
                    throw new IllegalArgumentException("metric " + name + ": the loss gave " + l.shape() + ", not a scalar (use a mean or"
                            + " sum reduction)");
                }
                v = l.item();
            }
            int n = predictions.size(0);
            sum += v * n;
            count += n;
        }

        @Override
        public double value() {
            return count == 0 ? Double.NaN : sum / count;
        }

        @Override
        public double[] state() {
            return new double[] {sum, count};
        }

        @Override
        public void restore(double[] state) {
            if (state.length != 2) throw new IllegalArgumentException("metric " + name + ": a saved state of " + state.length + " values, expected 2");
            sum = state[0];
            count = (long) state[1];
        }
    }
}
