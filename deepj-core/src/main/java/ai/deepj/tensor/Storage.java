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

    Storage(Object array) {
        this.array = array;
    }

    static Storage allocate(DType dtype, int n) {
        return new Storage(switch (dtype) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT32 -> new int[n];
        });
    }
}
