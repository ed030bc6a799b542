package ai.deepj.train.callbacks;

import ai.deepj.tensor.Tensor;
import ai.deepj.train.Callback;
import ai.deepj.train.CallbackState;
import ai.deepj.train.History;
import ai.deepj.train.TrainState;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Stops training when a monitored value has stopped improving (Keras's {@code EarlyStopping}, the
 * course's "early stopping"). After every epoch the value named {@link Options#monitor()} (e.g.
 * {@code dev_loss}, {@code dev_accuracy}) is compared with the best so far: it improves when it is
 * below {@code best − minDelta} (mode {@link Mode#MIN}) or above {@code best + minDelta} ({@link Mode#MAX}).
 * After {@code patience} epochs in a row without improvement a stop is requested (as in Keras, patience
 * 0 and 1 both stop at the first epoch that does not improve). A NaN value never improves.
 *
 * <p>With {@link Options#withRestoreBestWeights restoreBestWeights}, a copy of the weights of the best
 * epoch is kept and put back into the model when training ends, whether it stopped early or ran all its
 * epochs (the weights are then the best epoch's, not the last's; a {@code note} event says so).
 *
 * <p>Its state (best value and epoch, epochs waited, the best weights) is saved in checkpoints, so a
 * resumed run stops exactly where an uninterrupted one would.
 *
 * {@snippet :
 * new EarlyStopping(EarlyStopping.Options.minimize("dev_loss").withPatience(5).withMinDelta(1e-4).withRestoreBestWeights(true))
 * }
 */
public final class EarlyStopping implements Callback {
    /** Whether smaller or larger values are better. */
    public enum Mode {
        /** Smaller is better (losses). */
        MIN,
        /** Larger is better (accuracy, F1). */
        MAX
    }

    /**
     * Settings.
     *
     * @param monitor            the name of a value in the epoch's metrics, e.g. {@code dev_loss}
     * @param mode               whether it should go down or up
     * @param patience           epochs without improvement tolerated before stopping, ≥ 0
     * @param minDelta           the least change that counts as an improvement, ≥ 0
     * @param restoreBestWeights whether to put the best epoch's weights back at the end
     */
    public record Options(String monitor, Mode mode, int patience, double minDelta, boolean restoreBestWeights) {
        public Options {
            if (monitor == null || monitor.isBlank()) throw new IllegalArgumentException("EarlyStopping: monitor must name a metric, e.g. dev_loss");
            if (mode == null) throw new IllegalArgumentException("EarlyStopping: mode must not be null");
            if (patience < 0) throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
            if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
                throw new IllegalArgumentException("EarlyStopping: minDelta must be finite and >= 0, got " + minDelta);
            }
        }

        /** Monitor {@code metric}, smaller is better; patience 0, minDelta 0, no restoring. */
        public static Options minimize(String metric) {
            return new Options(metric, Mode.MIN, 0, 0, false);
        }

        /** Monitor {@code metric}, larger is better; patience 0, minDelta 0, no restoring. */
        public static Options maximize(String metric) {
            return new Options(metric, Mode.MAX, 0, 0, false);
        }

        /** Same settings with another patience. */
        public Options withPatience(int epochs) {
            return new Options(monitor, mode, epochs, minDelta, restoreBestWeights);
        }

        /** Same settings with another minimum improvement. */
        public Options withMinDelta(double delta) {
            return new Options(monitor, mode, patience, delta, restoreBestWeights);
        }

        /** Same settings, restoring the best weights at the end or not. */
        public Options withRestoreBestWeights(boolean restore) {
            return new Options(monitor, mode, patience, minDelta, restore);
        }
    }

    private final Options options;
    private double best = Double.NaN;
    private int bestEpoch = -1;
    private int wait;
    private Map<String, Tensor> bestWeights;

    /** Early stopping as {@code options} say. */
    public EarlyStopping(Options options) {
        if (options == null) throw new IllegalArgumentException("EarlyStopping: options must not be null");
        this.options = options;
    }

    /** The settings. */
    public Options options() {
        return options;
    }

    /** The best value so far (NaN before the first epoch). */
    public double best() {
        return best;
    }

    /** The epoch of the best value (−1 before the first epoch). */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** Epochs since the last improvement. */
    public int epochsWithoutImprovement() {
        return wait;
    }

    @Override
    public void onEpochEnd(TrainState state, Map<String, Double> metrics) {
        Double v = metrics.get(options.monitor());
        if (v == null) {
            throw new IllegalStateException("EarlyStopping: the epoch has no value '" + options.monitor() + "'; it has " + metrics.keySet()
                    + (options.monitor().startsWith("dev_") ? " (dev_ values need a dev set: Trainer.Builder.dev)" : ""));
        }
        if (improves(v)) {
            best = v;
            bestEpoch = state.epoch();
            wait = 0;
            if (options.restoreBestWeights()) {
                bestWeights = new LinkedHashMap<>();
                for (var e : state.model().state().entrySet()) bestWeights.put(e.getKey(), e.getValue().detach().clone());
            }
            return;
        }
        wait++;
        if (wait >= Math.max(1, options.patience())) {
            state.requestStop(String.format(Locale.ROOT, "EarlyStopping: %s has not improved on %s (epoch %d)%s for %d epoch%s", options.monitor(),
                    brief(best), bestEpoch + 1, options.minDelta() > 0 ? " by more than " + brief(options.minDelta()) : "", wait,
                    wait == 1 ? "" : "s"));
        }
    }

    private boolean improves(double v) {
        if (Double.isNaN(v)) return false;
        if (bestEpoch < 0 || Double.isNaN(best)) return true;
        return options.mode() == Mode.MIN ? v < best - options.minDelta() : v > best + options.minDelta();
    }

    @Override
    public void onTrainEnd(TrainState state) {
        if (!options.restoreBestWeights() || bestWeights == null) return;
        int last = state.epoch() - 1;
        if (bestEpoch == last) return;
        state.model().loadState(bestWeights);
        state.recordEvent(History.NOTE, String.format(Locale.ROOT, "EarlyStopping: restored the weights of epoch %d (%s %s)", bestEpoch + 1,
                options.monitor(), brief(best)), Map.of("epoch", Integer.toString(bestEpoch), "value", Double.toString(best)));
    }

    // Messages count epochs from 1, as the progress lines ("epoch 3/20") do; the details map keeps the 0-based index.

    /** Six significant digits, without trailing zeros: 0.8, 0.00951181. */
    private static String brief(double v) {
        if (!Double.isFinite(v)) return Double.toString(v);
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    @Override
    public CallbackState checkpointState() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("best", best);
        values.put("best_epoch", bestEpoch);
        values.put("wait", wait);
        return new CallbackState(values, bestWeights);
    }

    @Override
    public void restoreCheckpointState(CallbackState state) {
        best = state.number("best");
        bestEpoch = (int) state.number("best_epoch");
        wait = (int) state.number("wait");
        bestWeights = state.tensors().isEmpty() ? null : new LinkedHashMap<>(state.tensors());
    }
}
