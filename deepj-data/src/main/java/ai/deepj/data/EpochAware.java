package ai.deepj.data;

/**
 * A data set whose examples depend on the epoch (random augmentation, for instance). A
 * {@link DataLoader} tells it the epoch each time it hands out an epoch's batches, before any
 * prefetching starts, so an epoch's examples are the same whether the run was interrupted or not.
 */
public interface EpochAware {
    /** The epoch (0-based) whose examples the following reads return. */
    void setEpoch(int epoch);
}
