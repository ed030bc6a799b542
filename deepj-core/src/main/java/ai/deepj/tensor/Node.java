package ai.deepj.tensor;

/**
 * One recorded operation in the autograd graph (PyTorch's {@code grad_fn}): how to turn the
 * gradient of its output into gradients of its inputs, and where each of those goes.
 *
 * <p>Edges point to what was current when the op was recorded, not to the input tensors: per
 * input, the {@link Node} that had computed it at that moment, or the leaf tensor itself (whose
 * {@code grad} receives the gradient), or nothing (the input did not require grad). So when an
 * in-place op later gives a tensor a new history ({@link Tensor#reluInPlace()}), ops that had
 * already used the tensor still send their gradients down the old path. A node does not hold
 * its output: only a tensor that asked for {@link Tensor#retainGrad()} is linked from its node,
 * so a graph keeps no intermediate tensor alive beyond what the backward functions save.
 */
final class Node {
    /** Turns the gradient of an op's output into one gradient per input (null where not needed). */
    @FunctionalInterface
    interface Backward {
        Tensor[] apply(Tensor gradOutput);
    }

    /** {@code saves} masks for {@link Autograd#record(String, int, Tensor, Backward, Tensor...)}: what backward reads. */
    static final int SAVES_NOTHING = 0;
    /** Backward reads input 0. */
    static final int SAVES_INPUT0 = 1;
    /** Backward reads input 1. */
    static final int SAVES_INPUT1 = 2;
    /** Backward reads the op's output. */
    static final int SAVES_OUTPUT = 1 << 30;
    /** The conservative default for ops not yet annotated: every input and the output. */
    static final int SAVES_ALL = ~0;

    final String op;
    /** Per input: the node that computed it when this op was recorded (null for a leaf or an input without grad). */
    final Node[] nextNodes;
    /** Per input: the leaf tensor that requires grad (null for a computed input or one without grad). */
    final Tensor[] nextLeaves;
    /** Per input: its shape and type, to un-broadcast and cast the gradient flowing to it. */
    final int[][] inputShapes;
    final DType[] inputTypes;
    /** The tensors backward reads, with their storage versions at record time; null once released. */
    private Tensor[] saved;
    private int[] savedVersions;
    private int[] savedRoles; // input index, or -1 for the output: for the error message
    Backward backward; // null once the graph is released
    /** The output tensor, only while it {@linkplain Tensor#retainGrad() retains its gradient}. */
    Tensor retainedOutput;
    final Throwable createdAt; // only in anomaly mode

    Node(String op, Tensor out, int saves, Tensor[] inputs, Backward backward, Throwable createdAt) {
        this.op = op;
        this.backward = backward;
        this.createdAt = createdAt;
        int n = inputs.length;
        nextNodes = new Node[n];
        nextLeaves = new Tensor[n];
        inputShapes = new int[n][];
        inputTypes = new DType[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            Tensor in = inputs[i];
            inputShapes[i] = in.shape;
            inputTypes[i] = in.dtype;
            if (in.requiresGrad) {
                if (in.gradFn != null) nextNodes[i] = in.gradFn;
                else nextLeaves[i] = in;
            }
            if (savesInput(saves, i)) count++;
        }
        if ((saves & SAVES_OUTPUT) != 0) count++;
        if (count > 0) {
            saved = new Tensor[count];
            savedVersions = new int[count];
            savedRoles = new int[count];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (savesInput(saves, i)) {
                    saved[k] = inputs[i];
                    savedVersions[k] = inputs[i].storage.version;
                    savedRoles[k++] = i;
                }
            }
            if ((saves & SAVES_OUTPUT) != 0) {
                saved[k] = out;
                savedVersions[k] = out.storage.version;
                savedRoles[k] = -1;
            }
        }
    }

    private static boolean savesInput(int saves, int i) {
        return saves == SAVES_ALL || (i < 30 && (saves & (1 << i)) != 0);
    }

    /** Refuses to differentiate through tensors this op's backward reads that were overwritten in place since. */
    void checkVersions() {
        if (saved == null) return;
        for (int k = 0; k < saved.length; k++) {
            Tensor t = saved[k];
            if (t.storage.version == savedVersions[k]) continue;
            if (savedRoles[k] >= 0) {
                throw new IllegalStateException("backward: input " + savedRoles[k] + " of '" + op + "' (shape " + t.shape()
                        + ") was modified in place after it was used; its gradient would be wrong. Modify a copy (clone()) instead");
            }
            throw new IllegalStateException("backward: the output of '" + op + "' (shape " + t.shape()
                    + ") was modified in place after it was created; its gradient would be wrong");
        }
    }

    /** Drops the backward function and what it saved: the graph through this node can no longer be differentiated. */
    void release() {
        backward = null;
        saved = null;
        savedVersions = null;
        savedRoles = null;
    }
}
