package ai.deepj.search;

/**
 * The plan of a coarse-to-fine search: {@code rounds} rounds of {@code trialsPerRound} random
 * trials. Round 0 samples the whole space. After each round, the {@code topK} best successful
 * trials so far (over all rounds) define the next round's space by {@link SearchSpace#zoom}: in
 * each hyperparameter's unit coordinate (linear, log₁₀ α, log₁₀(1 − β)), the smallest interval
 * holding those trials, widened by {@code margin} (a fraction of the current range) on each side
 * and clipped to the current range; choices keep the values those trials used. If no trial has
 * succeeded yet the space stays as it was.
 *
 * {@snippet :
 * SearchResult r = Search.minimize(space).coarseToFine(CoarseToFine.of(3, 20), objective);  // 3 × 20 trials
 * r.spaces();                                // the space of each round, narrowing
 * }
 *
 * @param rounds         number of rounds (1 is a plain random search)
 * @param trialsPerRound random trials per round
 * @param topK           how many of the best trials define the zoomed space
 * @param margin         padding, as a fraction of the current range, on each side
 */
public record CoarseToFine(int rounds, int trialsPerRound, int topK, double margin) {
    /** Checks the plan. */
    public CoarseToFine {
        if (rounds < 1) throw new IllegalArgumentException("CoarseToFine: need at least 1 round, got " + rounds);
        if (trialsPerRound < 1) throw new IllegalArgumentException("CoarseToFine: need at least 1 trial per round, got " + trialsPerRound);
        if (topK < 1) throw new IllegalArgumentException("CoarseToFine: topK must be at least 1, got " + topK);
        if (!(margin >= 0 && margin <= 1)) throw new IllegalArgumentException("CoarseToFine: margin must be in [0, 1], got " + margin);
    }

    /** {@code rounds} × {@code trialsPerRound}, zooming on the best fifth of a round's worth of trials (at least 2 when possible), margin 0.1. */
    public static CoarseToFine of(int rounds, int trialsPerRound) {
        return new CoarseToFine(rounds, trialsPerRound, Math.max(Math.min(2, trialsPerRound), trialsPerRound / 5), 0.1);
    }

    /** The same plan with another topK. */
    public CoarseToFine withTopK(int k) {
        return new CoarseToFine(rounds, trialsPerRound, k, margin);
    }

    /** The same plan with another margin. */
    public CoarseToFine withMargin(double m) {
        return new CoarseToFine(rounds, trialsPerRound, topK, m);
    }
}
