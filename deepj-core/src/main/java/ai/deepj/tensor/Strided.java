package ai.deepj.tensor;

import ai.deepj.kernel.Parallel;
import java.util.Arrays;

/**
 * Walks several same-shaped (possibly broadcast) operands in row-major order, one contiguous run
 * ("row") at a time, so kernels see long runs with fixed strides. Dimensions that are laid out
 * back to back in every operand are merged first, so a contiguous tensor is a single row.
 */
final class Strided {
    private Strided() {}

    /** Processes one run: operand {@code k} starts at {@code offsets[k]} and steps by {@code inner[k]}. */
    @FunctionalInterface
    interface RowBody {
        void run(int[] offsets, int[] inner, int n);
    }

    /**
     * Calls {@code body} for every row of {@code shape}. {@code strides[k]} and {@code offsets[k]}
     * describe operand {@code k} (stride 0 for broadcast dimensions). Large work is split over the
     * shared pool; {@code cost} is the rough work per element.
     */
    static void forEachRow(int[] shape, int[][] strides, int[] offsets, int cost, RowBody body) {
        int ops = strides.length;
        // Coalesce: drop size-1 dims, merge dim i into i+1 where contiguous for all operands.
        int[] cs = new int[shape.length];
        int[][] cst = new int[ops][shape.length];
        int r = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) continue;
            if (shape[d] == 0) return;
            boolean merge = r > 0;
            for (int k = 0; k < ops && merge; k++) merge = cst[k][r - 1] == strides[k][d] * shape[d];
            if (merge) {
                cs[r - 1] *= shape[d];
                for (int k = 0; k < ops; k++) cst[k][r - 1] = strides[k][d];
            } else {
                cs[r] = shape[d];
                for (int k = 0; k < ops; k++) cst[k][r] = strides[k][d];
                r++;
            }
        }
        int[] inner = new int[ops];
        if (r == 0) {
            body.run(offsets.clone(), inner, 1);
            return;
        }
        final int rank = r;
        final int n = cs[rank - 1];
        for (int k = 0; k < ops; k++) inner[k] = cst[k][rank - 1];
        long rowsL = 1;
        for (int d = 0; d < rank - 1; d++) rowsL *= cs[d];
        final int rows = (int) rowsL;
        if (rowsL * n * cost < Parallel.MIN_PARALLEL_WORK) { // not worth waking a second thread
            forRows(0, rows, rank - 1, cs, cst, offsets, inner, n, body);
        } else if (rows == 1) {
            Parallel.forRange(n, cost, (from, to) -> {
                int[] o = new int[ops];
                for (int k = 0; k < ops; k++) o[k] = offsets[k] + from * inner[k];
                body.run(o, inner, to - from);
            });
        } else {
            Parallel.forRange(rows, (long) n * cost, (from, to) -> forRows(from, to, rank - 1, cs, cst, offsets, inner, n, body));
        }
    }

    /** Rows {@code [from, to)} over the first {@code outer} dims of the coalesced shape {@code cs}. */
    private static void forRows(int from, int to, int outer, int[] cs, int[][] cst, int[] offsets, int[] inner, int n, RowBody body) {
        int ops = offsets.length;
        int[] idx = new int[outer];
        int[] o = new int[ops];
        int rem = from;
        for (int d = outer - 1; d >= 0; d--) {
            idx[d] = rem % cs[d];
            rem /= cs[d];
        }
        for (int k = 0; k < ops; k++) {
            int off = offsets[k];
            for (int d = 0; d < outer; d++) off += idx[d] * cst[k][d];
            o[k] = off;
        }
        int[] run = new int[ops];
        for (int row = from; row < to; row++) {
            System.arraycopy(o, 0, run, 0, ops);
            body.run(run, inner, n);
            for (int d = outer - 1; d >= 0; d--) { // odometer step
                idx[d]++;
                for (int k = 0; k < ops; k++) o[k] += cst[k][d];
                if (idx[d] < cs[d]) break;
                for (int k = 0; k < ops; k++) o[k] -= cst[k][d] * cs[d];
                idx[d] = 0;
            }
        }
    }

    /** Strides of {@code t} as seen through broadcasting to {@code target} (0 where broadcast). */
    static int[] broadcastStrides(Tensor t, int[] target) {
        int[] s = new int[target.length];
        int extra = target.length - t.shape.length;
        for (int i = 0; i < t.shape.length; i++) {
            s[i + extra] = t.shape[i] == 1 && target[i + extra] != 1 ? 0 : t.strides[i];
        }
        return s;
    }

    /** The broadcast shape of several shapes, or an error naming {@code op} and the shapes. */
    static int[] broadcastShapes(String op, int[]... shapes) {
        int rank = 0;
        for (int[] s : shapes) rank = Math.max(rank, s.length);
        int[] out = new int[rank];
        Arrays.fill(out, 1);
        for (int[] s : shapes) {
            for (int i = 0; i < s.length; i++) {
                int d = rank - s.length + i;
                if (s[i] == out[d] || s[i] == 1) continue;
                if (out[d] == 1) {
                    out[d] = s[i];
                } else {
                    StringBuilder msg = new StringBuilder(op).append(": cannot broadcast shapes");
                    for (int[] x : shapes) msg.append(' ').append(Arrays.toString(x));
                    msg.append(" (dimension ").append(d - rank).append(": ").append(out[d]).append(" vs ").append(s[i])
                            .append("; sizes must be equal or 1, aligned from the right)");
                    throw new IllegalArgumentException(msg.toString());
                }
            }
        }
        return out;
    }

    /** Copies {@code src} (broadcast to {@code dst}'s shape, converted to its type) into {@code dst}. */
    static void copy(Tensor src, Tensor dst) {
        int[][] st = {dst.strides, broadcastStrides(src, dst.shape)};
        int[] offs = {dst.offset, src.offset};
        Object d = dst.storage.array;
        Object s = src.storage.array;
        forEachRow(dst.shape, st, offs, 1, (o, in, n) -> copyRun(s, o[1], in[1], d, o[0], in[0], n));
    }

    private static void copyRun(Object s, int so, int ss, Object d, int dof, int ds, int n) {
        if (s.getClass() == d.getClass() && ss == 1 && ds == 1) {
            System.arraycopy(s, so, d, dof, n);
            return;
        }
        switch (d) {
            case float[] f -> {
                switch (s) {
                    case float[] a -> { for (int i = 0; i < n; i++) f[dof + i * ds] = a[so + i * ss]; }
                    case double[] a -> { for (int i = 0; i < n; i++) f[dof + i * ds] = (float) a[so + i * ss]; }
                    case int[] a -> { for (int i = 0; i < n; i++) f[dof + i * ds] = a[so + i * ss]; }
                    default -> throw new IllegalStateException();
                }
            }
            case double[] f -> {
                switch (s) {
                    case float[] a -> { for (int i = 0; i < n; i++) f[dof + i * ds] = a[so + i * ss]; }
                    case double[] a -> { for (int i = 0; i < n; i++) f[dof + i * ds] = a[so + i * ss]; }
                    case int[] a -> { for (int i = 0; i < n; i++) f[dof + i * ds] = a[so + i * ss]; }
                    default -> throw new IllegalStateException();
                }
            }
            case int[] f -> {
                switch (s) {
                    case float[] a -> { for (int i = 0; i < n; i++) f[dof + i * ds] = (int) a[so + i * ss]; }
                    case double[] a -> { for (int i = 0; i < n; i++) f[dof + i * ds] = (int) a[so + i * ss]; }
                    case int[] a -> { for (int i = 0; i < n; i++) f[dof + i * ds] = a[so + i * ss]; }
                    default -> throw new IllegalStateException();
                }
            }
            default -> throw new IllegalStateException();
        }
    }
}
