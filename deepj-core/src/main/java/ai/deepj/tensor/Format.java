package ai.deepj.tensor;

import java.util.Locale;

/** Printing of tensors in PyTorch's style, abbreviated for large tensors. */
final class Format {
    private Format() {}

    private static final int THRESHOLD = 1000;
    private static final int EDGE = 3;

    static String format(Tensor t) {
        StringBuilder sb = new StringBuilder("tensor(");
        boolean summarize = t.numel() > THRESHOLD;
        int[] idx = new int[t.dim()];
        append(sb, t, idx, 0, summarize, 7);
        sb.append(", shape=").append(t.shape()).append(", dtype=").append(t.dtype);
        if (t.gradFn != null) sb.append(", grad_fn=").append(t.gradFn.op);
        else if (t.requiresGrad) sb.append(", requires_grad=true");
        return sb.append(')').toString();
    }

    private static void append(StringBuilder sb, Tensor t, int[] idx, int d, boolean summarize, int indent) {
        if (d == t.dim()) {
            double v = t.get(idx);
            sb.append(t.dtype == DType.INT32 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4f", v));
            return;
        }
        sb.append('[');
        int n = t.shape[d];
        for (int i = 0; i < n; i++) {
            if (summarize && n > 2 * EDGE && i == EDGE) {
                sb.append("...");
                i = n - EDGE - 1;
                sb.append(d == t.dim() - 1 ? ", " : ",\n" + " ".repeat(indent + d + 1));
                continue;
            }
            idx[d] = i;
            append(sb, t, idx, d + 1, summarize, indent);
            if (i < n - 1) sb.append(d == t.dim() - 1 ? ", " : ",\n" + " ".repeat(indent + d + 1));
        }
        idx[d] = 0;
        sb.append(']');
    }
}
