package ai.deepj.plot;

/** The smallest and largest drawable value among some arrays. */
record Range(double min, double max) {
    /**
     * The range of the finite values (and, with {@code positiveOnly}, only those > 0) in
     * {@code arrays}; {@code null} when there is none.
     */
    static Range of(boolean positiveOnly, double[]... arrays) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] a : arrays) {
            if (a == null) continue;
            for (double v : a) {
                if (!Double.isFinite(v) || (positiveOnly && v <= 0)) continue;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return lo <= hi ? new Range(lo, hi) : null;
    }
}
