package ai.deepj.data;

/**
 * A view of some examples of another data set: example {@code i} of the subset is example
 * {@code indices[i]} of the base. Nothing is copied; {@link #get(int[])} translates the indices
 * and asks the base for one batch. The index list may repeat an example (e.g. a bootstrap sample).
 * {@link Splits} returns its train/dev/test parts as subsets.
 *
 * {@snippet :
 * Dataset all = new TensorDataset(x, y);                  // 1000 examples
 * Subset firstHundred = new Subset(all, IntStream.range(0, 100).toArray());
 * Batch b = firstHundred.get(new int[] {0, 99});           // examples 0 and 99 of all
 * }
 */
public final class Subset implements Dataset, EpochAware {
    private final Dataset base;
    private final int[] indices;

    /**
     * The examples of {@code base} at {@code indices} (copied), in that order.
     *
     * @throws IllegalArgumentException if an index is outside {@code [0, base.size())}
     */
    public Subset(Dataset base, int[] indices) {
        if (base == null) throw new IllegalArgumentException("Subset: base data set must not be null");
        if (indices == null) throw new IllegalArgumentException("Subset: indices must not be null");
        int m = base.size();
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= m) {
                throw new IllegalArgumentException("Subset: index " + indices[i] + " at position " + i
                        + " is outside the base data set's [0, " + m + ")");
            }
        }
        this.base = base;
        this.indices = indices.clone();
    }

    /** The data set this is a view of. */
    public Dataset base() {
        return base;
    }

    /** The base's indices of this subset's examples, in order (a copy). */
    public int[] indices() {
        return indices.clone();
    }

    /** The base's index of this subset's example {@code i}. */
    public int baseIndex(int i) {
        if (i < 0 || i >= indices.length) {
            throw new IndexOutOfBoundsException("Subset.baseIndex: index " + i + " outside [0, " + indices.length + ")");
        }
        return indices[i];
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public Batch get(int[] idx) {
        int[] mapped = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= indices.length) {
                throw new IndexOutOfBoundsException("Subset.get: index " + idx[i] + " outside [0, " + indices.length + ")");
            }
            mapped[i] = indices[idx[i]];
        }
        return base.get(mapped);
    }

    @Override
    public Batch all() {
        return base.get(indices.clone());
    }

    /** Passes the epoch on to the base data set when it depends on it (augmentation). */
    @Override
    public void setEpoch(int epoch) {
        if (base instanceof EpochAware aware) aware.setEpoch(epoch);
    }
}
