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
     * gradient and recording is on. Returns {@code out}.
     */
    static Tensor record(String op, Tensor out, Node.Backward backward, Tensor... inputs) {
        boolean anomaly = isAnomalyDetectionEnabled();
        if (anomaly && IN_BACKWARD.get()[0] == 0) checkFinite(out, op, "forward", null);
        if (!isGradEnabled()) return out;
        boolean needed = false;
        for (Tensor in : inputs) needed |= in.requiresGrad;
        if (!needed) return out;
        out.requiresGrad = true;
        out.gradFn = new Node(op, inputs, backward, anomaly ? new Throwable("'" + op + "' was created here") : null);
        out.gradFn.outputVersion = out.storage.version;
        return out;
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
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        grads.put(root, gradOutput.to(root.dtype));
        int[] inBackward = IN_BACKWARD.get();
        inBackward[0]++;
        try (var scope = noGrad()) {
            for (Tensor t : topologicalOrder(root)) {
                Tensor g = grads.remove(t);
                if (g == null) continue;
                if (t.gradFn == null) { // a leaf reached directly (root itself is a leaf)
                    accumulate(t, g);
                    continue;
                }
                if (t.retainsGrad) accumulate(t, g);
                Node node = t.gradFn;
                if (node.backward == null) {
                    throw new IllegalStateException("backward: the graph through '" + node.op + "' was already freed by an"
                            + " earlier backward(); call backward(grad, true) the first time to keep it");
                }
                node.checkVersions(t);
                Tensor[] inGrads = node.backward.apply(g);
                for (int i = 0; i < node.inputs.length; i++) {
                    Tensor in = node.inputs[i];
                    if (!in.requiresGrad || inGrads[i] == null) continue;
                    Tensor gi = unbroadcast(inGrads[i], in.shape, node.op).to(in.dtype);
                    if (anomaly) checkFinite(gi, node.op, "backward (gradient of input " + i + ")", node.createdAt);
                    if (in.gradFn == null) {
                        accumulate(in, gi);
                    } else {
                        grads.merge(in, gi, Tensor::add);
                    }
                }
                if (!retainGraph) node.backward = null;
            }
        } finally {
            inBackward[0]--;
        }
    }

    /** Adds {@code g} into {@code t.grad}, reusing the existing buffer. */
    private static void accumulate(Tensor t, Tensor g) {
        if (t.grad == null) {
            t.grad = g.clone();
        } else {
            t.grad.addInPlace(g);
        }
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

    /** Tensors that have a grad_fn, each before all tensors it was computed from. */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> postOrder = new ArrayList<>();
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>(); // {tensor, nextInputIndex}
        stack.push(new Object[] {root, 0});
        seen.put(root, true);
        while (!stack.isEmpty()) {
            Object[] top = stack.peek();
            Tensor t = (Tensor) top[0];
            int next = (Integer) top[1];
            Tensor[] inputs = t.gradFn == null ? new Tensor[0] : t.gradFn.inputs;
            if (next < inputs.length) {
                top[1] = next + 1;
                Tensor in = inputs[next];
                if (in.requiresGrad && seen.put(in, true) == null) stack.push(new Object[] {in, 0});
            } else {
                stack.pop();
                postOrder.add(t);
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
