package ai.deepj.tensor;

/**
 * One recorded operation in the autograd graph: which op made a tensor, from which inputs, and how
 * to turn the gradient of its output into gradients of its inputs.
 */
final class Node {
    /** Turns the gradient of an op's output into one gradient per input (null where not needed). */
    @FunctionalInterface
    interface Backward {
        Tensor[] apply(Tensor gradOutput);
    }

    final String op;
    final Tensor[] inputs;
    final int[] inputVersions;
    int outputVersion;
    Backward backward; // null once the graph is released
    final Throwable createdAt; // only in anomaly mode

    Node(String op, Tensor[] inputs, Backward backward, Throwable createdAt) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
        this.createdAt = createdAt;
        this.inputVersions = new int[inputs.length];
        for (int i = 0; i < inputs.length; i++) inputVersions[i] = inputs[i].storage.version;
    }

    /** Refuses to differentiate through tensors that were overwritten in place after being saved. */
    void checkVersions(Tensor output) {
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].storage.version != inputVersions[i]) {
                throw new IllegalStateException("backward: input " + i + " of '" + op + "' (shape "
                        + inputs[i].shape() + ") was modified in place after it was used; its gradient would be wrong."
                        + " Modify a copy (clone()) instead");
            }
        }
        if (output.storage.version != outputVersion) {
            throw new IllegalStateException("backward: the output of '" + op + "' (shape " + output.shape()
                    + ") was modified in place after it was created; its gradient would be wrong");
        }
    }
}
