package ai.deepj.nn;

import ai.deepj.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link ZeroPadding1d}, {@link ZeroPadding2d} and {@link ZeroPadding3d} share: per-side
 * amounts for each spatial dimension, checked with the layer's name, the call to
 * {@link Tensor#pad(int[], int[])} and the config ({@code before}/{@code after}, one amount per
 * spatial dimension in order).
 */
abstract class ZeroPaddingLayer extends Module {
    private static final String[] LAYOUT = {"[N, C, L]", "[N, C, H, W]", "[N, C, D, H, W]"};

    private final int[] before, after;

    ZeroPaddingLayer(int rank, int[] before, int[] after) {
        if (before.length != rank || after.length != rank) {
            throw new IllegalArgumentException(typeName() + ": needs " + rank + " amounts before and after, got "
                    + Arrays.toString(before) + " and " + Arrays.toString(after));
        }
        for (int i = 0; i < rank; i++) {
            if (before[i] < 0 || after[i] < 0) {
                throw new IllegalArgumentException(typeName() + ": padding must be non-negative, got before "
                        + Arrays.toString(before) + " and after " + Arrays.toString(after));
            }
        }
        this.before = before.clone();
        this.after = after.clone();
    }

    static int[] repeat(int rank, int amount) {
        int[] a = new int[rank];
        Arrays.fill(a, amount);
        return a;
    }

    /** Zeros added in front of each spatial dimension (top, left, …). */
    public int[] before() {
        return before.clone();
    }

    /** Zeros added behind each spatial dimension (bottom, right, …). */
    public int[] after() {
        return after.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != before.length + 2) {
            throw new IllegalArgumentException(typeName() + ": expects a " + LAYOUT[before.length - 1] + " input, got " + x.shape());
        }
        return x.pad(before, after);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("before", list(before));
        c.put("after", list(after));
        return c;
    }

    private static List<Integer> list(int[] v) {
        return Arrays.stream(v).boxed().toList();
    }
}
