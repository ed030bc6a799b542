package ai.deepj.search;

import java.io.Serializable;

/**
 * What a search optimizes: trains (or evaluates) one configuration and returns its
 * {@link Outcome}. Serializable, so that a lambda can be shipped with its trials to other
 * machines; whatever it captures must then be serializable too (capture file paths or sizes, not
 * loaded tensors).
 *
 * <p>It must be safe to call from several threads at once and should draw every random number
 * from {@link TrialSpec#generator()} (not {@code Generator.global()}, which threads share): then a
 * search gives the same results on any number of threads. An exception, or a NaN or infinite
 * metric, marks the trial failed; the search goes on.
 *
 * {@snippet :
 * Objective objective = trial -> {
 *     Sequential model = buildModel(trial.getInt("hidden"), trial.generator());
 *     double[] losses = fit(model, trial.getDouble("lr"));
 *     return Outcome.of(losses[losses.length - 1], Map.of("loss", losses));
 * };
 * }
 */
@FunctionalInterface
public interface Objective extends Serializable {
    /** Runs one trial. */
    Outcome evaluate(TrialSpec trial) throws Exception;
}
