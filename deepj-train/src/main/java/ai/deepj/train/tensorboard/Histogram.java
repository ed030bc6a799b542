package ai.deepj.train.tensorboard;

/**
 * The contents of a {@code HistogramProto}: summary statistics and equal-width buckets between the
 * smallest and largest value. Bucket {@code i} ends at {@code bucketLimits[i]} and starts where
 * bucket {@code i - 1} ends (the first at {@code min}), as TensorBoard reads them; a value on an
 * inner edge goes to the bucket on its right, the maximum to the last bucket (numpy's convention,
 * which PyTorch's writer also uses).
 */
record Histogram(double min, double max, double num, double sum, double sumSquares, double[] bucketLimits, double[] bucketCounts) {

    /** The histogram of {@code values} in {@code bins} buckets; the values must be finite. */
    static Histogram of(String op, double[] values, int bins) {
        if (values.length == 0) throw new IllegalArgumentException(op + ": no values to make a histogram of");
        if (bins < 1) throw new IllegalArgumentException(op + ": bins must be >= 1, got " + bins);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(op + ": value " + i + " of " + values.length + " is " + v
                        + "; a histogram needs finite values (log the NaN count as a scalar instead)");
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            sumSquares += v * v;
        }
        if (min == max) {
            return new Histogram(min, max, values.length, sum, sumSquares, new double[] {max}, new double[] {values.length});
        }
        double width = (max - min) / bins;
        double[] limits = new double[bins];
        for (int b = 0; b < bins; b++) limits[b] = b == bins - 1 ? max : min + width * (b + 1);
        double[] counts = new double[bins];
        for (double v : values) counts[Math.min(bins - 1, (int) ((v - min) / width))]++;
        return new Histogram(min, max, values.length, sum, sumSquares, limits, counts);
    }
}
