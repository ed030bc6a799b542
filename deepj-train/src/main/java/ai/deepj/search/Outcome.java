package ai.deepj.search;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one trial returns: the metric the search ranks by (a dev loss to minimize, a dev accuracy to
 * maximize, ...) and any learning curves worth keeping.
 *
 * {@snippet :
 * return Outcome.of(devAccuracy, Map.of("train_loss", trainLosses, "dev_accuracy", devAccuracies));
 * }
 *
 * @param metric  the final metric
 * @param history named series (e.g. the cost per epoch); copied
 */
public record Outcome(double metric, Map<String, double[]> history) implements Serializable {
    /** Copies the history (arrays too), keeping its order. */
    public Outcome {
        Map<String, double[]> copy = new LinkedHashMap<>();
        if (history != null) for (var e : history.entrySet()) copy.put(e.getKey(), e.getValue().clone());
        history = Collections.unmodifiableMap(copy);
    }

    /** A metric without history. */
    public static Outcome of(double metric) {
        return new Outcome(metric, Map.of());
    }

    /** A metric and its history. */
    public static Outcome of(double metric, Map<String, double[]> history) {
        return new Outcome(metric, history);
    }
}
