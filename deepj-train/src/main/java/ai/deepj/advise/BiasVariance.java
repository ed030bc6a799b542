package ai.deepj.advise;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The course's bias / variance analysis: from the training and dev errors (and, when known, the
 * human-level error as a proxy for Bayes error and the error on a training-dev set), the three
 * gaps, a diagnosis and the basic recipe's next steps.
 *
 * <table>
 *   <caption>The gaps (errors as fractions: 0.11 for 11 %)</caption>
 *   <tr><th>gap</th><th>definition</th><th>large means</th></tr>
 *   <tr><td>avoidable bias</td><td>training − human-level (0 when human-level is not given)</td><td>high bias: underfitting</td></tr>
 *   <tr><td>variance</td><td>training-dev − training, or dev − training without a training-dev error</td><td>high variance: overfitting</td></tr>
 *   <tr><td>data mismatch</td><td>dev − training-dev (only with a training-dev error)</td><td>dev data differs from training data</td></tr>
 * </table>
 *
 * <p>Without a human-level error the Bayes error is taken as 0, the course's assumption in its
 * first examples ("human error ≈ 0 %"). Without a training-dev error (a held-out slice of the
 * training distribution), the dev − train gap mixes variance and data mismatch, and the report says
 * so.
 *
 * <p>A gap is a problem when it exceeds its {@link Thresholds threshold} — by default 1.5
 * percentage points each. The course's examples put the line between 1 and 2 points: train 1 % /
 * dev 11 % is high variance but not high bias (avoidable bias 1 point); 15 % / 16 % is high bias
 * but not high variance (1 point); with human-level 7.5 %, train 8 % / dev 10 % is a variance
 * problem (2 points). When several gaps are problems, the {@link #focus()} is the largest one, as
 * the course advises ("focus on the bigger of avoidable bias and variance").
 *
 * {@snippet :
 * BiasVariance bv = BiasVariance.of(0.08, 0.10).withHumanLevel(0.01);
 * bv.avoidableBias();          // 0.07
 * bv.variance();               // 0.02
 * bv.problems();               // [AVOIDABLE_BIAS, VARIANCE]
 * bv.focus();                  // Optional[AVOIDABLE_BIAS]: 7 points > 2 points
 * System.out.print(bv.report());
 * }
 *
 * <p>Instances are immutable; the {@code with...} methods return new ones.
 */
public final class BiasVariance {
    /** The three problems a gap can show. */
    public enum Problem {
        /** Training error well above human level: high bias, underfitting. */
        AVOIDABLE_BIAS("high bias", "avoidable bias"),
        /** Held-out error (train-dev, or dev) well above training error: high variance, overfitting. */
        VARIANCE("high variance", "variance"),
        /** Dev error well above train-dev error: the dev data differs from the training data. */
        DATA_MISMATCH("data mismatch", "data mismatch");

        private final String diagnosis;
        private final String gap;

        Problem(String diagnosis, String gap) {
            this.diagnosis = diagnosis;
            this.gap = gap;
        }

        /** The diagnosis in words: {@code high bias}, {@code high variance}, {@code data mismatch}. */
        public String diagnosis() {
            return diagnosis;
        }

        /** The gap's name: {@code avoidable bias}, {@code variance}, {@code data mismatch}. */
        public String gapName() {
            return gap;
        }
    }

    /**
     * How large each gap (a difference of error fractions) must be to count as a problem. A gap
     * counts when it exceeds its threshold by more than 1e-9, so that binary rounding (0.16 − 0.15
     * is 0.010000000000000009) cannot tip a gap that equals a threshold.
     *
     * @param avoidableBias threshold for training − human-level
     * @param variance      threshold for (train-dev or dev) − training
     * @param dataMismatch  threshold for dev − train-dev
     */
    public record Thresholds(double avoidableBias, double variance, double dataMismatch) {
        /** Checks every threshold is in [0, 1). */
        public Thresholds {
            check("avoidable bias", avoidableBias);
            check("variance", variance);
            check("data mismatch", dataMismatch);
        }

        private static void check(String name, double t) {
            if (!(t >= 0 && t < 1)) {
                throw new IllegalArgumentException("BiasVariance.Thresholds: the " + name
                        + " threshold must be a fraction in [0, 1) (0.015 for 1.5 percentage points), got " + t);
            }
        }

        /** 1.5 percentage points for each gap (see the class comment for why). */
        public static Thresholds defaults() {
            return new Thresholds(0.015, 0.015, 0.015);
        }

        /** Same thresholds with another one for avoidable bias. */
        public Thresholds withAvoidableBias(double t) {
            return new Thresholds(t, variance, dataMismatch);
        }

        /** Same thresholds with another one for variance. */
        public Thresholds withVariance(double t) {
            return new Thresholds(avoidableBias, t, dataMismatch);
        }

        /** Same thresholds with another one for data mismatch. */
        public Thresholds withDataMismatch(double t) {
            return new Thresholds(avoidableBias, variance, t);
        }
    }

    private static final double ROUNDING_SLACK = 1e-9;

    private final double train;
    private final double dev;
    private final double humanLevel; // NaN: not given
    private final double trainDev; // NaN: not given
    private final Thresholds thresholds;

    private BiasVariance(double train, double dev, double humanLevel, double trainDev, Thresholds thresholds) {
        this.train = train;
        this.dev = dev;
        this.humanLevel = humanLevel;
        this.trainDev = trainDev;
        this.thresholds = thresholds;
    }

    /**
     * The analysis of a training error and a dev error, both fractions in [0, 1] (0.11 for 11 %),
     * with the Bayes error taken as 0 and default thresholds.
     */
    public static BiasVariance of(double trainError, double devError) {
        return new BiasVariance(checkError("training", trainError), checkError("dev", devError), Double.NaN, Double.NaN,
                Thresholds.defaults());
    }

    /**
     * The same analysis with a human-level error (a fraction), the course's proxy for Bayes error:
     * use the best human performance (a team of experts) when asking how low the error can go.
     */
    public BiasVariance withHumanLevel(double humanLevelError) {
        return new BiasVariance(train, dev, checkError("human-level", humanLevelError), trainDev, thresholds);
    }

    /**
     * The same analysis with the error on a training-dev set: data from the training distribution
     * that was not trained on. It separates variance (training-dev − training) from data mismatch
     * (dev − training-dev).
     */
    public BiasVariance withTrainDev(double trainDevError) {
        return new BiasVariance(train, dev, humanLevel, checkError("training-dev", trainDevError), thresholds);
    }

    /** The same analysis with other thresholds. */
    public BiasVariance withThresholds(Thresholds t) {
        if (t == null) throw new IllegalArgumentException("BiasVariance.withThresholds: thresholds must not be null");
        return new BiasVariance(train, dev, humanLevel, trainDev, t);
    }

    private static double checkError(String which, double e) {
        if (!(e >= 0 && e <= 1)) {
            String hint = e > 1 && e <= 100 ? " (pass " + fraction(e) + " for " + fraction(e * 100) + " %: errors are fractions, not percentages)" : "";
            throw new IllegalArgumentException("BiasVariance: the " + which + " error must be a fraction in [0, 1], got " + e + hint);
        }
        return e;
    }

    private static String fraction(double v) {
        return new java.math.BigDecimal(Double.toString(v / 100)).stripTrailingZeros().toPlainString();
    }

    // ------------------------------------------------------------------ inputs

    /** The training error. */
    public double trainError() {
        return train;
    }

    /** The dev error. */
    public double devError() {
        return dev;
    }

    /** The human-level error, if given. */
    public OptionalDouble humanLevelError() {
        return Double.isNaN(humanLevel) ? OptionalDouble.empty() : OptionalDouble.of(humanLevel);
    }

    /** The training-dev error, if given. */
    public OptionalDouble trainDevError() {
        return Double.isNaN(trainDev) ? OptionalDouble.empty() : OptionalDouble.of(trainDev);
    }

    /** The thresholds in use. */
    public Thresholds thresholds() {
        return thresholds;
    }

    // ------------------------------------------------------------------ gaps

    /** The estimate of Bayes error used: the human-level error, or 0 when none was given. */
    public double bayesEstimate() {
        return Double.isNaN(humanLevel) ? 0 : humanLevel;
    }

    /** Training error − Bayes estimate; negative when training beats human level. */
    public double avoidableBias() {
        return train - bayesEstimate();
    }

    /** Training-dev error − training error, or dev − training without a training-dev error. */
    public double variance() {
        return (Double.isNaN(trainDev) ? dev : trainDev) - train;
    }

    /** Dev error − training-dev error; empty without a training-dev error. */
    public OptionalDouble dataMismatch() {
        return Double.isNaN(trainDev) ? OptionalDouble.empty() : OptionalDouble.of(dev - trainDev);
    }

    /** The gap for {@code p} (NaN for data mismatch without a training-dev error). */
    public double gap(Problem p) {
        return switch (p) {
            case AVOIDABLE_BIAS -> avoidableBias();
            case VARIANCE -> variance();
            case DATA_MISMATCH -> dataMismatch().orElse(Double.NaN);
        };
    }

    /** The threshold for {@code p}. */
    public double threshold(Problem p) {
        return switch (p) {
            case AVOIDABLE_BIAS -> thresholds.avoidableBias();
            case VARIANCE -> thresholds.variance();
            case DATA_MISMATCH -> thresholds.dataMismatch();
        };
    }

    private boolean exceeds(Problem p) {
        double g = gap(p);
        return !Double.isNaN(g) && g > threshold(p) + ROUNDING_SLACK;
    }

    // ------------------------------------------------------------------ diagnosis

    /** The gaps above their thresholds. */
    public Set<Problem> problems() {
        EnumSet<Problem> s = EnumSet.noneOf(Problem.class);
        for (Problem p : Problem.values()) if (exceeds(p)) s.add(p);
        return Collections.unmodifiableSet(s);
    }

    /** Whether the avoidable bias is a problem. */
    public boolean highBias() {
        return exceeds(Problem.AVOIDABLE_BIAS);
    }

    /** Whether the variance is a problem. */
    public boolean highVariance() {
        return exceeds(Problem.VARIANCE);
    }

    /** Whether the data mismatch is a problem (never without a training-dev error). */
    public boolean highDataMismatch() {
        return exceeds(Problem.DATA_MISMATCH);
    }

    /** No gap above its threshold. */
    public boolean looksFine() {
        return problems().isEmpty();
    }

    /**
     * The problem with the largest gap, to work on first; empty when nothing is a problem. Ties go
     * in the basic recipe's order: bias, then variance, then data mismatch.
     */
    public Optional<Problem> focus() {
        Problem best = null;
        for (Problem p : problems()) if (best == null || gap(p) > gap(best)) best = p;
        return Optional.ofNullable(best);
    }

    /**
     * The diagnosis in words: {@code looks fine}, {@code high bias}, {@code high variance},
     * {@code high bias and high variance}, {@code data mismatch}, {@code high bias and data
     * mismatch}, ...
     */
    public String diagnosis() {
        List<String> parts = new ArrayList<>();
        for (Problem p : problems()) parts.add(p.diagnosis());
        if (parts.isEmpty()) return "looks fine";
        if (parts.size() == 1) return parts.get(0);
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    /**
     * The course's next steps for {@code p} (the basic recipe for bias and variance; the
     * "addressing data mismatch" advice for data mismatch).
     */
    public static List<String> recipe(Problem p) {
        return switch (p) {
            case AVOIDABLE_BIAS -> List.of(
                    "train a bigger network (more hidden layers or more hidden units)",
                    "train longer, or use a better optimization algorithm (momentum, RMSprop, Adam)",
                    "try another neural-network architecture, or search the hyperparameters");
            case VARIANCE -> List.of(
                    "get more training data (or augment the data you have)",
                    "regularization: L2, dropout, data augmentation",
                    "try another neural-network architecture, or search the hyperparameters");
            case DATA_MISMATCH -> List.of(
                    "carry out manual error analysis to understand how the training and dev/test sets differ",
                    "make the training data more similar to the dev/test data, or collect more data like it "
                            + "(e.g. artificial data synthesis)");
        };
    }

    /** The next steps for every problem, largest gap first; a short note when nothing is a problem. */
    public List<String> nextSteps() {
        List<String> steps = new ArrayList<>();
        List<Problem> order = new ArrayList<>(problems());
        order.sort((a, b) -> Double.compare(gap(b), gap(a)));
        for (Problem p : order) steps.addAll(recipe(p));
        if (steps.isEmpty()) {
            steps.add("bias and variance are both low: confirm on the test set; if the model still falls short of what "
                    + "you need, revisit the dev set and the metric");
        }
        return steps.stream().distinct().toList();
    }

    /** A report for a person: the errors, the gaps against their thresholds, the diagnosis, the next steps and notes. */
    public String report() {
        StringBuilder sb = new StringBuilder("Bias / variance analysis\n");
        String human = Double.isNaN(humanLevel) ? "not given (Bayes error taken as 0 %)" : pct(humanLevel);
        row(sb, "human-level error (Bayes proxy)", human);
        row(sb, "training error", pct(train));
        if (!Double.isNaN(trainDev)) row(sb, "training-dev error", pct(trainDev));
        row(sb, "dev error", pct(dev));
        sb.append('\n');
        for (Problem p : Problem.values()) {
            double g = gap(p);
            if (Double.isNaN(g)) continue;
            String verdict = exceeds(p) ? "HIGH" : "ok";
            row(sb, p.gapName(), String.format(Locale.ROOT, "%-8s (threshold %s)  %s", pct(g), pct(threshold(p)), verdict));
        }
        sb.append('\n').append("Diagnosis: ").append(diagnosis());
        focus().ifPresent(f -> {
            if (problems().size() > 1) sb.append("; focus first on ").append(f.gapName()).append(", the largest gap (")
                    .append(pct(gap(f))).append(')');
        });
        sb.append('\n').append("Next steps:\n");
        for (String s : nextSteps()) sb.append("  - ").append(s).append('\n');
        List<String> notes = notes();
        if (!notes.isEmpty()) {
            sb.append("Notes:\n");
            for (String n : notes) sb.append("  - ").append(n).append('\n');
        }
        return sb.toString();
    }

    /** Caveats about the inputs (missing training-dev set, training below human level, ...). */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        if (Double.isNaN(trainDev) && highVariance()) {
            notes.add("without a training-dev error the dev − training gap mixes variance and data mismatch; if the "
                    + "training and dev data come from different distributions, hold out a training-dev set to tell them apart");
        }
        if (!Double.isNaN(humanLevel) && train < humanLevel) {
            notes.add("the training error is below human level: human-level error is then a poor proxy for Bayes error, "
                    + "so the avoidable bias is not known (progress usually gets slower past human level)");
        }
        if (dev < train - thresholds.variance()) {
            notes.add("the dev error is well below the training error: unusual; check that the dev set is not easier "
                    + "than the training set and that the errors are measured the same way (e.g. dropout off)");
        }
        if (!Double.isNaN(trainDev) && trainDev > dev + thresholds.dataMismatch()) {
            notes.add("the dev error is well below the training-dev error: the dev data looks easier than the training data");
        }
        return notes;
    }

    private static void row(StringBuilder sb, String label, String value) {
        sb.append(String.format(Locale.ROOT, "  %-32s %s%n", label, value));
    }

    /** A fraction as a percentage with up to 3 decimals and no trailing zeros: 0.0025 → {@code 0.25 %}. */
    static String pct(double fraction) {
        String s = String.format(Locale.ROOT, "%.3f", fraction * 100);
        if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        if (s.equals("-0")) s = "0";
        return s + " %";
    }

    @Override
    public String toString() {
        return "BiasVariance[train " + pct(train) + ", dev " + pct(dev) + ": " + diagnosis() + "]";
    }
}
