package ai.deepj.plot;

/**
 * Maps data values on one axis to pixels, linearly or logarithmically, and holds the axis's ticks.
 * The data range is padded a little so that no point sits on the frame.
 */
final class Scale {
    private static final double PAD = 0.04;

    private final boolean log;
    private final double lo;    // domain ends, in log10 units for a log scale
    private final double hi;
    private final double p0;    // pixel of lo
    private final double p1;    // pixel of hi
    private final Ticks.Set ticks;

    private Scale(boolean log, double lo, double hi, double p0, double p1, Ticks.Set ticks) {
        this.log = log;
        this.lo = lo;
        this.hi = hi;
        this.p0 = p0;
        this.p1 = p1;
        this.ticks = ticks;
    }

    /**
     * A scale for data in [min, max] (finite; both > 0 for {@code log}) drawn from pixel {@code p0}
     * to {@code p1}, with about one tick per {@code pixelsPerTick}.
     *
     * @param pad whether to leave a small margin beyond the data
     * @param integer whether ticks must be whole numbers (epochs)
     */
    static Scale of(double min, double max, boolean log, boolean pad, boolean integer,
                    double p0, double p1, double pixelsPerTick) {
        int target = Math.max(2, (int) Math.round(Math.abs(p1 - p0) / pixelsPerTick));
        if (log) {
            double a = Math.log10(min);
            double b = Math.log10(max);
            if (b - a < 1e-9) {
                a -= 0.5;
                b += 0.5;
            } else if (pad) {
                double d = (b - a) * PAD;
                a -= d;
                b += d;
            }
            return new Scale(true, a, b, p0, p1, Ticks.log(Math.pow(10, a), Math.pow(10, b), target));
        }
        double a = min;
        double b = max;
        if (b - a <= Math.max(Math.abs(a), Math.abs(b)) * 1e-12) {
            double d = a == 0 ? 1 : Math.abs(a) * 0.1;
            a -= d;
            b += d;
        } else if (pad) {
            double d = (b - a) * PAD;
            a -= d;
            b += d;
        }
        return new Scale(false, a, b, p0, p1, Ticks.linear(a, b, target, integer));
    }

    /** The pixel of value {@code v}; for a log scale {@code v} must be > 0. */
    double toPixel(double v) {
        double u = log ? Math.log10(v) : v;
        return p0 + (u - lo) / (hi - lo) * (p1 - p0);
    }

    /** The data value at pixel {@code p} (the inverse of {@link #toPixel}). */
    double toValue(double p) {
        double u = lo + (p - p0) / (p1 - p0) * (hi - lo);
        return log ? Math.pow(10, u) : u;
    }

    /** Whether {@code v} can be drawn on this scale: finite, and positive on a log scale. */
    boolean drawable(double v) {
        return Double.isFinite(v) && (!log || v > 0);
    }

    boolean isLog() {
        return log;
    }

    Ticks.Set ticks() {
        return ticks;
    }
}
