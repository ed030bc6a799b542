package ai.deepj.search;

/** Whether a search looks for the smallest metric (a loss, an error) or the largest (an accuracy). */
public enum Goal {
    /** Smaller is better. */
    MINIMIZE,
    /** Larger is better. */
    MAXIMIZE;

    /** Negative when {@code a} is better than {@code b}, 0 when equal: sorts best first. */
    public int compare(double a, double b) {
        return this == MINIMIZE ? Double.compare(a, b) : Double.compare(b, a);
    }
}
