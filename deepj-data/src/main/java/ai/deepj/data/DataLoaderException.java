package ai.deepj.data;

/**
 * A batch could not be loaded: the data set threw (the original exception is the {@link #getCause()
 * cause}) or returned the wrong number of examples. The message names the epoch and batch. Thrown on
 * the consumer's thread also when the batch was gathered by a {@link DataLoader}'s prefetch thread.
 */
public final class DataLoaderException extends RuntimeException {
    private final int epoch;
    private final int batch;

    /** Loading batch {@code batch} of epoch {@code epoch} failed, as {@code message} says, through {@code cause} (may be null). */
    public DataLoaderException(int epoch, int batch, String message, Throwable cause) {
        super(message, cause);
        this.epoch = epoch;
        this.batch = batch;
    }

    /** The epoch, 0-based. */
    public int epoch() {
        return epoch;
    }

    /** The batch within the epoch, 0-based. */
    public int batch() {
        return batch;
    }
}
