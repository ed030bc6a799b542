package ai.deepj.search;

/**
 * Whether a search looks for the smallest metric (a loss, an error) or the largest (an accuracy).
 *
 * {@snippet :
 * Search.minimize(space);                        // Goal.MINIMIZE: dev loss
 * Search.maximize(space);                        // Goal.MAXIMIZE: dev accuracy
 * Goal.MAXIMIZE.compare(0.93, 0.91) < 0;         // true: 0.93 ranks first
 * }
 */
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
