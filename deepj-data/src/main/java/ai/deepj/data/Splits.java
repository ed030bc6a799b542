package ai.deepj.data;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a data set into parts such as train/dev/test (the course's 60/20/20 for small data,
 * 98/1/1 for millions of examples). Every part is a {@link Subset} (a view, nothing is copied),
 * every example lands in exactly one part, and the same seed on the same data gives the same parts.
 *
 * {@snippet :
 * List<Subset> parts = Splits.byRatios(data, 42, 0.6, 0.2, 0.2);
 * Subset train = parts.get(0), dev = parts.get(1), test = parts.get(2);
 *
 * List<Subset> balanced = Splits.stratified(data, labels, 42, 0.8, 0.2);  // labels: int32 [m]
 * List<Subset> byTime = Splits.unshuffled(series, 0.7, 0.15, 0.15);      // oldest 70 % train
 * }
 *
 * <p><b>Ratios.</b> One or more, each positive and finite, summing to 1 within 1e-9; anything
 * else is an {@link IllegalArgumentException} naming the ratios.
 *
 * <p><b>Part sizes</b> ({@link #byRatios}, {@link #unshuffled}, {@link #sizes}): of {@code m}
 * examples, part {@code p ≥ 1} gets {@code ⌊r_p·m⌋} and part 0 (the training set) gets the rest,
 * {@code m − Σ_{p≥1} ⌊r_p·m⌋}; so part 0 holds up to {@code k − 1} examples more than
 * {@code r_0·m} with {@code k} parts. A product within a relative 1e-9 of an integer counts as that
 * integer, so that 0.29 × 100 gives 29 and not 28, as binary rounding of 0.29 would. A part that
 * would be empty is an error: an empty dev or test set would make every later score meaningless.
 *
 * <p><b>Stratified sizes</b> ({@link #stratified}): every class keeps its proportion in every
 * part: class {@code c} with {@code n_c} examples contributes {@code ⌊r_p·n_c⌋} or
 * {@code ⌈r_p·n_c⌉} examples to part {@code p}, and at the same time each part's size is
 * {@code ⌊r_p·m⌋} or {@code ⌈r_p·m⌉} (such a rounding always exists: Baranyai's rounding lemma;
 * it is found by rounding class by class, then moving examples along augmenting paths). The
 * rule of {@link #byRatios} cannot be kept here: a single class of 9 examples split 0.6/0.2/0.2
 * would need 7/1/1 for that rule but 5 or 6 in the first part to keep its proportion.
 *
 * <p><b>Order and seeds.</b> {@link #byRatios} shuffles all indices with
 * {@link Generator#seeded(long) Generator.seeded(seed)} (Fisher–Yates) and cuts the shuffled list
 * into consecutive parts, so each part is in random order. {@link #stratified} shuffles each class
 * (classes in ascending label order), deals the examples out, then shuffles each part, all with one
 * generator. {@link #unshuffled} keeps the data's order: first part, then the next, for
 * time-ordered data where the dev and test sets must come after the training period.
 */
public final class Splits {
    private Splits() {}

    /** Relative distance under which {@code r·n} counts as the integer next to it. */
    private static final double SNAP = 1e-9;

    /**
     * A shuffled split in the given proportions (part sizes: see the class comment).
     *
     * @throws IllegalArgumentException for bad ratios, or if a part would be empty
     */
    public static List<Subset> byRatios(Dataset d, long seed, double... ratios) {
        String op = "Splits.byRatios";
        double[] r = checkRatios(op, ratios);
        int[] sizes = sizes(op, size(op, d), r);
        int[] order = identity(d.size());
        shuffle(order, Generator.seeded(seed));
        return cut(d, order, sizes);
    }

    /**
     * The data in its own order cut into consecutive parts: the first {@code sizes[0]} examples,
     * then the next {@code sizes[1]}, and so on (sizes as {@link #byRatios}).
     */
    public static List<Subset> unshuffled(Dataset d, double... ratios) {
        String op = "Splits.unshuffled";
        double[] r = checkRatios(op, ratios);
        int[] sizes = sizes(op, size(op, d), r);
        return cut(d, identity(d.size()), sizes);
    }

    /**
     * The part sizes {@link #byRatios} and {@link #unshuffled} use for {@code m} examples:
     * {@code ⌊r_p·m⌋} for {@code p ≥ 1}, the rest to part 0.
     *
     * {@snippet :
     * Splits.sizes(10, 0.6, 0.2, 0.2);      // [6, 2, 2]
     * Splits.sizes(9, 0.6, 0.2, 0.2);       // [7, 1, 1]
     * }
     */
    public static int[] sizes(int m, double... ratios) {
        String op = "Splits.sizes";
        if (m < 0) throw new IllegalArgumentException(op + ": the number of examples must be >= 0, got " + m);
        return sizes(op, m, checkRatios(op, ratios));
    }

    /**
     * A shuffled split that keeps each class's proportion in every part (sizes: see the class
     * comment). Classes are the distinct values of {@code labels}, any int32 values.
     *
     * @param labels int32 of shape {@code [d.size()]}: the class of each example
     * @throws IllegalArgumentException for bad ratios or labels, or if a part would be empty
     */
    public static List<Subset> stratified(Dataset d, Tensor labels, long seed, double... ratios) {
        String op = "Splits.stratified";
        double[] r = checkRatios(op, ratios);
        int m = size(op, d);
        if (labels == null) throw new IllegalArgumentException(op + ": labels must not be null");
        if (labels.dtype() != DType.INT32 || labels.dim() != 1 || labels.size(0) != m) {
            throw new IllegalArgumentException(op + ": labels must be int32 of shape [" + m + "] (one class per example), got "
                    + labels.dtype() + " " + labels.shape());
        }
        int[] lab = labels.toIntArray();
        int[] classes = Arrays.stream(lab).distinct().sorted().toArray();
        int[] counts = new int[classes.length];
        for (int v : lab) counts[Arrays.binarySearch(classes, v)]++;
        int[][] members = new int[classes.length][];
        for (int c = 0; c < classes.length; c++) members[c] = new int[counts[c]];
        int[] filled = new int[classes.length];
        for (int i = 0; i < m; i++) {
            int c = Arrays.binarySearch(classes, lab[i]);
            members[c][filled[c]++] = i;
        }

        Generator g = Generator.seeded(seed);
        for (int[] mem : members) shuffle(mem, g);
        int[][] take = apportion(op, counts, r, m);

        int k = r.length;
        int[] partSize = new int[k];
        for (int[] row : take) for (int p = 0; p < k; p++) partSize[p] += row[p];
        for (int p = 0; p < k; p++) {
            if (partSize[p] == 0) throw emptyPart(op, p, r[p], m);
        }
        List<Subset> parts = new ArrayList<>(k);
        int[][] idx = new int[k][];
        int[] fill = new int[k];
        for (int p = 0; p < k; p++) idx[p] = new int[partSize[p]];
        for (int c = 0; c < members.length; c++) {
            int from = 0;
            for (int p = 0; p < k; p++) {
                System.arraycopy(members[c], from, idx[p], fill[p], take[c][p]);
                from += take[c][p];
                fill[p] += take[c][p];
            }
        }
        for (int p = 0; p < k; p++) {
            shuffle(idx[p], g);
            parts.add(new Subset(d, idx[p]));
        }
        return parts;
    }

    // ------------------------------------------------------------------ sizes

    private static int[] sizes(String op, int m, double[] r) {
        int[] sizes = new int[r.length];
        int rest = m;
        for (int p = 1; p < r.length; p++) {
            sizes[p] = (int) floorSnapped(r[p] * m);
            rest -= sizes[p];
        }
        sizes[0] = rest;
        for (int p = 0; p < r.length; p++) {
            if (sizes[p] <= 0) throw emptyPart(op, p, r[p], m);
        }
        return sizes;
    }

    private static IllegalArgumentException emptyPart(String op, int p, double ratio, int m) {
        return new IllegalArgumentException(op + ": part " + p + " (ratio " + ratio + ") of " + m
                + " examples would be empty; use more data or a larger ratio");
    }

    /** {@code ⌊x⌋}, except that {@code x} within a relative {@link #SNAP} of an integer is that integer. */
    private static long floorSnapped(double x) {
        double near = Math.rint(x);
        return isSnapped(x) ? (long) near : (long) Math.floor(x);
    }

    private static boolean isSnapped(double x) {
        return Math.abs(x - Math.rint(x)) <= SNAP * Math.max(1, Math.abs(x));
    }

    /**
     * The number of examples of each class to put in each part: {@code take[c][p]} is
     * {@code ⌊r_p·n_c⌋} or {@code ⌈r_p·n_c⌉}, rows sum to {@code n_c}, and column {@code p} sums to
     * {@code ⌊r_p·m⌋} or {@code ⌈r_p·m⌉}. Class by class, the cells to round up go to the parts
     * furthest behind their exact running share; any part still outside its bounds then trades one
     * rounded-up cell at a time with the others along an augmenting path (a path exists whenever a
     * feasible rounding does, and Baranyai's lemma says one does).
     */
    static int[][] apportion(String op, int[] n, double[] r, int m) {
        int classes = n.length, k = r.length;
        int[][] take = new int[classes][k];
        boolean[][] canRoundUp = new boolean[classes][k];
        boolean[][] up = new boolean[classes][k];
        int[] count = new int[k];
        double[] exactSoFar = new double[k];
        for (int c = 0; c < classes; c++) {
            int extra = n[c];
            int eligible = 0;
            for (int p = 0; p < k; p++) {
                double e = r[p] * n[c];
                take[c][p] = (int) floorSnapped(e);
                canRoundUp[c][p] = !isSnapped(e);
                if (canRoundUp[c][p]) eligible++;
                extra -= take[c][p];
                exactSoFar[p] += e;
                count[p] += take[c][p];
            }
            if (extra < 0 || extra > eligible) {
                throw new IllegalStateException(op + ": cannot round " + n[c] + " examples into parts " + Arrays.toString(r));
            }
            for (int j = 0; j < extra; j++) {
                int best = -1;
                for (int p = 0; p < k; p++) {
                    if (canRoundUp[c][p] && !up[c][p]
                            && (best < 0 || exactSoFar[p] - count[p] > exactSoFar[best] - count[best])) {
                        best = p;
                    }
                }
                up[c][best] = true;
                take[c][best]++;
                count[best]++;
            }
        }
        int[] lo = new int[k], hi = new int[k];
        for (int p = 0; p < k; p++) {
            double t = r[p] * m;
            lo[p] = (int) floorSnapped(t);
            hi[p] = isSnapped(t) ? lo[p] : lo[p] + 1;
        }
        if (!balance(up, canRoundUp, take, count, lo, hi)) {
            throw new IllegalStateException(op + ": cannot balance part sizes " + Arrays.toString(count) + " for " + m
                    + " examples and ratios " + Arrays.toString(r));
        }
        return take;
    }

    /**
     * Moves rounded-up cells between parts until every part's count is within {@code [lo, hi]},
     * keeping each class's total; false if some part cannot be brought within its bounds.
     * ({@code take}, {@code count} and {@code up} are updated in place.)
     */
    static boolean balance(boolean[][] up, boolean[][] canRoundUp, int[][] take, int[] count, int[] lo, int[] hi) {
        int k = count.length;
        while (true) {
            int over = -1, under = -1;
            for (int p = 0; p < k && over < 0; p++) if (count[p] > hi[p]) over = p;
            for (int p = 0; p < k && over < 0 && under < 0; p++) if (count[p] < lo[p]) under = p;
            if (over < 0 && under < 0) return true;
            boolean[] source = new boolean[k], target = new boolean[k];
            for (int p = 0; p < k; p++) {
                if (over >= 0) {
                    source[p] = p == over;
                    target[p] = p != over && count[p] < hi[p];
                } else {
                    source[p] = p != under && count[p] > lo[p];
                    target[p] = p == under;
                }
            }
            if (!augment(up, canRoundUp, take, count, source, target)) return false;
        }
    }

    /**
     * Breadth-first search over parts: an edge {@code a → b} is a class rounded up in {@code a} that
     * may be rounded up in {@code b} instead. Moves one rounded-up cell along the shortest path from
     * a source to a target; parts in between give one and receive one.
     */
    private static boolean augment(boolean[][] up, boolean[][] canRoundUp, int[][] take, int[] count, boolean[] source,
            boolean[] target) {
        int k = count.length;
        int[] prevPart = new int[k], viaClass = new int[k];
        boolean[] seen = new boolean[k];
        int[] queue = new int[k];
        int head = 0, tail = 0;
        for (int p = 0; p < k; p++) {
            if (source[p]) {
                seen[p] = true;
                prevPart[p] = -1;
                queue[tail++] = p;
            }
        }
        while (head < tail) {
            int a = queue[head++];
            for (int b = 0; b < k; b++) {
                if (seen[b]) continue;
                int via = -1;
                for (int c = 0; c < up.length && via < 0; c++) if (up[c][a] && !up[c][b] && canRoundUp[c][b]) via = c;
                if (via < 0) continue;
                seen[b] = true;
                prevPart[b] = a;
                viaClass[b] = via;
                if (target[b]) {
                    for (int to = b; prevPart[to] >= 0; to = prevPart[to]) {
                        int from = prevPart[to], c = viaClass[to];
                        up[c][from] = false;
                        take[c][from]--;
                        count[from]--;
                        up[c][to] = true;
                        take[c][to]++;
                        count[to]++;
                    }
                    return true;
                }
                queue[tail++] = b;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ helpers

    /** Checks the ratios and returns them divided by their sum (so that they sum to 1 to the last bit). */
    private static double[] checkRatios(String op, double[] ratios) {
        if (ratios == null || ratios.length == 0) {
            throw new IllegalArgumentException(op + ": give one or more ratios, e.g. 0.6, 0.2, 0.2");
        }
        double sum = 0;
        for (int p = 0; p < ratios.length; p++) {
            if (!(ratios[p] > 0) || !Double.isFinite(ratios[p])) {
                throw new IllegalArgumentException(op + ": ratios must be positive and finite, got " + ratios[p] + " at position "
                        + p + " of " + Arrays.toString(ratios));
            }
            sum += ratios[p];
        }
        if (Math.abs(sum - 1) > 1e-9) {
            throw new IllegalArgumentException(op + ": ratios must sum to 1 (within 1e-9), got " + Arrays.toString(ratios)
                    + " summing to " + sum);
        }
        double[] r = new double[ratios.length];
        for (int p = 0; p < r.length; p++) r[p] = ratios[p] / sum;
        return r;
    }

    private static int size(String op, Dataset d) {
        if (d == null) throw new IllegalArgumentException(op + ": data set must not be null");
        return d.size();
    }

    private static int[] identity(int m) {
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) idx[i] = i;
        return idx;
    }

    /** Fisher–Yates, from the end: the same generator state gives the same permutation. */
    private static void shuffle(int[] a, Generator g) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = g.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static List<Subset> cut(Dataset d, int[] order, int[] sizes) {
        List<Subset> parts = new ArrayList<>(sizes.length);
        int from = 0;
        for (int s : sizes) {
            parts.add(new Subset(d, Arrays.copyOfRange(order, from, from + s)));
            from += s;
        }
        return parts;
    }
}
