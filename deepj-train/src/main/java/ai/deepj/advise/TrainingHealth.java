package ai.deepj.advise;

import ai.deepj.advise.HealthFlag.Condition;
import ai.deepj.advise.HealthFlag.Severity;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.Tensor;
import ai.deepj.train.Callback;
import ai.deepj.train.TrainState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Watches a training run and says, in the course's words, what looks wrong and what to try: a
 * {@link Callback} that records, at step 1 and every {@code every}-th step,
 *
 * <ul>
 *   <li>every parameter's gradient norm ‖dW‖ (seen in {@code afterBackward}, before the optimizer
 *       step and before any clipping the trainer does afterwards), and their total;
 *   <li>every parameter's update / weight ratio ‖W<sub>after</sub> − W<sub>before</sub>‖ / ‖W<sub>before</sub>‖
 *       around that step (a snapshot taken in {@code afterBackward}, compared in {@code onBatchEnd});
 *   <li>the mean of the batch costs since the previous record;
 *   <li>with a probe batch ({@link Options#withProbe}): the mean and standard deviation of every
 *       layer's output and the fraction of dead units of every ReLU ({@link ActivationProbe}: a
 *       {@code Sequential} layer by layer, any other model only its final output).
 * </ul>
 *
 * <p>At each record it checks (all limits in {@link Options}; "weights" are parameters of rank ≥ 2):
 *
 * <table>
 *   <caption>Conditions</caption>
 *   <tr><th>condition</th><th>when</th></tr>
 *   <tr><td>vanishing gradients</td><td>‖dW‖ of the first weight &lt; {@code vanishingRatio} × ‖dW‖ of the
 *       last weight (default 1e-2: two orders of magnitude), or some weight's ‖dW‖ &lt; {@code gradFloor}</td></tr>
 *   <tr><td>exploding gradients</td><td>some ‖dW‖ is NaN or ∞ or above {@code gradCeiling}, or the total grew
 *       more than {@code growthFactor}× since the previous record</td></tr>
 *   <tr><td>cost NaN or infinite</td><td>any batch's cost (checked every step, not only at records)</td></tr>
 *   <tr><td>cost rising</td><td>the mean recorded cost of the last {@code window} records is more than
 *       {@code risingTolerance} (relative) above the mean of the {@code window} records before them</td></tr>
 *   <tr><td>cost crawling</td><td>it is less than {@code crawlTolerance} (relative) below that earlier mean. A run
 *       that has converged crawls too: the remedy list says so</td></tr>
 *   <tr><td>dead ReLUs</td><td>some ReLU has more than {@code deadFraction} of its units dead on the probe</td></tr>
 *   <tr><td>update ratio (a note)</td><td>the median update / weight ratio over the weights is outside
 *       [{@code updateRatioLow}, {@code updateRatioHigh}] (default [1e-5, 1e-1], two orders of magnitude
 *       around the usual ~1e-3)</td></tr>
 * </table>
 *
 * <p>{@link #flags()} lists what was seen (each condition once, with its first and last step);
 * {@link #report()} puts it in words; {@link #series()} returns the recorded numbers as aligned
 * columns for plotting and {@link #writeCsv} writes them. With
 * {@link Options#withStopOnNonFiniteCost} it also asks the trainer to stop once the cost is NaN.
 *
 * {@snippet :
 * TrainingHealth health = new TrainingHealth(TrainingHealth.Options.defaults().withEvery(20).withProbe(xDev.narrow(0, 0, 256)));
 * // give it to the trainer as a callback, or call it from a loop in the documented order:
 * Tensor cost = loss.compute(model.forward(x), y);
 * cost.backward();
 * health.afterBackward(state);               // snapshot of W, gradient norms
 * optimizer.step();
 * health.onBatchEnd(state, cost.item());     // update ratios, activations, checks
 * optimizer.zeroGrad();
 * // ... after training:
 * System.out.print(health.report());
 * health.writeCsv(Path.of("health.csv"));
 * double[] firstLayer = health.series().get("grad_norm/0.weight");
 * }
 *
 * <p>Series names: {@code step}, {@code loss}, {@code grad_norm_total}, {@code grad_norm/<parameter>},
 * {@code update_ratio/<parameter>} (NaN where ‖W‖ was 0), {@code act_mean/<layer>},
 * {@code act_std/<layer>}, {@code dead_fraction/<layer>} (ReLUs only), with parameters named as in
 * {@code Module.namedParameters()} and layers as in {@link ActivationProbe}. Not thread-safe: one
 * instance per training run.
 *
 * <p>Cost: on a recorded step, one copy of the trainable parameters (in their own type) is held
 * from {@code afterBackward} to {@code onBatchEnd}, and the probe batch runs forward once; other
 * steps cost nothing but adding up the cost.
 */
public final class TrainingHealth implements Callback {
    /**
     * What to record and when to flag; see the class comment for each limit's use.
     *
     * @param every               record at step 1 and every {@code every}-th step
     * @param probe               a batch of inputs for activation statistics, or null for none
     * @param vanishingRatio      first-weight ‖dW‖ / last-weight ‖dW‖ below this is vanishing
     * @param gradFloor           a weight's ‖dW‖ below this is vanishing
     * @param gradCeiling         a parameter's ‖dW‖ above this is exploding
     * @param growthFactor        the total ‖grad‖ growing more than this between records is exploding
     * @param window              how many records each of the two compared cost means spans
     * @param risingTolerance     relative rise over the window that counts as rising
     * @param crawlTolerance      relative fall over the window below which the cost is crawling
     * @param deadFraction        fraction of dead units above which a ReLU layer is flagged
     * @param updateRatioLow      median update / weight ratio below this is noted
     * @param updateRatioHigh     median update / weight ratio above this is noted
     * @param stopOnNonFiniteCost whether to {@link TrainState#requestStop request a stop} when the cost is NaN or ∞
     */
    public record Options(int every, Tensor probe, double vanishingRatio, double gradFloor, double gradCeiling,
            double growthFactor, int window, double risingTolerance, double crawlTolerance, double deadFraction,
            double updateRatioLow, double updateRatioHigh, boolean stopOnNonFiniteCost) {
        /** Checks the limits. */
        public Options {
            if (every < 1) throw new IllegalArgumentException("TrainingHealth.Options: every must be at least 1 step, got " + every);
            if (window < 1) throw new IllegalArgumentException("TrainingHealth.Options: window must be at least 1 record, got " + window);
            positive("vanishingRatio", vanishingRatio);
            positive("gradFloor", gradFloor);
            positive("gradCeiling", gradCeiling);
            if (!(growthFactor > 1)) throw new IllegalArgumentException("TrainingHealth.Options: growthFactor must be > 1, got " + growthFactor);
            positive("risingTolerance", risingTolerance);
            positive("crawlTolerance", crawlTolerance);
            if (!(deadFraction >= 0 && deadFraction < 1)) {
                throw new IllegalArgumentException("TrainingHealth.Options: deadFraction must be in [0, 1), got " + deadFraction);
            }
            positive("updateRatioLow", updateRatioLow);
            if (!(updateRatioHigh > updateRatioLow)) {
                throw new IllegalArgumentException("TrainingHealth.Options: updateRatioHigh (" + updateRatioHigh
                        + ") must be above updateRatioLow (" + updateRatioLow + ")");
            }
            if (probe != null && probe.dim() == 0) {
                throw new IllegalArgumentException("TrainingHealth.Options: the probe must be a batch [batch, ...], got a scalar");
            }
        }

        private static void positive(String name, double v) {
            if (!(v > 0 && Double.isFinite(v))) throw new IllegalArgumentException("TrainingHealth.Options: " + name + " must be positive, got " + v);
        }

        /** Every 10 steps, no probe, the limits in the class comment, no stopping. */
        public static Options defaults() {
            return new Options(10, null, 1e-2, 1e-8, 1e3, 1e2, 5, 0.1, 0.01, 0.5, 1e-5, 1e-1, false);
        }

        /** Same options, recording every {@code n} steps. */
        public Options withEvery(int n) {
            return new Options(n, probe, vanishingRatio, gradFloor, gradCeiling, growthFactor, window, risingTolerance,
                    crawlTolerance, deadFraction, updateRatioLow, updateRatioHigh, stopOnNonFiniteCost);
        }

        /** Same options with a probe batch for activation statistics. */
        public Options withProbe(Tensor batch) {
            return new Options(every, batch, vanishingRatio, gradFloor, gradCeiling, growthFactor, window, risingTolerance,
                    crawlTolerance, deadFraction, updateRatioLow, updateRatioHigh, stopOnNonFiniteCost);
        }

        /** Same options with other vanishing-gradient limits. */
        public Options withVanishing(double ratio, double floor) {
            return new Options(every, probe, ratio, floor, gradCeiling, growthFactor, window, risingTolerance,
                    crawlTolerance, deadFraction, updateRatioLow, updateRatioHigh, stopOnNonFiniteCost);
        }

        /** Same options with other exploding-gradient limits. */
        public Options withExploding(double ceiling, double growth) {
            return new Options(every, probe, vanishingRatio, gradFloor, ceiling, growth, window, risingTolerance,
                    crawlTolerance, deadFraction, updateRatioLow, updateRatioHigh, stopOnNonFiniteCost);
        }

        /** Same options with another cost-trend window and tolerances. */
        public Options withCostTrend(int records, double rising, double crawl) {
            return new Options(every, probe, vanishingRatio, gradFloor, gradCeiling, growthFactor, records, rising,
                    crawl, deadFraction, updateRatioLow, updateRatioHigh, stopOnNonFiniteCost);
        }

        /** Same options with another dead-unit fraction. */
        public Options withDeadFraction(double f) {
            return new Options(every, probe, vanishingRatio, gradFloor, gradCeiling, growthFactor, window, risingTolerance,
                    crawlTolerance, f, updateRatioLow, updateRatioHigh, stopOnNonFiniteCost);
        }

        /** Same options with another band for the update / weight ratio. */
        public Options withUpdateRatioBand(double low, double high) {
            return new Options(every, probe, vanishingRatio, gradFloor, gradCeiling, growthFactor, window, risingTolerance,
                    crawlTolerance, deadFraction, low, high, stopOnNonFiniteCost);
        }

        /** Same options, asking the trainer to stop (or not) once the cost is NaN or infinite. */
        public Options withStopOnNonFiniteCost(boolean stop) {
            return new Options(every, probe, vanishingRatio, gradFloor, gradCeiling, growthFactor, window, risingTolerance,
                    crawlTolerance, deadFraction, updateRatioLow, updateRatioHigh, stop);
        }
    }

    private final Options options;
    private final SeriesTable table = new SeriesTable();
    private final Map<Condition, HealthFlag> flags = new EnumMap<>(Condition.class);
    private final List<Condition> flagOrder = new ArrayList<>();

    private long pendingStep = -1; // the step (counted after it) whose snapshot is held
    private Map<String, Tensor> before;
    private Map<String, Double> pendingGradNorms;
    private double lossSum;
    private int lossCount;
    private boolean stopRequested;

    /** A monitor with the given options. */
    public TrainingHealth(Options options) {
        if (options == null) throw new IllegalArgumentException("TrainingHealth: options must not be null");
        this.options = options;
    }

    /** A monitor with {@link Options#defaults()}. */
    public TrainingHealth() {
        this(Options.defaults());
    }

    /** The options in use. */
    public Options options() {
        return options;
    }

    private boolean records(long stepAfter) {
        return stepAfter == 1 || stepAfter % options.every() == 0;
    }

    @Override
    public void afterBackward(TrainState state) {
        long next = state.step() + 1;
        if (!records(next)) {
            before = null;
            return;
        }
        Map<String, Tensor> snap = new LinkedHashMap<>();
        Map<String, Double> norms = new LinkedHashMap<>();
        try (var s = Autograd.noGrad()) {
            for (var e : state.model().namedParameters().entrySet()) {
                Tensor p = e.getValue();
                if (!p.requiresGrad()) continue; // frozen: neither gradient nor update
                snap.put(e.getKey(), p.clone()); // in its own type: a float32 model costs one float32 copy
                // A parameter this batch did not reach has no gradient: no norm rather than a false alarm.
                if (p.grad() != null) norms.put(e.getKey(), norm(p.grad().toDoubleArray()));
            }
        }
        before = snap;
        pendingGradNorms = norms;
        pendingStep = next;
    }

    @Override
    public void onBatchEnd(TrainState state, double loss) {
        long step = state.step();
        lossSum += loss;
        lossCount++;
        if (!Double.isFinite(loss)) {
            raise(Condition.COST_NOT_FINITE, step, "the cost of the batch at step " + step + " is " + loss);
            if (options.stopOnNonFiniteCost() && !stopRequested) {
                stopRequested = true;
                state.requestStop("TrainingHealth: the cost is " + loss + " at step " + step
                        + "; lower the learning rate α (if J diverges, α is probably too large)");
            }
        }
        if (before == null || pendingStep != step) return;
        Map<String, Double> row = new LinkedHashMap<>();
        row.put("step", (double) step);
        row.put("loss", lossSum / lossCount);
        lossSum = 0;
        lossCount = 0;

        Map<String, Tensor> params = state.model().namedParameters();
        row.put("grad_norm_total", norm(pendingGradNorms.values().stream().mapToDouble(Double::doubleValue).toArray()));
        for (var e : pendingGradNorms.entrySet()) row.put("grad_norm/" + e.getKey(), e.getValue());
        try (var s = Autograd.noGrad()) {
            for (var e : before.entrySet()) {
                Tensor p = params.get(e.getKey());
                row.put("update_ratio/" + e.getKey(), p == null ? Double.NaN : updateRatio(e.getValue().toDoubleArray(), p.toDoubleArray()));
            }
        }
        List<ActivationProbe.LayerStats> layers = options.probe() == null ? List.of() : ActivationProbe.run(state.model(), options.probe());
        for (ActivationProbe.LayerStats l : layers) {
            row.put("act_mean/" + l.name(), l.mean());
            row.put("act_std/" + l.name(), l.std());
            if (l.isReLU()) row.put("dead_fraction/" + l.name(), l.deadFraction());
        }
        List<String> weights = new ArrayList<>();
        for (String name : pendingGradNorms.keySet()) if (params.get(name).dim() >= 2) weights.add(name);
        table.add(row);
        before = null;
        pendingGradNorms = null;
        check(step, row, weights, layers);
    }

    // ------------------------------------------------------------------ checks

    private void check(long step, Map<String, Double> row, List<String> weights, List<ActivationProbe.LayerStats> layers) {
        checkGradients(step, row, weights);
        checkCost(step);
        for (ActivationProbe.LayerStats l : layers) {
            if (l.isReLU() && l.deadFraction() > options.deadFraction()) {
                raise(Condition.DEAD_RELUS, step, String.format(Locale.ROOT,
                        "%s: %.0f %% of its units output 0 for every example of the probe batch (limit %.0f %%)",
                        l.name(), 100 * l.deadFraction(), 100 * options.deadFraction()));
                break;
            }
        }
        double[] ratios = weights.stream().mapToDouble(w -> row.get("update_ratio/" + w)).filter(Double::isFinite).sorted().toArray();
        if (ratios.length > 0) {
            double median = ratios.length % 2 == 1 ? ratios[ratios.length / 2] : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
            if (median < options.updateRatioLow() || median > options.updateRatioHigh()) {
                raise(Condition.UPDATE_RATIO, step, "median ‖ΔW‖/‖W‖ over the weights is " + sci(median) + " ("
                        + (median < options.updateRatioLow() ? "below " + sci(options.updateRatioLow()) + ": α may be too small"
                                : "above " + sci(options.updateRatioHigh()) + ": α may be too large") + ")");
            }
        }
    }

    private void checkGradients(long step, Map<String, Double> row, List<String> weights) {
        for (var e : gradNormsOf(row).entrySet()) {
            double g = e.getValue();
            if (!Double.isFinite(g)) {
                raise(Condition.EXPLODING_GRADIENTS, step, "the gradient of " + e.getKey() + " is not finite (‖grad‖ = " + g + ")");
                return;
            }
            if (g > options.gradCeiling()) {
                raise(Condition.EXPLODING_GRADIENTS, step, "‖grad‖ of " + e.getKey() + " is " + sci(g) + ", above the ceiling "
                        + sci(options.gradCeiling()));
                return;
            }
        }
        double total = row.get("grad_norm_total");
        if (table.size() >= 2) {
            double prev = table.row(table.size() - 2).get("grad_norm_total");
            if (prev > 0 && Double.isFinite(prev) && total > options.growthFactor() * prev) {
                raise(Condition.EXPLODING_GRADIENTS, step, "the total ‖grad‖ grew from " + sci(prev) + " to " + sci(total)
                        + " since the previous record (more than " + sci(options.growthFactor()) + "×)");
            }
        }
        if (weights.size() >= 2) {
            String first = weights.get(0), last = weights.get(weights.size() - 1);
            double a = row.get("grad_norm/" + first), b = row.get("grad_norm/" + last);
            if (Double.isFinite(a) && Double.isFinite(b) && b > 0 && a < options.vanishingRatio() * b) {
                raise(Condition.VANISHING_GRADIENTS, step, "‖dW‖ of the first weight " + first + " (" + sci(a) + ") is "
                        + sci(a / b) + " × that of the last weight " + last + " (" + sci(b) + "), below "
                        + sci(options.vanishingRatio()));
                return;
            }
        }
        for (String w : weights) {
            double g = row.get("grad_norm/" + w);
            if (Double.isFinite(g) && g < options.gradFloor()) {
                raise(Condition.VANISHING_GRADIENTS, step, "‖dW‖ of " + w + " is " + sci(g) + ", below the floor " + sci(options.gradFloor()));
                return;
            }
        }
    }

    /** The per-parameter gradient norms of a row (without the total). */
    private static Map<String, Double> gradNormsOf(Map<String, Double> row) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (var e : row.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("grad_norm/")) out.put(k.substring("grad_norm/".length()), e.getValue());
        }
        return out;
    }

    /**
     * Compares the mean recorded cost of the last {@code window} records with the mean of the
     * {@code window} records before them: two windows of averages, so mini-batch noise does not read
     * as a rising or a stalled cost.
     */
    private void checkCost(long step) {
        int n = table.size(), w = options.window();
        if (n < 2 * w) return;
        long fromStep = table.row(n - 2 * w).get("step").longValue(), midStep = table.row(n - w).get("step").longValue();
        double a = meanLoss(n - 2 * w, n - w), b = meanLoss(n - w, n);
        if (!Double.isFinite(a) || !Double.isFinite(b)) return; // reported as COST_NOT_FINITE
        String span = String.format(Locale.ROOT, "mean cost of steps %d-%d", fromStep, midStep - 1);
        if (b > a + options.risingTolerance() * Math.abs(a)) {
            raise(Condition.COST_RISING, step, "the cost rose: " + span + " " + num(a) + ", of the next " + w + " records "
                    + num(b) + String.format(Locale.ROOT, " (+%.1f %%)", 100 * (b - a) / Math.abs(a)));
        } else if (a - b < options.crawlTolerance() * Math.abs(a)) {
            raise(Condition.COST_CRAWLING, step, "the cost barely moved: " + span + " " + num(a) + ", of the next " + w
                    + " records " + num(b) + String.format(Locale.ROOT, " (%+.3f %%, less than %.3g %% down)", 100 * (b - a) / Math.abs(a),
                            100 * options.crawlTolerance()));
        }
    }

    private double meanLoss(int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) sum += table.row(i).get("loss");
        return sum / (to - from);
    }

    private void raise(Condition c, long step, String detail) {
        HealthFlag old = flags.get(c);
        if (old == null) {
            flags.put(c, new HealthFlag(c, step, step, 1, detail, detail));
            flagOrder.add(c);
        } else {
            flags.put(c, new HealthFlag(c, old.firstStep(), step, old.count() + 1, old.detail(), detail));
        }
    }

    // ------------------------------------------------------------------ results

    /** Every condition seen, in the order first seen. */
    public List<HealthFlag> flags() {
        List<HealthFlag> out = new ArrayList<>();
        for (Condition c : flagOrder) out.add(flags.get(c));
        return out;
    }

    /** The conditions of severity {@link Severity#WARNING}, in the order first seen. */
    public List<HealthFlag> warnings() {
        return flags().stream().filter(f -> f.severity() == Severity.WARNING).toList();
    }

    /** Whether {@code c} was seen. */
    public boolean saw(Condition c) {
        return flags.containsKey(c);
    }

    /** The number of records taken. */
    public int records() {
        return table.size();
    }

    /** The recorded numbers as aligned columns (see the class comment for the names); NaN where a value was not recorded. */
    public Map<String, double[]> series() {
        return table.series();
    }

    /**
     * Writes {@link #series()} as CSV (a header of names, one line per record) atomically: a crash
     * leaves the previous file or the new one, never a part.
     */
    public void writeCsv(Path file) throws IOException {
        table.writeCsv(file);
    }

    /** What was seen and what to do, then the latest record's numbers, for a person to read. */
    public String report() {
        StringBuilder sb = new StringBuilder("Training health: ");
        int n = table.size();
        if (n == 0) {
            sb.append("nothing recorded yet (records are taken at step 1 and every ").append(options.every()).append(" steps)\n");
        } else {
            sb.append(n).append(n == 1 ? " record" : " records").append(", steps ").append(stepAt(0)).append(" to ").append(stepAt(n - 1))
                    .append(" (every ").append(options.every()).append("); cost ").append(num(table.row(0).get("loss")))
                    .append(" -> ").append(num(table.row(n - 1).get("loss"))).append('\n');
        }
        appendFlags(sb, "Warnings", Severity.WARNING);
        appendFlags(sb, "Notes", Severity.NOTE);
        if (flags.isEmpty()) sb.append("No problems seen.\n");
        if (n > 0) appendLatest(sb, table.row(n - 1));
        return sb.toString();
    }

    private long stepAt(int i) {
        return table.row(i).get("step").longValue();
    }

    private void appendFlags(StringBuilder sb, String heading, Severity severity) {
        List<HealthFlag> list = flags().stream().filter(f -> f.severity() == severity).toList();
        if (list.isEmpty()) return;
        sb.append(heading).append(":\n");
        for (HealthFlag f : list) {
            sb.append("  ").append(f.condition().title()).append(" (step ").append(f.firstStep());
            if (f.lastStep() != f.firstStep()) sb.append(" to ").append(f.lastStep());
            sb.append(", seen ").append(f.count()).append(f.count() == 1 ? " time" : " times").append(")\n");
            sb.append("    first: ").append(f.detail()).append('\n');
            if (f.count() > 1 && !f.latestDetail().equals(f.detail())) sb.append("    latest: ").append(f.latestDetail()).append('\n');
            sb.append("    try: ").append(String.join("; ", f.remedies())).append('\n');
        }
    }

    private static void appendLatest(StringBuilder sb, Map<String, Double> row) {
        sb.append("At step ").append(row.get("step").longValue()).append(":\n");
        sb.append(String.format(Locale.ROOT, "  %-24s %12s %12s%n", "parameter", "‖grad‖", "‖ΔW‖/‖W‖"));
        for (var e : row.entrySet()) {
            if (!e.getKey().startsWith("grad_norm/")) continue;
            String name = e.getKey().substring("grad_norm/".length());
            Double ratio = row.get("update_ratio/" + name);
            sb.append(String.format(Locale.ROOT, "  %-24s %12s %12s%n", name, sci(e.getValue()), ratio == null ? "" : sci(ratio)));
        }
        boolean header = false;
        for (var e : row.entrySet()) {
            if (!e.getKey().startsWith("act_mean/")) continue;
            String name = e.getKey().substring("act_mean/".length());
            if (!header) {
                sb.append(String.format(Locale.ROOT, "  %-24s %12s %12s %12s%n", "layer output", "mean", "std", "dead units"));
                header = true;
            }
            Double dead = row.get("dead_fraction/" + name);
            sb.append(String.format(Locale.ROOT, "  %-24s %12s %12s %12s%n", name, num(e.getValue()), num(row.get("act_std/" + name)),
                    dead == null ? "" : String.format(Locale.ROOT, "%.0f %%", 100 * dead)));
        }
    }

    // ------------------------------------------------------------------ numbers

    static double norm(double[] v) {
        // Scaled so that squares of huge gradients (1e200) do not overflow to ∞.
        double max = 0;
        for (double d : v) {
            if (Double.isNaN(d)) return Double.NaN;
            max = Math.max(max, Math.abs(d));
        }
        if (max == 0 || Double.isInfinite(max)) return max;
        double ss = 0;
        for (double d : v) ss += (d / max) * (d / max);
        return max * Math.sqrt(ss);
    }

    static double updateRatio(double[] before, double[] after) {
        double[] diff = new double[before.length];
        for (int i = 0; i < diff.length; i++) diff[i] = after[i] - before[i];
        double w = norm(before);
        return w == 0 ? Double.NaN : norm(diff) / w;
    }

    private static String sci(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2e", v) : Double.toString(v);
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : Double.toString(v);
    }

    @Override
    public String toString() {
        return "TrainingHealth[" + table.size() + " records, " + Arrays.toString(flagOrder.toArray()) + "]";
    }
}
