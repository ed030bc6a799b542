package ai.deepj.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise loops over strided runs of Java arrays: {@code n} elements starting at an offset and
 * stepping by a stride (0 repeats one element, which is how broadcasting reaches the kernels).
 * Runs with unit or zero strides use the Vector API; other binary runs fall back to scalar code,
 * and unary ones are first gathered into the (contiguous) output. float32 exp, tanh and sigmoid use
 * {@link VectorMath}; float64 ones use the Vector API's library versions, within 1 ulp of {@link Math}.
 */
public final class ElementwiseKernels {
    private ElementwiseKernels() {}

    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    // ------------------------------------------------------------------ binary, float32

    /** {@code o[oo + i] = op(a[ao + i*as], b[bo + i*bs])} for {@code i < n}. */
    public static void binary(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        int i = 0;
        // Unit or zero strides (a broadcast scalar) take the vector loops, one loop per op for the
        // reason given at unary(); the stride tests are loop-invariant and C2 unswitches them.
        if ((as == 0 || as == 1) && (bs == 0 || bs == 1)) {
            int upper = FS.loopBound(n);
            i = switch (op) {
                case ADD -> add(a, ao, as, b, bo, bs, o, oo, upper);
                case SUB -> sub(a, ao, as, b, bo, bs, o, oo, upper);
                case MUL -> mul(a, ao, as, b, bo, bs, o, oo, upper);
                case DIV -> div(a, ao, as, b, bo, bs, o, oo, upper);
                case MAX -> max(a, ao, as, b, bo, bs, o, oo, upper);
                case MIN -> min(a, ao, as, b, bo, bs, o, oo, upper);
                case EQ -> eq(a, ao, as, b, bo, bs, o, oo, upper);
                case NE -> ne(a, ao, as, b, bo, bs, o, oo, upper);
                case LT -> lt(a, ao, as, b, bo, bs, o, oo, upper);
                case LE -> le(a, ao, as, b, bo, bs, o, oo, upper);
                case GT -> gt(a, ao, as, b, bo, bs, o, oo, upper);
                case GE -> ge(a, ao, as, b, bo, bs, o, oo, upper);
                case POW -> 0; // Math.pow below: exact where the library's vector pow is not
            };
        }
        for (; i < n; i++) o[oo + i] = apply(op, a[ao + i * as], b[bo + i * bs]);
    }

    /** The vector at element {@code i} of a run with stride 0 or 1. */
    private static FloatVector vf(float[] a, int off, int stride, int i) {
        return stride == 0 ? FloatVector.broadcast(FS, a[off]) : FloatVector.fromArray(FS, a, off + i);
    }

    private static DoubleVector vd(double[] a, int off, int stride, int i) {
        return stride == 0 ? DoubleVector.broadcast(DS, a[off]) : DoubleVector.fromArray(DS, a, off + i);
    }

    // One method per op and type, each holding a single loop (see unary() below for why).

    private static int add(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += FS.length()) { FloatVector x = vf(a, ao, as, i), y = vf(b, bo, bs, i); x.add(y).intoArray(o, oo + i); }
        return i;
    }

    private static int sub(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += FS.length()) { FloatVector x = vf(a, ao, as, i), y = vf(b, bo, bs, i); x.sub(y).intoArray(o, oo + i); }
        return i;
    }

    private static int mul(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += FS.length()) { FloatVector x = vf(a, ao, as, i), y = vf(b, bo, bs, i); x.mul(y).intoArray(o, oo + i); }
        return i;
    }

    private static int div(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += FS.length()) { FloatVector x = vf(a, ao, as, i), y = vf(b, bo, bs, i); x.div(y).intoArray(o, oo + i); }
        return i;
    }

    private static int max(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += FS.length()) { FloatVector x = vf(a, ao, as, i), y = vf(b, bo, bs, i); x.max(y).intoArray(o, oo + i); }
        return i;
    }

    private static int min(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += FS.length()) { FloatVector x = vf(a, ao, as, i), y = vf(b, bo, bs, i); x.min(y).intoArray(o, oo + i); }
        return i;
    }

    private static int eq(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += FS.length()) { FloatVector x = vf(a, ao, as, i), y = vf(b, bo, bs, i); x.broadcast(0).blend(1, x.compare(VectorOperators.EQ, y)).intoArray(o, oo + i); }
        return i;
    }

    private static int ne(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += FS.length()) { FloatVector x = vf(a, ao, as, i), y = vf(b, bo, bs, i); x.broadcast(0).blend(1, x.compare(VectorOperators.NE, y)).intoArray(o, oo + i); }
        return i;
    }

    private static int lt(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += FS.length()) { FloatVector x = vf(a, ao, as, i), y = vf(b, bo, bs, i); x.broadcast(0).blend(1, x.compare(VectorOperators.LT, y)).intoArray(o, oo + i); }
        return i;
    }

    private static int le(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += FS.length()) { FloatVector x = vf(a, ao, as, i), y = vf(b, bo, bs, i); x.broadcast(0).blend(1, x.compare(VectorOperators.LE, y)).intoArray(o, oo + i); }
        return i;
    }

    private static int gt(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += FS.length()) { FloatVector x = vf(a, ao, as, i), y = vf(b, bo, bs, i); x.broadcast(0).blend(1, x.compare(VectorOperators.GT, y)).intoArray(o, oo + i); }
        return i;
    }

    private static int ge(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += FS.length()) { FloatVector x = vf(a, ao, as, i), y = vf(b, bo, bs, i); x.broadcast(0).blend(1, x.compare(VectorOperators.GE, y)).intoArray(o, oo + i); }
        return i;
    }

    private static int add(double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += DS.length()) { DoubleVector x = vd(a, ao, as, i), y = vd(b, bo, bs, i); x.add(y).intoArray(o, oo + i); }
        return i;
    }

    private static int sub(double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += DS.length()) { DoubleVector x = vd(a, ao, as, i), y = vd(b, bo, bs, i); x.sub(y).intoArray(o, oo + i); }
        return i;
    }

    private static int mul(double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += DS.length()) { DoubleVector x = vd(a, ao, as, i), y = vd(b, bo, bs, i); x.mul(y).intoArray(o, oo + i); }
        return i;
    }

    private static int div(double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += DS.length()) { DoubleVector x = vd(a, ao, as, i), y = vd(b, bo, bs, i); x.div(y).intoArray(o, oo + i); }
        return i;
    }

    private static int max(double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += DS.length()) { DoubleVector x = vd(a, ao, as, i), y = vd(b, bo, bs, i); x.max(y).intoArray(o, oo + i); }
        return i;
    }

    private static int min(double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += DS.length()) { DoubleVector x = vd(a, ao, as, i), y = vd(b, bo, bs, i); x.min(y).intoArray(o, oo + i); }
        return i;
    }

    private static int eq(double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += DS.length()) { DoubleVector x = vd(a, ao, as, i), y = vd(b, bo, bs, i); x.broadcast(0).blend(1, x.compare(VectorOperators.EQ, y)).intoArray(o, oo + i); }
        return i;
    }

    private static int ne(double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += DS.length()) { DoubleVector x = vd(a, ao, as, i), y = vd(b, bo, bs, i); x.broadcast(0).blend(1, x.compare(VectorOperators.NE, y)).intoArray(o, oo + i); }
        return i;
    }

    private static int lt(double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += DS.length()) { DoubleVector x = vd(a, ao, as, i), y = vd(b, bo, bs, i); x.broadcast(0).blend(1, x.compare(VectorOperators.LT, y)).intoArray(o, oo + i); }
        return i;
    }

    private static int le(double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += DS.length()) { DoubleVector x = vd(a, ao, as, i), y = vd(b, bo, bs, i); x.broadcast(0).blend(1, x.compare(VectorOperators.LE, y)).intoArray(o, oo + i); }
        return i;
    }

    private static int gt(double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += DS.length()) { DoubleVector x = vd(a, ao, as, i), y = vd(b, bo, bs, i); x.broadcast(0).blend(1, x.compare(VectorOperators.GT, y)).intoArray(o, oo + i); }
        return i;
    }

    private static int ge(double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += DS.length()) { DoubleVector x = vd(a, ao, as, i), y = vd(b, bo, bs, i); x.broadcast(0).blend(1, x.compare(VectorOperators.GE, y)).intoArray(o, oo + i); }
        return i;
    }

    static float apply(BinaryOp op, float x, float y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case POW -> (float) StrictMath.pow(x, y);
            case MAX -> Math.max(x, y);
            case MIN -> Math.min(x, y);
            case EQ -> x == y ? 1f : 0f;
            case NE -> x != y ? 1f : 0f;
            case LT -> x < y ? 1f : 0f;
            case LE -> x <= y ? 1f : 0f;
            case GT -> x > y ? 1f : 0f;
            case GE -> x >= y ? 1f : 0f;
        };
    }

    // ------------------------------------------------------------------ binary, float64

    /** {@code o[oo + i] = op(a[ao + i*as], b[bo + i*bs])} for {@code i < n}. */
    public static void binary(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int n) {
        int i = 0;
        if ((as == 0 || as == 1) && (bs == 0 || bs == 1)) {
            int upper = DS.loopBound(n);
            i = switch (op) {
                case ADD -> add(a, ao, as, b, bo, bs, o, oo, upper);
                case SUB -> sub(a, ao, as, b, bo, bs, o, oo, upper);
                case MUL -> mul(a, ao, as, b, bo, bs, o, oo, upper);
                case DIV -> div(a, ao, as, b, bo, bs, o, oo, upper);
                case MAX -> max(a, ao, as, b, bo, bs, o, oo, upper);
                case MIN -> min(a, ao, as, b, bo, bs, o, oo, upper);
                case EQ -> eq(a, ao, as, b, bo, bs, o, oo, upper);
                case NE -> ne(a, ao, as, b, bo, bs, o, oo, upper);
                case LT -> lt(a, ao, as, b, bo, bs, o, oo, upper);
                case LE -> le(a, ao, as, b, bo, bs, o, oo, upper);
                case GT -> gt(a, ao, as, b, bo, bs, o, oo, upper);
                case GE -> ge(a, ao, as, b, bo, bs, o, oo, upper);
                case POW -> 0; // Math.pow below: exact where the library's vector pow is not
            };
        }
        for (; i < n; i++) o[oo + i] = apply(op, a[ao + i * as], b[bo + i * bs]);
    }

    static double apply(BinaryOp op, double x, double y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case POW -> StrictMath.pow(x, y);
            case MAX -> Math.max(x, y);
            case MIN -> Math.min(x, y);
            case EQ -> x == y ? 1 : 0;
            case NE -> x != y ? 1 : 0;
            case LT -> x < y ? 1 : 0;
            case LE -> x <= y ? 1 : 0;
            case GT -> x > y ? 1 : 0;
            case GE -> x >= y ? 1 : 0;
        };
    }

    // ------------------------------------------------------------------ binary, int32

    /** Integer version; DIV and POW are not defined on int32 (the tensor layer promotes them to float). */
    public static void binary(BinaryOp op, int[] a, int ao, int as, int[] b, int bo, int bs, int[] o, int oo, int n) {
        for (int i = 0; i < n; i++) {
            int x = a[ao + i * as];
            int y = b[bo + i * bs];
            o[oo + i] = switch (op) {
                case ADD -> x + y;
                case SUB -> x - y;
                case MUL -> x * y;
                case MAX -> Math.max(x, y);
                case MIN -> Math.min(x, y);
                case EQ -> x == y ? 1 : 0;
                case NE -> x != y ? 1 : 0;
                case LT -> x < y ? 1 : 0;
                case LE -> x <= y ? 1 : 0;
                case GT -> x > y ? 1 : 0;
                case GE -> x >= y ? 1 : 0;
                case DIV, POW -> throw new IllegalArgumentException(op.opName() + ": not defined on int32");
            };
        }
    }

    // ------------------------------------------------------------------ select

    /**
     * {@code o[oo + i] = c[co + i*cs] != 0 ? a[ao + i*as] : b[bo + i*bs]} for {@code i < n}. It selects,
     * never blends arithmetically, so a NaN or infinity in the branch not taken cannot leak through.
     */
    public static void select(float[] c, int co, int cs, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        int i = 0;
        if (cs <= 1 && as <= 1 && bs <= 1 && cs >= 0 && as >= 0 && bs >= 0) {
            for (int upper = FS.loopBound(n); i < upper; i += FS.length()) {
                VectorMask<Float> m = vf(c, co, cs, i).compare(VectorOperators.NE, 0f);
                vf(b, bo, bs, i).blend(vf(a, ao, as, i), m).intoArray(o, oo + i);
            }
        }
        for (; i < n; i++) o[oo + i] = c[co + i * cs] != 0 ? a[ao + i * as] : b[bo + i * bs];
    }

    /** Double-precision {@link #select(float[], int, int, float[], int, int, float[], int, int, float[], int, int)}. */
    public static void select(double[] c, int co, int cs, double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int n) {
        int i = 0;
        if (cs <= 1 && as <= 1 && bs <= 1 && cs >= 0 && as >= 0 && bs >= 0) {
            for (int upper = DS.loopBound(n); i < upper; i += DS.length()) {
                VectorMask<Double> m = vd(c, co, cs, i).compare(VectorOperators.NE, 0d);
                vd(b, bo, bs, i).blend(vd(a, ao, as, i), m).intoArray(o, oo + i);
            }
        }
        for (; i < n; i++) o[oo + i] = c[co + i * cs] != 0 ? a[ao + i * as] : b[bo + i * bs];
    }

    /** Integer {@link #select(float[], int, int, float[], int, int, float[], int, int, float[], int, int)}. */
    public static void select(int[] c, int co, int cs, int[] a, int ao, int as, int[] b, int bo, int bs, int[] o, int oo, int n) {
        for (int i = 0; i < n; i++) o[oo + i] = c[co + i * cs] != 0 ? a[ao + i * as] : b[bo + i * bs];
    }

    // ------------------------------------------------------------------ unary
    //
    // Each op has its own loop: with the switch inside the loop body C2 neither unswitches it nor
    // keeps the vectors in registers, and every iteration allocates (measured 5-15x slower). The
    // last partial vector goes through the same vector code under a mask, so an element's result
    // does not depend on where a thread's chunk happens to end.

    /** {@code o[oo + i] = op(a[ao + i*as])} for {@code i < n}. */
    public static void unary(UnaryOp op, float[] a, int ao, int as, float[] o, int oo, int n) {
        if (as != 1) { // gather the run into the output, then work there in place
            for (int i = 0; i < n; i++) o[oo + i] = a[ao + i * as];
            a = o;
            ao = oo;
        }
        if (op == UnaryOp.LOG || op == UnaryOp.LOG1P) { // no deterministic vector kernel yet: see strict()
            for (int i = 0; i < n; i++) o[oo + i] = (float) strict(op, a[ao + i]);
            return;
        }
        switch (op) { // whole runs, tail included: see VectorMath on why these loops take arrays
            case EXP -> { VectorMath.exp(a, ao, o, oo, n); return; }
            case TANH -> { VectorMath.tanh(a, ao, o, oo, n); return; }
            case SIGMOID -> { VectorMath.sigmoid(a, ao, o, oo, n); return; }
            default -> { }
        }
        int upper = FS.loopBound(n);
        int i = switch (op) {
            case NEG -> neg(a, ao, o, oo, upper);
            case ABS -> abs(a, ao, o, oo, upper);
            case SIGN -> sign(a, ao, o, oo, upper);
            case EXP, LOG, LOG1P, TANH, SIGMOID -> throw new IllegalStateException("handled above");
            case SQRT -> sqrt(a, ao, o, oo, upper);
            case SQUARE -> square(a, ao, o, oo, upper);
            case RECIPROCAL -> reciprocal(a, ao, o, oo, upper);
            case RELU -> relu(a, ao, o, oo, upper);
        };
        if (i < n) {
            VectorMask<Float> m = FS.indexInRange(i, n);
            apply(op, FloatVector.fromArray(FS, a, ao + i, m)).intoArray(o, oo + i, m);
        }
    }

    /** {@code o[oo + i] = op(a[ao + i*as])} for {@code i < n}. */
    public static void unary(UnaryOp op, double[] a, int ao, int as, double[] o, int oo, int n) {
        if (as != 1) {
            for (int i = 0; i < n; i++) o[oo + i] = a[ao + i * as];
            a = o;
            ao = oo;
        }
        if (op == UnaryOp.EXP || op == UnaryOp.LOG || op == UnaryOp.LOG1P || op == UnaryOp.TANH || op == UnaryOp.SIGMOID) {
            for (int i = 0; i < n; i++) o[oo + i] = strict(op, a[ao + i]);
            return;
        }
        int upper = DS.loopBound(n);
        int i = switch (op) {
            case NEG -> neg(a, ao, o, oo, upper);
            case ABS -> abs(a, ao, o, oo, upper);
            case SIGN -> sign(a, ao, o, oo, upper);
            case SQRT -> sqrt(a, ao, o, oo, upper);
            case SQUARE -> square(a, ao, o, oo, upper);
            case RECIPROCAL -> reciprocal(a, ao, o, oo, upper);
            case RELU -> relu(a, ao, o, oo, upper);
            case EXP, LOG, LOG1P, TANH, SIGMOID -> throw new IllegalStateException("handled above");
        };
        if (i < n) {
            VectorMask<Double> m = DS.indexInRange(i, n);
            apply(op, DoubleVector.fromArray(DS, a, ao + i, m)).intoArray(o, oo + i, m);
        }
    }

    // One method per op and type, each holding a single loop (see above).

    private static int neg(float[] a, int ao, float[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += FS.length()) { FloatVector x = vf(a, ao + i); x.neg().intoArray(o, oo + i); }
        return i;
    }

    private static int abs(float[] a, int ao, float[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += FS.length()) { FloatVector x = vf(a, ao + i); x.abs().intoArray(o, oo + i); }
        return i;
    }

    private static int sign(float[] a, int ao, float[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += FS.length()) { FloatVector x = vf(a, ao + i); sign(x).intoArray(o, oo + i); }
        return i;
    }

    private static int sqrt(float[] a, int ao, float[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += FS.length()) { FloatVector x = vf(a, ao + i); x.sqrt().intoArray(o, oo + i); }
        return i;
    }

    private static int square(float[] a, int ao, float[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += FS.length()) { FloatVector x = vf(a, ao + i); x.mul(x).intoArray(o, oo + i); }
        return i;
    }

    private static int reciprocal(float[] a, int ao, float[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += FS.length()) { FloatVector x = vf(a, ao + i); x.broadcast(1).div(x).intoArray(o, oo + i); }
        return i;
    }

    private static int relu(float[] a, int ao, float[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += FS.length()) { FloatVector x = vf(a, ao + i); relu(x).intoArray(o, oo + i); }
        return i;
    }

    private static int neg(double[] a, int ao, double[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += DS.length()) { DoubleVector x = vd(a, ao + i); x.neg().intoArray(o, oo + i); }
        return i;
    }

    private static int abs(double[] a, int ao, double[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += DS.length()) { DoubleVector x = vd(a, ao + i); x.abs().intoArray(o, oo + i); }
        return i;
    }

    private static int sign(double[] a, int ao, double[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += DS.length()) { DoubleVector x = vd(a, ao + i); sign(x).intoArray(o, oo + i); }
        return i;
    }

    private static int sqrt(double[] a, int ao, double[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += DS.length()) { DoubleVector x = vd(a, ao + i); x.sqrt().intoArray(o, oo + i); }
        return i;
    }

    private static int square(double[] a, int ao, double[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += DS.length()) { DoubleVector x = vd(a, ao + i); x.mul(x).intoArray(o, oo + i); }
        return i;
    }

    private static int reciprocal(double[] a, int ao, double[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += DS.length()) { DoubleVector x = vd(a, ao + i); x.broadcast(1).div(x).intoArray(o, oo + i); }
        return i;
    }

    private static int relu(double[] a, int ao, double[] o, int oo, int upper) {
        int i = 0;
        for (; i < upper; i += DS.length()) { DoubleVector x = vd(a, ao + i); relu(x).intoArray(o, oo + i); }
        return i;
    }

    private static FloatVector vf(float[] a, int off) {
        return FloatVector.fromArray(FS, a, off);
    }

    private static DoubleVector vd(double[] a, int off) {
        return DoubleVector.fromArray(DS, a, off);
    }

    /** The generic form, for the one masked tail vector per call (its switch runs once, not per element). */
    private static FloatVector apply(UnaryOp op, FloatVector x) {
        return switch (op) {
            case NEG -> x.neg();
            case ABS -> x.abs();
            case SIGN -> sign(x);
            case EXP, LOG, LOG1P, TANH, SIGMOID -> throw new IllegalStateException("handled by VectorMath or strict()");
            case SQRT -> x.sqrt();
            case SQUARE -> x.mul(x);
            case RECIPROCAL -> FloatVector.broadcast(FS, 1f).div(x);
            case RELU -> relu(x);
        };
    }

    private static DoubleVector apply(UnaryOp op, DoubleVector x) {
        return switch (op) {
            case NEG -> x.neg();
            case ABS -> x.abs();
            case SIGN -> sign(x);
            case EXP, LOG, LOG1P, TANH, SIGMOID -> throw new IllegalStateException("scalar path");
            case SQRT -> x.sqrt();
            case SQUARE -> x.mul(x);
            case RECIPROCAL -> DoubleVector.broadcast(DS, 1d).div(x);
            case RELU -> relu(x);
        };
    }

    private static FloatVector sign(FloatVector x) { // NaN stays NaN, ±0 stays ±0, as Math.signum
        return x.blend(1f, x.compare(VectorOperators.GT, 0f)).blend(-1f, x.compare(VectorOperators.LT, 0f));
    }

    private static DoubleVector sign(DoubleVector x) {
        return x.blend(1d, x.compare(VectorOperators.GT, 0d)).blend(-1d, x.compare(VectorOperators.LT, 0d));
    }

    private static FloatVector relu(FloatVector x) { // 0 for x <= 0 (also -0), NaN stays NaN
        return x.blend(0f, x.compare(VectorOperators.LE, 0f));
    }

    private static DoubleVector relu(DoubleVector x) {
        return x.blend(0d, x.compare(VectorOperators.LE, 0d));
    }

    /**
     * Scalar reference, with {@link StrictMath} for the transcendental functions. The Vector API's
     * own EXP/LOG/TANH give different last bits before and after the JIT compiles a loop (library
     * fallback versus SVML stubs), which made whole training runs differ from run to run; these ops
     * therefore run here, bit-for-bit reproducible, until deepj has its own polynomial kernels for
     * them (float32 exp, tanh and sigmoid already do: {@link VectorMath}).
     */
    static double strict(UnaryOp op, double x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case EXP -> StrictMath.exp(x);
            case LOG -> StrictMath.log(x);
            case LOG1P -> StrictMath.log1p(x);
            case SQRT -> Math.sqrt(x);
            case SQUARE -> x * x;
            case RECIPROCAL -> 1 / x;
            case TANH -> StrictMath.tanh(x);
            case SIGMOID -> {
                double e = StrictMath.exp(-Math.abs(x));
                yield (x < 0 ? e : 1) / (1 + e);
            }
            case RELU -> x > 0 ? x : (x == x ? 0 : x);
        };
    }

    /** Integer unary ops: NEG, ABS, SIGN, SQUARE, RELU. Others are promoted to float by the tensor layer. */
    public static void unary(UnaryOp op, int[] a, int ao, int as, int[] o, int oo, int n) {
        for (int i = 0; i < n; i++) {
            int x = a[ao + i * as];
            o[oo + i] = switch (op) {
                case NEG -> -x;
                case ABS -> Math.abs(x);
                case SIGN -> Integer.signum(x);
                case SQUARE -> x * x;
                case RELU -> Math.max(x, 0);
                default -> throw new IllegalArgumentException(op.opName() + ": not defined on int32");
            };
        }
    }
}
