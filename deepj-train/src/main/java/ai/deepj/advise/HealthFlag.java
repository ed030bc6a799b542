package ai.deepj.advise;

import java.util.List;

/**
 * A condition {@link TrainingHealth} saw during training: what, when (first and last step, how
 * many records), the numbers behind it and the course's remedies.
 *
 * {@snippet :
 * for (HealthFlag f : health.flags()) {
 *     System.out.println(f.condition().title() + " since step " + f.firstStep() + ": " + f.detail());
 *     f.remedies().forEach(r -> System.out.println("  - " + r));
 * }
 * }
 *
 * @param condition    what was seen
 * @param firstStep    the step it was first seen at
 * @param lastStep     the step it was last seen at
 * @param count        at how many checks it was seen (records, or batches for a non-finite cost)
 * @param detail       the numbers when it was first seen
 * @param latestDetail the numbers when it was last seen
 */
public record HealthFlag(Condition condition, long firstStep, long lastStep, int count, String detail, String latestDetail) {
    /** How serious a condition is. */
    public enum Severity {
        /** Training is going wrong, or will. */
        WARNING,
        /** Worth a look; not an error on its own. */
        NOTE
    }

    /** The conditions, with the course's remedies. */
    public enum Condition {
        /** Early layers' gradients orders of magnitude below later layers', or below a floor. */
        VANISHING_GRADIENTS("vanishing gradients", Severity.WARNING, List.of(
                "careful initialization: He (Var(w) = 2/n[l-1]) for ReLU layers, Xavier (1/n[l-1]) for tanh",
                "batch normalization",
                "ReLU hidden units instead of sigmoid/tanh (their slope does not shrink toward 0)")),
        /** Gradient norms above a ceiling, not finite, or growing fast. */
        EXPLODING_GRADIENTS("exploding gradients", Severity.WARNING, List.of(
                "gradient clipping (GradClip.byNorm, or byValue)",
                "a smaller learning rate α",
                "careful initialization: He for ReLU, Xavier for tanh, so W is not much bigger than 1")),
        /** The cost became NaN or infinite: training diverged. */
        COST_NOT_FINITE("cost is NaN or infinite", Severity.WARNING, List.of(
                "lower the learning rate α (if J diverges, α is probably too large)",
                "check the inputs are normalized and finite",
                "Autograd.detectAnomaly() names the first operation that produces NaN or ∞")),
        /** The cost went up over a window of records. */
        COST_RISING("cost rising", Severity.WARNING, List.of(
                "lower the learning rate α (J going up means α is probably too large)",
                "learning-rate decay")),
        /** The cost barely went down over a window of records. */
        COST_CRAWLING("cost barely decreasing", Severity.WARNING, List.of(
                "raise the learning rate α (J converging slowly means α may be too small)",
                "a better optimizer: momentum, RMSprop or Adam",
                "normalize the inputs",
                "if the cost is already as low as you expect, training has converged: stop")),
        /** Many ReLU units output 0 for every example of the probe batch. */
        DEAD_RELUS("dead ReLU units", Severity.WARNING, List.of(
                "lower the learning rate α (a large update can push units into the dead region for good)",
                "leaky ReLU",
                "He initialization, and biases that start at 0")),
        /** Update / weight ratio ‖ΔW‖/‖W‖ far from the usual ~1e-3. */
        UPDATE_RATIO("update/weight ratio far from ~1e-3", Severity.NOTE, List.of(
                "far below 1e-3: the learning rate α may be too small",
                "far above 1e-3: the learning rate α may be too large"));

        private final String title;
        private final Severity severity;
        private final List<String> remedies;

        Condition(String title, Severity severity, List<String> remedies) {
            this.title = title;
            this.severity = severity;
            this.remedies = remedies;
        }

        /** The condition in words. */
        public String title() {
            return title;
        }

        /** Warning or note. */
        public Severity severity() {
            return severity;
        }

        /** The course's remedies. */
        public List<String> remedies() {
            return remedies;
        }
    }

    /** {@code condition().severity()}. */
    public Severity severity() {
        return condition.severity();
    }

    /** {@code condition().remedies()}. */
    public List<String> remedies() {
        return condition.remedies();
    }
}
