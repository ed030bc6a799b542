package ai.deepj.train.metrics;

/**
 * How to read a binary classifier's single output column: as a logit (the value before the sigmoid,
 * as {@link ai.deepj.nn.loss.BinaryCrossEntropyWithLogits} expects) or as a probability (after a
 * sigmoid, as {@link ai.deepj.nn.loss.BinaryCrossEntropy} expects). An example is predicted positive
 * when its output is strictly above the threshold: {@code z > 0} for logits, {@code p > 0.5} for
 * probabilities, which is the same decision ({@code σ(z) > 0.5 ⇔ z > 0}) and the course's
 * {@code A > 0.5}.
 */
public enum BinaryOutput {
    /** Logits: positive when {@code z > 0}. */
    LOGITS(0.0),
    /** Probabilities: positive when {@code p > 0.5}. */
    PROBABILITIES(0.5);

    private final double threshold;

    BinaryOutput(double threshold) {
        this.threshold = threshold;
    }

    /** The threshold an output must exceed to count as the positive class. */
    public double threshold() {
        return threshold;
    }
}
