package ai.deepj.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reductions over contiguous runs of Java arrays, and row-wise accumulation for reductions over
 * leading dimensions. float32 sums are blocked (see {@code sum}), so their rounding error stays
 * near one ulp however long the run.
 */
public final class ReduceKernels {
    private ReduceKernels() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    /** Kinds of reduction. */
    public enum Kind { SUM, MAX, MIN }

    /** Reduces {@code a[off .. off+n)}. MAX/MIN of an empty run are -inf/+inf; NaN propagates. */
    public static float reduce(Kind kind, float[] a, int off, int n) {
        if (kind == Kind.SUM) return sum(a, off, n);
        int len = FS.length();
        int i = 0;
        float identity = identityF(kind);
        if (n >= 4 * len) {
            FloatVector s0 = FloatVector.broadcast(FS, identity), s1 = s0, s2 = s0, s3 = s0;
            int upper = n - n % (4 * len);
            for (; i < upper; i += 4 * len) {
                s0 = combine(kind, s0, FloatVector.fromArray(FS, a, off + i));
                s1 = combine(kind, s1, FloatVector.fromArray(FS, a, off + i + len));
                s2 = combine(kind, s2, FloatVector.fromArray(FS, a, off + i + 2 * len));
                s3 = combine(kind, s3, FloatVector.fromArray(FS, a, off + i + 3 * len));
            }
            FloatVector s = combine(kind, combine(kind, s0, s1), combine(kind, s2, s3));
            identity = s.reduceLanes(kind == Kind.MAX ? VectorOperators.MAX : VectorOperators.MIN);
        }
        float r = identity;
        for (; i < n; i++) r = combine(kind, r, a[off + i]);
        return r;
    }

    /**
     * Blocked summation: each block of {@value #BLOCK} floats is summed in float by 64 independent
     * lanes (16 elements per lane at most), and the block totals are added in double. The error then
     * hardly grows with n: about 1e-7 relative on a million random values where one float running total
     * per lane would drift to 1e-5.
     */
    private static float sum(float[] a, int off, int n) {
        double total = 0;
        for (int b = 0; b < n; b += BLOCK) total += sumBlock(a, off + b, Math.min(BLOCK, n - b));
        return (float) total;
    }

    private static final int BLOCK = 1024;

    private static float sumBlock(float[] a, int off, int n) {
        int len = FS.length(), i = 0;
        float r = 0;
        if (n >= 4 * len) {
            FloatVector s0 = FloatVector.zero(FS), s1 = s0, s2 = s0, s3 = s0;
            for (int upper = n - n % (4 * len); i < upper; i += 4 * len) {
                s0 = s0.add(FloatVector.fromArray(FS, a, off + i));
                s1 = s1.add(FloatVector.fromArray(FS, a, off + i + len));
                s2 = s2.add(FloatVector.fromArray(FS, a, off + i + 2 * len));
                s3 = s3.add(FloatVector.fromArray(FS, a, off + i + 3 * len));
            }
            r = laneSum(s0.add(s1).add(s2.add(s3)));
        }
        for (; i < n; i++) r += a[off + i];
        return r;
    }

    /**
     * The lanes added in index order. {@code reduceLanes(ADD)} leaves the order to the
     * implementation, and the Vector API's Java fallback and its compiled form do differ, which made
     * the same sum give different bits before and after the JIT compiled it.
     */
    private static float laneSum(FloatVector v) {
        float[] lanes = v.toArray();
        float r = 0;
        for (float x : lanes) r += x;
        return r;
    }

    private static double laneSum(DoubleVector v) {
        double[] lanes = v.toArray();
        double r = 0;
        for (double x : lanes) r += x;
        return r;
    }

    /** Reduces {@code a[off .. off+n)} in double precision. */
    public static double reduce(Kind kind, double[] a, int off, int n) {
        int len = DS.length();
        int i = 0;
        double identity = identityD(kind);
        if (n >= 4 * len) {
            DoubleVector s0 = DoubleVector.broadcast(DS, identity), s1 = s0, s2 = s0, s3 = s0;
            int upper = n - n % (4 * len);
            for (; i < upper; i += 4 * len) {
                s0 = combine(kind, s0, DoubleVector.fromArray(DS, a, off + i));
                s1 = combine(kind, s1, DoubleVector.fromArray(DS, a, off + i + len));
                s2 = combine(kind, s2, DoubleVector.fromArray(DS, a, off + i + 2 * len));
                s3 = combine(kind, s3, DoubleVector.fromArray(DS, a, off + i + 3 * len));
            }
            DoubleVector s = combine(kind, combine(kind, s0, s1), combine(kind, s2, s3));
            identity = kind == Kind.SUM ? laneSum(s) : s.reduceLanes(kind == Kind.MAX ? VectorOperators.MAX : VectorOperators.MIN);
        }
        double r = identity;
        for (; i < n; i++) r = combine(kind, r, a[off + i]);
        return r;
    }

    /** Reduces {@code a[off .. off+n)} of ints (SUM wraps on overflow, like Java). */
    public static int reduce(Kind kind, int[] a, int off, int n) {
        int r = kind == Kind.SUM ? 0 : kind == Kind.MAX ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            int v = a[off + i];
            r = kind == Kind.SUM ? r + v : kind == Kind.MAX ? Math.max(r, v) : Math.min(r, v);
        }
        return r;
    }

    /** {@code acc[accOff + j] = kind(acc[accOff + j], a[off + j])} for {@code j < n}. */
    public static void accumulate(Kind kind, float[] acc, int accOff, float[] a, int off, int n) {
        int len = FS.length();
        int upper = FS.loopBound(n);
        int j = 0;
        for (; j < upper; j += len) {
            combine(kind, FloatVector.fromArray(FS, acc, accOff + j), FloatVector.fromArray(FS, a, off + j)).intoArray(acc, accOff + j);
        }
        for (; j < n; j++) acc[accOff + j] = combine(kind, acc[accOff + j], a[off + j]);
    }

    /** Double-precision {@link #accumulate(Kind, float[], int, float[], int, int)}. */
    public static void accumulate(Kind kind, double[] acc, int accOff, double[] a, int off, int n) {
        int len = DS.length();
        int upper = DS.loopBound(n);
        int j = 0;
        for (; j < upper; j += len) {
            combine(kind, DoubleVector.fromArray(DS, acc, accOff + j), DoubleVector.fromArray(DS, a, off + j)).intoArray(acc, accOff + j);
        }
        for (; j < n; j++) acc[accOff + j] = combine(kind, acc[accOff + j], a[off + j]);
    }

    /** Integer {@link #accumulate(Kind, float[], int, float[], int, int)}. */
    public static void accumulate(Kind kind, int[] acc, int accOff, int[] a, int off, int n) {
        for (int j = 0; j < n; j++) {
            int x = acc[accOff + j], v = a[off + j];
            acc[accOff + j] = kind == Kind.SUM ? x + v : kind == Kind.MAX ? Math.max(x, v) : Math.min(x, v);
        }
    }

    /** The value a reduction starts from. */
    public static float identityF(Kind kind) {
        return kind == Kind.SUM ? 0f : kind == Kind.MAX ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
    }

    /** The value a reduction starts from. */
    public static double identityD(Kind kind) {
        return kind == Kind.SUM ? 0d : kind == Kind.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    private static FloatVector combine(Kind kind, FloatVector x, FloatVector y) {
        return switch (kind) {
            case SUM -> x.add(y);
            case MAX -> x.max(y);
            case MIN -> x.min(y);
        };
    }

    private static DoubleVector combine(Kind kind, DoubleVector x, DoubleVector y) {
        return switch (kind) {
            case SUM -> x.add(y);
            case MAX -> x.max(y);
            case MIN -> x.min(y);
        };
    }

    private static float combine(Kind kind, float x, float y) {
        return switch (kind) {
            case SUM -> x + y;
            case MAX -> Math.max(x, y);
            case MIN -> Math.min(x, y);
        };
    }

    private static double combine(Kind kind, double x, double y) {
        return switch (kind) {
            case SUM -> x + y;
            case MAX -> Math.max(x, y);
            case MIN -> Math.min(x, y);
        };
    }
}
