package ai.deepj.tensor;

/**
 * The flat Java array behind one or more tensors (a tensor and its views share one storage).
 * {@code version} counts in-place writes so that autograd can refuse to use a saved tensor that
 * was modified after it was saved.
 */
final class Storage {
    final Object array; // float[], double[] or int[]
    int version;
    /**
     * Set once a view shares this storage. Autograd then refuses to give a tensor over it a new
     * history in place: the other tensors over the same values would keep their old history.
     */
    boolean viewed;
    /**
     * Allocation order: a storage made after a backward pass began holds values only that pass
     * computed, so the engine may hand it to a leaf as its gradient instead of copying it.
     */
    final long serial;

    private static final java.util.concurrent.atomic.AtomicLong SERIAL = new java.util.concurrent.atomic.AtomicLong();

    Storage(Object array) {
        this.array = array;
        this.serial = SERIAL.incrementAndGet();
    }

    /** The serial the next storage will get at least: storages with a larger serial were made later. */
    static long nextSerial() {
        return SERIAL.get() + 1;
    }

    static Storage allocate(DType dtype, int n) {
        return new Storage(switch (dtype) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT32 -> new int[n];
        });
    }
}
