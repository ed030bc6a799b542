package ai.deepj.tensor;

import ai.deepj.kernel.BackwardKernels;
import ai.deepj.kernel.BinaryOp;
import ai.deepj.kernel.ElementwiseKernels;
import ai.deepj.kernel.UnaryOp;

/**
 * Elementwise ops with their gradients: binary arithmetic with broadcasting, comparisons, unary
 * math, where, clamp, leaky ReLU, type casts and in-place updates. Each op's forward and backward
 * sit together; un-broadcasting of gradients is the engine's job ({@link Autograd}).
 */
final class Elementwise {
    private Elementwise() {}

    /** A rank-0 tensor holding {@code value}, typed to combine with {@code like} without surprise. */
    static Tensor scalarLike(Tensor like, double value) {
        DType dt = like.dtype;
        if (dt == DType.INT32 && value != Math.rint(value)) dt = DType.FLOAT32;
        return Creation.full(dt, value, new int[0]);
    }

    // ------------------------------------------------------------------ binary

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        DType dt = DType.promote(a.dtype, b.dtype);
        if (dt == DType.INT32 && (op == BinaryOp.DIV || op == BinaryOp.POW)) dt = DType.FLOAT32;
        Tensor x = a.to(dt);
        Tensor y = b.to(dt);
        int[] shape = Strided.broadcastShapes(op.opName(), x.shape, y.shape);
        Tensor out = Tensor.allocate(dt, shape);
        run(op, x, y, out);
        if (op.isComparison()) return out;
        return Autograd.record(op.opName(), binarySaves(op), out, g -> switch (op) {
            case ADD -> new Tensor[] {g, g};
            case SUB -> new Tensor[] {g, g.neg()};
            case MUL -> new Tensor[] {x.requiresGrad ? g.mul(y) : null, y.requiresGrad ? g.mul(x) : null};
            case DIV -> new Tensor[] {x.requiresGrad ? g.div(y) : null, y.requiresGrad ? g.mul(out).div(y).neg() : null};
            case POW -> new Tensor[] {
                x.requiresGrad ? g.mul(y).mul(x.pow(y.sub(1))) : null,
                // d/dy x^y = x^y log x; PyTorch defines it as 0 where x == 0 (and y >= 0).
                y.requiresGrad ? g.mul(out).mul(x.log()).maskedFill(x.eq(0), 0) : null};
            case MAX, MIN -> {
                Tensor share = (op == BinaryOp.MAX ? x.gt(y) : x.lt(y)).add(x.eq(y).mul(0.5));
                yield new Tensor[] {g.mul(share), g.mul(share.rsub(1))};
            }
            default -> throw new IllegalStateException(op.opName());
        }, x, y);
    }

    /** What each binary op's backward reads (see {@link Node#SAVES_ALL}). */
    private static int binarySaves(BinaryOp op) {
        return switch (op) {
            case ADD, SUB -> Node.SAVES_NOTHING;
            case MUL, MAX, MIN -> Node.SAVES_INPUT0 | Node.SAVES_INPUT1;
            case DIV -> Node.SAVES_INPUT1 | Node.SAVES_OUTPUT;
            default -> Node.SAVES_ALL;
        };
    }

    /** out = op(x, y) with x, y broadcast to out's shape; all three of one type. */
    private static void run(BinaryOp op, Tensor x, Tensor y, Tensor out) {
        int[][] st = {out.strides, Strided.broadcastStrides(x, out.shape), Strided.broadcastStrides(y, out.shape)};
        int[] offs = {out.offset, x.offset, y.offset};
        if (out.strides.length > 0 && !out.isContiguous()) throw new IllegalStateException("binary: output must be contiguous");
        switch (out.dtype) {
            case FLOAT32 -> {
                float[] o = out.floatArray(), a = x.floatArray(), b = y.floatArray();
                Strided.forEachRow(out.shape, st, offs, 1,
                        (p, s, n) -> ElementwiseKernels.binary(op, a, p[1], s[1], b, p[2], s[2], o, p[0], n));
            }
            case FLOAT64 -> {
                double[] o = out.doubleArray(), a = x.doubleArray(), b = y.doubleArray();
                Strided.forEachRow(out.shape, st, offs, 1,
                        (p, s, n) -> ElementwiseKernels.binary(op, a, p[1], s[1], b, p[2], s[2], o, p[0], n));
            }
            case INT32 -> {
                int[] o = out.intArray(), a = x.intArray(), b = y.intArray();
                Strided.forEachRow(out.shape, st, offs, 1,
                        (p, s, n) -> ElementwiseKernels.binary(op, a, p[1], s[1], b, p[2], s[2], o, p[0], n));
            }
        }
    }

    /**
     * {@code target = op(target, other)} in place ({@code op == null}: copy {@code other} in).
     * Never recorded; refused where autograd would be corrupted.
     */
    static Tensor inPlace(BinaryOp op, Tensor target, Tensor other) {
        String name = op == null ? "copyInPlace" : op.opName() + "InPlace";
        if (Autograd.isGradEnabled() && (target.requiresGrad || other.requiresGrad)) {
            throw new IllegalStateException(name + ": in-place update of a tensor that takes part in autograd (shape "
                    + target.shape() + "); do it inside try (var s = Autograd.noGrad()) { ... }");
        }
        int[] shape = Strided.broadcastShapes(name, target.shape, other.shape);
        if (!java.util.Arrays.equals(shape, target.shape)) {
            throw new IllegalArgumentException(name + ": cannot write a result of shape " + Shape.wrap(shape)
                    + " into a tensor of shape " + target.shape());
        }
        if (op == null && other.numel() == 1 && target.isContiguous()) {
            // fillInPlace (zeroGrad on every step): a memset, not an element-by-element broadcast copy.
            fill(target, other.read(other.offset));
        } else if (op == null) {
            Strided.copy(other, target);
        } else {
            Tensor y = other.to(target.dtype);
            if (target.isContiguous()) {
                run(op, target, y, target);
            } else {
                Tensor tmp = Tensor.allocate(target.dtype, target.shape);
                run(op, target, y, tmp);
                Strided.copy(tmp, target);
            }
        }
        target.storage.version++;
        return target;
    }

    /** Every element of the contiguous {@code t} set to {@code value}, converted as {@link Strided#copy} converts it. */
    private static void fill(Tensor t, double value) {
        int from = t.offset, to = t.offset + (int) t.numel();
        switch (t.dtype) {
            case FLOAT32 -> java.util.Arrays.fill(t.floatArray(), from, to, (float) value);
            case FLOAT64 -> java.util.Arrays.fill(t.doubleArray(), from, to, value);
            case INT32 -> java.util.Arrays.fill(t.intArray(), from, to, (int) value);
        }
    }

    // ------------------------------------------------------------------ unary

    static Tensor unary(UnaryOp op, Tensor a) {
        Tensor x = a;
        if (x.dtype == DType.INT32 && !intDefined(op)) x = x.to(DType.FLOAT32);
        Tensor out = map(x, op);
        final Tensor in = x;
        if (op == UnaryOp.SIGN) return Autograd.record(op.opName(), Node.SAVES_NOTHING, out, g -> new Tensor[] {g.zerosLike()}, in);
        return Autograd.record(op.opName(), unarySaves(op), out, g -> new Tensor[] {switch (op) {
            case NEG -> g.neg();
            case ABS -> g.mul(in.sign());
            case EXP -> g.mul(out);
            case LOG -> g.div(in);
            case LOG1P -> g.div(in.add(1));
            case SQRT -> g.div(out.mul(2));
            case SQUARE -> g.mul(in).mul(2);
            case RECIPROCAL -> g.mul(out.square()).neg();
            case TANH -> g.mul(out.square().rsub(1));
            case SIGMOID -> g.mul(out.mul(out.rsub(1)));
            // The mask from the output (out > 0 exactly where in > 0): what an in-place ReLU can still read.
            case RELU -> reluBackward(g, out);
            case SIGN -> throw new IllegalStateException();
        }}, in);
    }

    /**
     * {@code max(t, 0)} written over {@code t}; recorded as {@code relu_} (see {@link Tensor#reluInPlace()}).
     * Its backward needs only the mask {@code t > 0}, which the overwritten values still give.
     */
    static Tensor reluInPlace(Tensor t) {
        String refusal = Autograd.inPlaceRefusal("reluInPlace", t);
        if (refusal != null) throw new IllegalStateException(refusal);
        run(UnaryOp.RELU, t, t); // elementwise: each element is read before it is written
        t.storage.version++;
        return Autograd.recordInPlace("relu_", Node.SAVES_OUTPUT, t, g -> new Tensor[] {reluBackward(g, t)});
    }

    /** What each unary op's backward reads (see {@link Node#SAVES_ALL}). */
    private static int unarySaves(UnaryOp op) {
        return switch (op) {
            case NEG, SIGN -> Node.SAVES_NOTHING;
            case ABS, LOG, LOG1P, SQUARE -> Node.SAVES_INPUT0;
            case EXP, SQRT, RECIPROCAL, TANH, SIGMOID, RELU -> Node.SAVES_OUTPUT;
        };
    }

    /**
     * ReLU's gradient {@code g · [x > 0]} in one fused pass when both are contiguous floats of one
     * shape; the composed {@code g.mul(x.gt(0))} otherwise (and as the reference in tests).
     */
    static Tensor reluBackward(Tensor g, Tensor x) {
        if (g.dtype != x.dtype || !x.dtype.isFloating() || !java.util.Arrays.equals(g.shape, x.shape) || !g.isContiguous()
                || !x.isContiguous()) {
            return g.mul(x.gt(0));
        }
        // over g itself when the engine alone holds it (each element is read before it is written)
        Tensor out = Autograd.mayOverwrite(g) ? g : Tensor.allocate(x.dtype, x.shape);
        int n = (int) x.numel();
        if (x.dtype == DType.FLOAT32) {
            BackwardKernels.reluBackward(g.floatArray(), g.offset, x.floatArray(), x.offset, out.floatArray(), out.offset, n);
        } else {
            BackwardKernels.reluBackward(g.doubleArray(), g.offset, x.doubleArray(), x.offset, out.doubleArray(), out.offset, n);
        }
        return out;
    }

    private static boolean intDefined(UnaryOp op) {
        return switch (op) {
            case NEG, ABS, SIGN, SQUARE, RELU -> true;
            default -> false;
        };
    }

    /** A new contiguous tensor with {@code op} applied to every element. */
    private static Tensor map(Tensor x, UnaryOp op) {
        return run(op, x, Tensor.allocate(x.dtype, x.shape));
    }

    /** {@code out = op(x)} into an existing tensor; never recorded (see {@link Tensor#mapInto}). */
    static Tensor mapInto(UnaryOp op, Tensor x, Tensor out) {
        String name = op.opName() + " (mapInto)";
        if (!java.util.Arrays.equals(x.shape, out.shape)) {
            throw new IllegalArgumentException(name + ": output shape " + out.shape() + " != input shape " + x.shape());
        }
        if (x.dtype != out.dtype || !x.dtype.isFloating() && !intDefined(op)) {
            throw new IllegalArgumentException(name + ": input " + x.dtype + " and output " + out.dtype
                    + " must be the same type" + (x.dtype.isFloating() ? "" : ", and a floating one for this op"));
        }
        if (!out.isContiguous()) throw new IllegalArgumentException(name + ": the output must be contiguous; use contiguous()");
        if (Autograd.isGradEnabled() && (x.requiresGrad || out.requiresGrad)) {
            throw new IllegalStateException(name + ": writes into a tensor outside autograd, but a tensor here requires grad (shape "
                    + x.shape() + "); use the recorded op, or do it inside try (var s = Autograd.noGrad()) { ... }");
        }
        run(op, x, out);
        out.storage.version++;
        return out;
    }

    private static Tensor run(UnaryOp op, Tensor x, Tensor out) {
        int[][] st = {out.strides, x.strides};
        int[] offs = {out.offset, x.offset};
        int cost = op == UnaryOp.NEG || op == UnaryOp.ABS || op == UnaryOp.RELU || op == UnaryOp.SQUARE ? 1 : 8;
        switch (x.dtype) {
            case FLOAT32 -> {
                float[] o = out.floatArray(), a = x.floatArray();
                Strided.forEachRow(x.shape, st, offs, cost, (p, s, n) -> ElementwiseKernels.unary(op, a, p[1], s[1], o, p[0], n));
            }
            case FLOAT64 -> {
                double[] o = out.doubleArray(), a = x.doubleArray();
                Strided.forEachRow(x.shape, st, offs, cost, (p, s, n) -> ElementwiseKernels.unary(op, a, p[1], s[1], o, p[0], n));
            }
            case INT32 -> {
                int[] o = out.intArray(), a = x.intArray();
                Strided.forEachRow(x.shape, st, offs, cost, (p, s, n) -> ElementwiseKernels.unary(op, a, p[1], s[1], o, p[0], n));
            }
        }
        return out;
    }

    static Tensor leakyRelu(Tensor x, double slope) {
        Tensor positive = x.gt(0);
        // factor is 1 where x > 0 and slope elsewhere (also at 0, as PyTorch does).
        Tensor factor = positive.mul(1 - slope).add(slope);
        Tensor out;
        try (var s = Autograd.noGrad()) {
            out = x.mul(factor);
        }
        return Autograd.record("leaky_relu", out, g -> new Tensor[] {g.mul(factor)}, x);
    }

    static Tensor clamp(Tensor x, double min, double max) {
        if (min > max) throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
        Tensor out;
        try (var s = Autograd.noGrad()) {
            out = x.maximum(scalarLike(x, min)).minimum(scalarLike(x, max));
        }
        return Autograd.record("clamp", out, g -> new Tensor[] {g.mul(x.ge(scalarLike(x, min)).mul(x.le(scalarLike(x, max))))}, x);
    }

    // ------------------------------------------------------------------ where and casts

    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        DType dt = DType.promote(a.dtype, b.dtype);
        Tensor x = a.to(dt), y = b.to(dt);
        int[] shape = Strided.broadcastShapes("where", cond.shape, x.shape, y.shape);
        Tensor c = cond.to(dt);
        Tensor out = Tensor.allocate(dt, shape);
        int[][] st = {out.strides, Strided.broadcastStrides(c, shape), Strided.broadcastStrides(x, shape), Strided.broadcastStrides(y, shape)};
        int[] offs = {0, c.offset, x.offset, y.offset};
        switch (dt) {
            case FLOAT32 -> {
                float[] o = out.floatArray(), m = c.floatArray(), p = x.floatArray(), q = y.floatArray();
                Strided.forEachRow(shape, st, offs, 1, (r, s, n) -> ElementwiseKernels.select(m, r[1], s[1], p, r[2], s[2], q, r[3], s[3], o, r[0], n));
            }
            case FLOAT64 -> {
                double[] o = out.doubleArray(), m = c.doubleArray(), p = x.doubleArray(), q = y.doubleArray();
                Strided.forEachRow(shape, st, offs, 1, (r, s, n) -> ElementwiseKernels.select(m, r[1], s[1], p, r[2], s[2], q, r[3], s[3], o, r[0], n));
            }
            case INT32 -> {
                int[] o = out.intArray(), m = c.intArray(), p = x.intArray(), q = y.intArray();
                Strided.forEachRow(shape, st, offs, 1, (r, s, n) -> ElementwiseKernels.select(m, r[1], s[1], p, r[2], s[2], q, r[3], s[3], o, r[0], n));
            }
        }
        // The mask (1 where the condition holds) is only needed by the backward pass.
        boolean recorded = Autograd.isGradEnabled() && (x.requiresGrad || y.requiresGrad);
        Tensor mask = recorded ? c.ne(scalarLike(c, 0)) : null;
        return Autograd.record("where", out, g -> new Tensor[] {g.mul(mask), g.mul(mask.rsub(1))}, x, y);
    }

    static Tensor cast(Tensor t, DType target) {
        if (t.dtype == target) return t;
        Tensor out = Tensor.allocate(target, t.shape);
        Strided.copy(t, out);
        if (!target.isFloating()) return out;
        return Autograd.record("to_" + target, Node.SAVES_NOTHING, out, g -> new Tensor[] {g.to(t.dtype)}, t);
    }
}
