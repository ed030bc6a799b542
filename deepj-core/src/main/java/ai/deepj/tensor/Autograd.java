package ai.deepj.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reverse-mode autograd engine: recording (with a per-thread no-grad switch), anomaly
 * detection, and {@code backward}. Ops only say how to differentiate themselves; un-broadcasting
 * gradients to each input's shape and accumulating them is done here, once.
 *
 * {@snippet :
 * Tensor w = Tensor.randn(Generator.seeded(0), 3, 2).requiresGrad(true);
 * Tensor loss = x.matmul(w).square().mean();
 * loss.backward();                      // w.grad() now holds dloss/dw
 * try (var scope = Autograd.noGrad()) {  // nothing recorded in here
 *     w.subInPlace(w.grad().mul(0.1));
 * }
 * }
 */
public final class Autograd {
    private Autograd() {}

    private static final ThreadLocal<int[]> NO_GRAD_DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private static volatile boolean anomalyGlobal;
    private static final ThreadLocal<int[]> ANOMALY_DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    /** Set while the engine runs backward functions: their intermediate results are not "forward". */
    private static final ThreadLocal<int[]> IN_BACKWARD = ThreadLocal.withInitial(() -> new int[1]);

    /** A scope opened by {@link #noGrad()} or {@link #detectAnomaly()}; closing it restores the previous mode. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Stops recording operations on this thread until the returned scope is closed. Scopes nest. */
    public static Scope noGrad() {
        int[] depth = NO_GRAD_DEPTH.get();
        depth[0]++;
        return () -> depth[0]--;
    }

    /** True unless inside a {@link #noGrad()} scope on this thread. */
    public static boolean isGradEnabled() {
        return NO_GRAD_DEPTH.get()[0] == 0;
    }

    /**
     * Anomaly detection on this thread until the scope is closed: every op's output is checked for
     * NaN and infinity in forward, every gradient in backward, and the first one found raises a
     * {@link NonFiniteException} naming the op and (for backward) where that op was created.
     * It slows everything down; use it to find a bug, not to train.
     */
    public static Scope detectAnomaly() {
        int[] depth = ANOMALY_DEPTH.get();
        depth[0]++;
        return () -> depth[0]--;
    }

    /** Switches anomaly detection on or off for all threads (in addition to {@link #detectAnomaly()} scopes). */
    public static void setAnomalyDetection(boolean enabled) {
        anomalyGlobal = enabled;
    }

    /** True if anomaly detection is on for this thread. */
    public static boolean isAnomalyDetectionEnabled() {
        return anomalyGlobal || ANOMALY_DEPTH.get()[0] > 0;
    }

    /**
     * Records that {@code out} was computed by {@code op} from {@code inputs}, if any input needs a
     * gradient and recording is on. Returns {@code out}. Conservative: backward refuses to run if
     * any input or the output was modified in place since; ops that know what their backward reads
     * say so with {@link #record(String, int, Tensor, Node.Backward, Tensor...)}.
     */
    static Tensor record(String op, Tensor out, Node.Backward backward, Tensor... inputs) {
        return record(op, Node.SAVES_ALL, out, backward, inputs);
    }

    /**
     * As {@link #record(String, Tensor, Node.Backward, Tensor...)}, where {@code saves} (a mask of
     * {@link Node#SAVES_INPUT0}, {@link Node#SAVES_INPUT1}, {@code 1 << i} for input i,
     * {@link Node#SAVES_OUTPUT}; {@link Node#SAVES_NOTHING}) names the tensors the backward function
     * reads: only their in-place modification makes backward refuse. An op that reads nothing
     * (add, views, sum) keeps working when its input or output is later overwritten in place.
     */
    static Tensor record(String op, int saves, Tensor out, Node.Backward backward, Tensor... inputs) {
        boolean anomaly = isAnomalyDetectionEnabled();
        if (anomaly && IN_BACKWARD.get()[0] == 0) checkFinite(out, op, "forward", null);
        if (!isGradEnabled()) return out;
        boolean needed = false;
        for (Tensor in : inputs) needed |= in.requiresGrad;
        if (!needed) return out;
        out.requiresGrad = true;
        setHistory(out, new Node(op, out, saves, inputs, backward, anomaly ? new Throwable("'" + op + "' was created here") : null));
        return out;
    }

    /**
     * Gives {@code t} the history {@code node}: a fresh output, or (in-place ops) a tensor whose
     * earlier history stays with the ops that already used it. A retained gradient moves along.
     */
    static void setHistory(Tensor t, Node node) {
        if (t.gradFn != null && t.gradFn.retainedOutput == t) t.gradFn.retainedOutput = null;
        t.gradFn = node;
        if (t.retainsGrad) node.retainedOutput = t;
    }

    /**
     * Null if the recorded in-place op {@code op} may overwrite {@code t} now, else why not. While
     * recording, a tensor that requires grad must have a history to extend: not a leaf (its
     * {@code grad} would belong to values that no longer exist), and not a view or a tensor with
     * views (those share the values but would keep the old history).
     */
    static String inPlaceRefusal(String op, Tensor t) {
        if (!isGradEnabled() || !t.requiresGrad) return null;
        if (t.gradFn == null) {
            return op + ": a leaf tensor that requires grad (shape " + t.shape() + ") cannot be modified in place while"
                    + " autograd records; use the out-of-place op, or do it inside try (var s = Autograd.noGrad()) { ... }";
        }
        if (t.storage.viewed) {
            return op + ": the tensor (shape " + t.shape() + ", computed by '" + t.gradFn.op + "') shares its values with a"
                    + " view, whose history would go stale; use the out-of-place op";
        }
        return null;
    }

    /**
     * Records that {@code op} has just overwritten {@code t} in place (its storage version already
     * bumped), if {@code t} requires grad and recording is on: {@code t} gets a new history whose
     * node leads to its old one, while ops that used {@code t} before keep the old one. Call
     * {@link #inPlaceRefusal} before writing.
     */
    static Tensor recordInPlace(String op, int saves, Tensor t, Node.Backward backward) {
        boolean anomaly = isAnomalyDetectionEnabled();
        if (anomaly && IN_BACKWARD.get()[0] == 0) checkFinite(t, op, "forward", null);
        if (!isGradEnabled() || !t.requiresGrad) return t;
        setHistory(t, new Node(op, t, saves, new Tensor[] {t}, backward, anomaly ? new Throwable("'" + op + "' was created here") : null));
        return t;
    }

    static void backward(Tensor root, Tensor gradOutput, boolean retainGraph) {
        if (!root.requiresGrad) {
            throw new IllegalStateException("backward: tensor of shape " + root.shape()
                    + " does not require grad and has no grad_fn; call requiresGrad(true) on a leaf it depends on");
        }
        if (gradOutput == null) {
            if (root.numel() != 1) {
                throw new IllegalArgumentException("backward: a gradient can be created implicitly only for a scalar;"
                        + " got shape " + root.shape() + ". Pass the output gradient: backward(grad)");
            }
            gradOutput = Tensor.ones(root.dtype, root.shape);
        } else if (!java.util.Arrays.equals(gradOutput.shape, root.shape)) {
            throw new IllegalArgumentException("backward: output gradient shape " + gradOutput.shape()
                    + " does not match the tensor's shape " + root.shape());
        }
        boolean anomaly = isAnomalyDetectionEnabled();
        int[] inBackward = IN_BACKWARD.get();
        inBackward[0]++;
        long firstFresh = Storage.nextSerial();
        try (var scope = noGrad()) {
            Tensor rootGrad = gradOutput.to(root.dtype);
            if (root.gradFn == null) { // the root itself is a leaf
                accumulate(root, rootGrad, false);
                return;
            }
            // Gradients flow from node to node; each node's output gradient is complete once every
            // node that used its output (all earlier in topological order) has run.
            Map<Node, Tensor> grads = new IdentityHashMap<>();
            grads.put(root.gradFn, rootGrad);
            for (Node node : topologicalOrder(root.gradFn)) {
                Tensor g = grads.remove(node);
                if (g == null) continue;
                if (node.retainedOutput != null) accumulate(node.retainedOutput, g, false);
                if (node.backward == null) {
                    throw new IllegalStateException("backward: the graph through '" + node.op + "' was already freed by an"
                            + " earlier backward(); call backward(grad, true) the first time to keep it");
                }
                node.checkVersions();
                Tensor[] overwritable = OVERWRITABLE.get();
                overwritable[0] = !anomaly && sole(g, firstFresh, null, -1, grads, null) ? g : null;
                Tensor[] inGrads;
                try {
                    inGrads = node.backward.apply(g);
                } finally {
                    overwritable[0] = null;
                }
                for (int i = 0; i < node.inputShapes.length; i++) {
                    Node next = node.nextNodes[i];
                    Tensor leaf = node.nextLeaves[i];
                    if (next == null && leaf == null || inGrads[i] == null) continue;
                    Tensor gi = unbroadcast(inGrads[i], node.inputShapes[i], node.op).to(node.inputTypes[i]);
                    if (anomaly) checkFinite(gi, node.op, "backward (gradient of input " + i + ")", node.createdAt);
                    if (leaf != null) {
                        accumulate(leaf, gi, sole(gi, firstFresh, inGrads, i, grads, null)); // steal it when nobody else holds it
                    } else {
                        Tensor prev = grads.get(next);
                        if (prev == null) {
                            grads.put(next, gi);
                        } else if (!anomaly && prev.storage != gi.storage && prev.dtype == gi.dtype
                                && java.util.Arrays.equals(prev.shape, gi.shape) && sole(prev, firstFresh, inGrads, -1, grads, next)) {
                            prev.addInPlace(gi); // a second gradient for the node, added into the first, which nobody else holds
                        } else {
                            grads.put(next, prev.add(gi));
                        }
                    }
                }
                if (!retainGraph) node.release();
            }
        } finally {
            inBackward[0]--;
        }
    }

    /**
     * The gradient buffer an op's backward may accumulate a leaf's gradient into directly (a GEMM with
     * {@code beta = 1} instead of a fresh product that the engine then adds), or null when it must return
     * the gradient as usual: only during backward, for a leaf that requires grad and already has a
     * {@code grad} of type {@code dt} that is a whole contiguous array (kept by {@code zeroGrad(false)}
     * or left by an earlier backward), and not in anomaly mode (which checks each gradient first). The
     * result equals the engine's {@code grad += g}, so the buffer is reused across steps.
     */
    static Tensor gradientBuffer(Tensor leaf, DType dt) {
        Tensor g = leaf.grad;
        if (IN_BACKWARD.get()[0] == 0 || leaf.gradFn != null || !leaf.requiresGrad || g == null || g.dtype != dt
                || isAnomalyDetectionEnabled() || g.offset != 0 || !g.isContiguous()
                || g.numel() != java.lang.reflect.Array.getLength(g.storage.array)) {
            return null;
        }
        return g;
    }

    /**
     * Adds {@code g} into {@code t.grad}, reusing the existing buffer. With no gradient yet, {@code g}
     * itself becomes the gradient when it may be taken over ({@code steal}), else a copy of it.
     */
    private static void accumulate(Tensor t, Tensor g, boolean steal) {
        if (t.grad == null) {
            t.grad = steal ? g : g.clone();
        } else {
            t.grad.addInPlace(g);
        }
    }

    /**
     * The output gradient that the backward function now running on this thread may overwrite ({@link #mayOverwrite}),
     * or null.
     */
    private static final ThreadLocal<Tensor[]> OVERWRITABLE = ThreadLocal.withInitial(() -> new Tensor[1]);

    /**
     * Whether an op's backward function may write its result over {@code g}, the output gradient it was called with
     * (PyTorch's ops do the same with gradients they alone hold): true only while the engine runs that function, when
     * {@code g} is a whole contiguous array allocated during this backward pass that no pending gradient shares, and
     * not in anomaly mode. ReLU's and batch norm's backward then return {@code g} itself, overwritten, instead of a new
     * tensor of the same size.
     */
    static boolean mayOverwrite(Tensor g) {
        return g != null && OVERWRITABLE.get()[0] == g;
    }

    /**
     * Whether nothing but the engine holds {@code g}: allocated during this backward pass (serial at or past
     * {@code firstFresh}: no forward value, saved tensor or caller's gradient), a whole contiguous array, and sharing
     * its storage with no other pending gradient and no other result {@code inGrads[j]}, {@code j ≠ i}, of the call
     * that produced it ({@code inGrads} may be null; {@code i = −1} checks them all), leaving out the pending entry of
     * {@code except} (the node whose gradient {@code g} is). Such a gradient may then be written in place: taken over
     * as a leaf's {@code grad} without a copy (as PyTorch's AccumulateGrad steals a gradient nobody else holds; later
     * accumulation writes that storage), overwritten by the backward it is handed to ({@link #mayOverwrite}), or a
     * node's second gradient added into it. Sharing it would change the other holder.
     */
    private static boolean sole(Tensor g, long firstFresh, Tensor[] inGrads, int i, Map<Node, Tensor> pending, Node except) {
        Storage st = g.storage;
        if (st.serial < firstFresh || g.offset != 0 || !g.isContiguous() || g.numel() != java.lang.reflect.Array.getLength(st.array)) {
            return false;
        }
        if (inGrads != null) {
            for (int j = 0; j < inGrads.length; j++) {
                if (j != i && inGrads[j] != null && inGrads[j].storage == st) return false;
            }
        }
        for (Map.Entry<Node, Tensor> e : pending.entrySet()) {
            if (e.getKey() != except && e.getValue().storage == st) return false;
        }
        return true;
    }

    /** Sums a gradient over the dimensions that broadcasting expanded, giving it {@code shape}. */
    static Tensor unbroadcast(Tensor g, int[] shape, String op) {
        if (java.util.Arrays.equals(g.shape, shape)) return g;
        int extra = g.shape.length - shape.length;
        if (extra < 0) {
            throw new IllegalStateException("backward of '" + op + "': gradient of shape " + g.shape()
                    + " cannot be reduced to input shape " + Shape.wrap(shape));
        }
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < g.shape.length; i++) {
            if (i < extra || (shape[i - extra] == 1 && g.shape[i] != 1)) axes.add(i);
            else if (shape[i - extra] != g.shape[i]) {
                throw new IllegalStateException("backward of '" + op + "': gradient of shape " + g.shape()
                        + " cannot be reduced to input shape " + Shape.wrap(shape));
            }
        }
        Tensor s = g.sum(axes.stream().mapToInt(Integer::intValue).toArray(), true);
        return s.reshape(shape);
    }

    /** The nodes reachable from {@code root}, each before all nodes that computed its inputs. */
    private static List<Node> topologicalOrder(Node root) {
        List<Node> postOrder = new ArrayList<>();
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Node> nodes = new ArrayDeque<>();
        ArrayDeque<int[]> nextInput = new ArrayDeque<>();
        nodes.push(root);
        nextInput.push(new int[1]);
        seen.put(root, true);
        while (!nodes.isEmpty()) {
            Node n = nodes.peek();
            int[] next = nextInput.peek();
            if (next[0] < n.nextNodes.length) {
                Node in = n.nextNodes[next[0]++];
                if (in != null && seen.put(in, true) == null) {
                    nodes.push(in);
                    nextInput.push(new int[1]);
                }
            } else {
                nodes.pop();
                nextInput.pop();
                postOrder.add(n);
            }
        }
        Collections.reverse(postOrder);
        return postOrder;
    }

    static void checkFinite(Tensor t, String op, String phase, Throwable createdAt) {
        if (!t.dtype.isFloating()) return;
        Tensor c = t.contiguous();
        int n = (int) c.numel();
        int bad = -1;
        if (c.dtype == DType.FLOAT32) {
            float[] a = c.floatArray();
            for (int i = 0; i < n; i++) if (!Float.isFinite(a[c.offset + i])) { bad = i; break; }
        } else {
            double[] a = c.doubleArray();
            for (int i = 0; i < n; i++) if (!Double.isFinite(a[c.offset + i])) { bad = i; break; }
        }
        if (bad >= 0) {
            double v = c.flatGet(bad);
            throw new NonFiniteException("anomaly: '" + op + "' produced " + v + " in " + phase + " at flat index "
                    + bad + " of an output of shape " + t.shape(), createdAt);
        }
    }
}
