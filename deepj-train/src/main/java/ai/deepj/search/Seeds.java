package ai.deepj.search;

/**
 * Seeds derived from a search's seed: the same (seed, trial id, purpose) always gives the same
 * value, and different ids or purposes give unrelated ones (SplitMix64's finalizer, which maps
 * consecutive inputs to statistically independent outputs).
 */
final class Seeds {
    private Seeds() {}

    /** For drawing a trial's hyperparameter values. */
    static final long PARAMS = 1;
    /** The trial's own seed, handed to the objective. */
    static final long TRIAL = 2;

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    static long derive(long searchSeed, long trialId, long purpose) {
        return mix(mix(searchSeed + GOLDEN * (trialId + 1)) + GOLDEN * purpose);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
