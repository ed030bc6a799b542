package ai.deepj.search;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of one trial: its spec, its metric and history when it succeeded, or the reason it
 * failed (the objective threw, or returned a NaN or infinite metric), and how long it took.
 * Serializable, so that a trial run elsewhere can send its result back.
 *
 * {@snippet :
 * TrialResult r = TrialResult.evaluate(spec, objective);    // what every TrialRunner does per trial
 * if (r.ok()) System.out.println(r.metric()); else System.out.println("failed: " + r.error());
 * }
 *
 * @param spec    the trial
 * @param metric  the final metric; NaN when the trial failed
 * @param history the objective's named series (empty when it failed)
 * @param error   why the trial failed, or null when it succeeded
 * @param nanos   wall-clock time the objective took
 */
public record TrialResult(TrialSpec spec, double metric, Map<String, double[]> history, String error, long nanos)
        implements Serializable {
    /** Checks a succeeded result has a finite metric; copies the history map. */
    public TrialResult {
        if (spec == null) throw new IllegalArgumentException("TrialResult: spec must not be null");
        if (error == null && !Double.isFinite(metric)) {
            throw new IllegalArgumentException("TrialResult: a trial without an error needs a finite metric, got " + metric);
        }
        history = Collections.unmodifiableMap(new LinkedHashMap<>(history == null ? Map.of() : history));
    }

    /** Whether the trial succeeded. */
    public boolean ok() {
        return error == null;
    }

    /** The trial's id. */
    public int id() {
        return spec.id();
    }

    /** The trial's hyperparameter values. */
    public Map<String, Object> params() {
        return spec.params();
    }

    /** Wall-clock seconds. */
    public double seconds() {
        return nanos / 1e9;
    }

    /**
     * Runs {@code objective} on {@code spec} and records the outcome: an exception (including an
     * {@link AssertionError} or {@link StackOverflowError}) or a non-finite metric becomes a failed
     * result with its message; other errors (out of memory) propagate.
     */
    public static TrialResult evaluate(TrialSpec spec, Objective objective) {
        long t0 = System.nanoTime();
        try {
            Outcome o = objective.evaluate(spec);
            long dt = System.nanoTime() - t0;
            if (o == null) return new TrialResult(spec, Double.NaN, Map.of(), "the objective returned null", dt);
            if (!Double.isFinite(o.metric())) {
                return new TrialResult(spec, Double.NaN, o.history(), "metric is " + o.metric(), dt);
            }
            return new TrialResult(spec, o.metric(), o.history(), null, dt);
        } catch (Exception | AssertionError | StackOverflowError e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return new TrialResult(spec, Double.NaN, Map.of(), describe(e), System.nanoTime() - t0);
        }
    }

    private static String describe(Throwable e) {
        String msg = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        StackTraceElement[] st = e.getStackTrace();
        return st.length == 0 ? msg : msg + " (at " + st[0] + ")";
    }
}
