package ai.deepj.search;

import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a batch of trials: on local threads ({@link LocalTrialRunner}) or, later, elsewhere (a Spark
 * implementation would {@code parallelize} the specs, map each through
 * {@link TrialResult#evaluate} on the executors and collect; specs, objective and results are all
 * serializable for that).
 *
 * <p>Contract: every spec gets exactly one result; the returned list is in the order of
 * {@code trials} whatever order they finish in; a failing trial becomes a failed result (use
 * {@link TrialResult#evaluate}), never an exception out of {@code run}; {@code onResult} is called
 * once per trial as it finishes, on the thread that called {@code run}.
 *
 * {@snippet :
 * TrialRunner runner = LocalTrialRunner.threads(4);
 * List<TrialResult> results = runner.run(specs, objective, r -> System.out.println("trial " + r.id() + " done"));
 * }
 */
public interface TrialRunner {
    /** Runs {@code trials} and returns their results in the same order. */
    List<TrialResult> run(List<TrialSpec> trials, Objective objective, Consumer<TrialResult> onResult);

    /** How the runner describes itself in reports, e.g. {@code 4 local threads}. */
    String describe();
}
