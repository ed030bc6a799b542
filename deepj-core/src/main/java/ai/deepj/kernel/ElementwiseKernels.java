package ai.deepj.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise loops over strided runs of Java arrays: {@code n} elements starting at an offset and
 * stepping by a stride (0 repeats one element, which is how broadcasting reaches the kernels).
 * Runs with unit or zero strides use the Vector API; anything else falls back to scalar code.
 */
public final class ElementwiseKernels {
    private ElementwiseKernels() {}

    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    // ------------------------------------------------------------------ binary, float32

    /** {@code o[oo + i] = op(a[ao + i*as], b[bo + i*bs])} for {@code i < n}. */
    public static void binary(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        int i = 0;
        if (op != BinaryOp.POW) {
            int len = FS.length();
            int upper = FS.loopBound(n);
            if (as == 1 && bs == 1) {
                for (; i < upper; i += len) {
                    apply(op, FloatVector.fromArray(FS, a, ao + i), FloatVector.fromArray(FS, b, bo + i)).intoArray(o, oo + i);
                }
            } else if (as == 1 && bs == 0) {
                FloatVector vb = FloatVector.broadcast(FS, b[bo]);
                for (; i < upper; i += len) apply(op, FloatVector.fromArray(FS, a, ao + i), vb).intoArray(o, oo + i);
            } else if (as == 0 && bs == 1) {
                FloatVector va = FloatVector.broadcast(FS, a[ao]);
                for (; i < upper; i += len) apply(op, va, FloatVector.fromArray(FS, b, bo + i)).intoArray(o, oo + i);
            }
        }
        for (; i < n; i++) o[oo + i] = apply(op, a[ao + i * as], b[bo + i * bs]);
    }

    private static FloatVector apply(BinaryOp op, FloatVector x, FloatVector y) {
        return switch (op) {
            case ADD -> x.add(y);
            case SUB -> x.sub(y);
            case MUL -> x.mul(y);
            case DIV -> x.div(y);
            case POW -> x.lanewise(VectorOperators.POW, y);
            case MAX -> x.max(y);
            case MIN -> x.min(y);
            case EQ -> FloatVector.zero(FS).blend(1f, x.compare(VectorOperators.EQ, y));
            case NE -> FloatVector.zero(FS).blend(1f, x.compare(VectorOperators.NE, y));
            case LT -> FloatVector.zero(FS).blend(1f, x.compare(VectorOperators.LT, y));
            case LE -> FloatVector.zero(FS).blend(1f, x.compare(VectorOperators.LE, y));
            case GT -> FloatVector.zero(FS).blend(1f, x.compare(VectorOperators.GT, y));
            case GE -> FloatVector.zero(FS).blend(1f, x.compare(VectorOperators.GE, y));
        };
    }

    static float apply(BinaryOp op, float x, float y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case POW -> (float) Math.pow(x, y);
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
        if (op != BinaryOp.POW) {
            int len = DS.length();
            int upper = DS.loopBound(n);
            if (as == 1 && bs == 1) {
                for (; i < upper; i += len) {
                    apply(op, DoubleVector.fromArray(DS, a, ao + i), DoubleVector.fromArray(DS, b, bo + i)).intoArray(o, oo + i);
                }
            } else if (as == 1 && bs == 0) {
                DoubleVector vb = DoubleVector.broadcast(DS, b[bo]);
                for (; i < upper; i += len) apply(op, DoubleVector.fromArray(DS, a, ao + i), vb).intoArray(o, oo + i);
            } else if (as == 0 && bs == 1) {
                DoubleVector va = DoubleVector.broadcast(DS, a[ao]);
                for (; i < upper; i += len) apply(op, va, DoubleVector.fromArray(DS, b, bo + i)).intoArray(o, oo + i);
            }
        }
        for (; i < n; i++) o[oo + i] = apply(op, a[ao + i * as], b[bo + i * bs]);
    }

    private static DoubleVector apply(BinaryOp op, DoubleVector x, DoubleVector y) {
        return switch (op) {
            case ADD -> x.add(y);
            case SUB -> x.sub(y);
            case MUL -> x.mul(y);
            case DIV -> x.div(y);
            case POW -> x.lanewise(VectorOperators.POW, y);
            case MAX -> x.max(y);
            case MIN -> x.min(y);
            case EQ -> DoubleVector.zero(DS).blend(1d, x.compare(VectorOperators.EQ, y));
            case NE -> DoubleVector.zero(DS).blend(1d, x.compare(VectorOperators.NE, y));
            case LT -> DoubleVector.zero(DS).blend(1d, x.compare(VectorOperators.LT, y));
            case LE -> DoubleVector.zero(DS).blend(1d, x.compare(VectorOperators.LE, y));
            case GT -> DoubleVector.zero(DS).blend(1d, x.compare(VectorOperators.GT, y));
            case GE -> DoubleVector.zero(DS).blend(1d, x.compare(VectorOperators.GE, y));
        };
    }

    static double apply(BinaryOp op, double x, double y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case POW -> Math.pow(x, y);
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

    // ------------------------------------------------------------------ unary

    /** {@code o[oo + i] = op(a[ao + i*as])} for {@code i < n}. */
    public static void unary(UnaryOp op, float[] a, int ao, int as, float[] o, int oo, int n) {
        int i = 0;
        if (as == 1) {
            int len = FS.length();
            int upper = FS.loopBound(n);
            for (; i < upper; i += len) apply(op, FloatVector.fromArray(FS, a, ao + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = (float) apply(op, (double) a[ao + i * as]);
    }

    /** {@code o[oo + i] = op(a[ao + i*as])} for {@code i < n}. */
    public static void unary(UnaryOp op, double[] a, int ao, int as, double[] o, int oo, int n) {
        int i = 0;
        if (as == 1) {
            int len = DS.length();
            int upper = DS.loopBound(n);
            for (; i < upper; i += len) apply(op, DoubleVector.fromArray(DS, a, ao + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = apply(op, a[ao + i * as]);
    }

    private static FloatVector apply(UnaryOp op, FloatVector x) {
        return switch (op) {
            case NEG -> x.neg();
            case ABS -> x.abs();
            case SIGN -> FloatVector.zero(FS).blend(1f, x.compare(VectorOperators.GT, 0f))
                    .blend(-1f, x.compare(VectorOperators.LT, 0f));
            case EXP -> x.lanewise(VectorOperators.EXP);
            case LOG -> x.lanewise(VectorOperators.LOG);
            case LOG1P -> x.lanewise(VectorOperators.LOG1P);
            case SQRT -> x.sqrt();
            case SQUARE -> x.mul(x);
            case RECIPROCAL -> FloatVector.broadcast(FS, 1f).div(x);
            case TANH -> x.lanewise(VectorOperators.TANH);
            case SIGMOID -> FloatVector.broadcast(FS, 1f).div(x.neg().lanewise(VectorOperators.EXP).add(1f));
            case RELU -> x.max(0f);
        };
    }

    private static DoubleVector apply(UnaryOp op, DoubleVector x) {
        return switch (op) {
            case NEG -> x.neg();
            case ABS -> x.abs();
            case SIGN -> DoubleVector.zero(DS).blend(1d, x.compare(VectorOperators.GT, 0d))
                    .blend(-1d, x.compare(VectorOperators.LT, 0d));
            case EXP -> x.lanewise(VectorOperators.EXP);
            case LOG -> x.lanewise(VectorOperators.LOG);
            case LOG1P -> x.lanewise(VectorOperators.LOG1P);
            case SQRT -> x.sqrt();
            case SQUARE -> x.mul(x);
            case RECIPROCAL -> DoubleVector.broadcast(DS, 1d).div(x);
            case TANH -> x.lanewise(VectorOperators.TANH);
            case SIGMOID -> DoubleVector.broadcast(DS, 1d).div(x.neg().lanewise(VectorOperators.EXP).add(1d));
            case RELU -> x.max(0d);
        };
    }

    static double apply(UnaryOp op, double x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case LOG1P -> Math.log1p(x);
            case SQRT -> Math.sqrt(x);
            case SQUARE -> x * x;
            case RECIPROCAL -> 1 / x;
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1 / (1 + Math.exp(-x));
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
