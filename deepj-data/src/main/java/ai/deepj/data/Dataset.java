package ai.deepj.data;

/**
 * A finite, indexable set of examples. {@link #get(int[])} returns the examples at the given
 * indices stacked along a new first (batch) dimension, in the order given; loaders call it once
 * per mini-batch, so an implementation can gather rows in one pass instead of per example.
 * Implementations must be safe to read from one background thread while another thread trains.
 */
public interface Dataset {
    /** The number of examples. */
    int size();

    /**
     * The examples at {@code indices}, stacked: {@code x} of shape {@code [indices.length, ...]}
     * and {@code y} likewise (or {@code null} when the data set is unlabelled).
     *
     * @throws IndexOutOfBoundsException if an index is outside {@code [0, size())}
     */
    Batch get(int[] indices);

    /** All examples, in order, as one batch. */
    default Batch all() {
        int[] idx = new int[size()];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        return get(idx);
    }
}
