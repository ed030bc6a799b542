package ai.deepj.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 passes of batch normalization ({@code ai.deepj.tensor.FusedBatchNorm}) over one
 * contiguous block (the spatial values of one example and channel), in vectors: float lanes widened
 * to double, so sums stay in double as in the scalar loops, which remain for float64 and are the
 * reference (the sums differ only in the order of their double additions). Elementwise results are
 * computed exactly as the scalar loops do (double, no fused multiply-add, then rounded to float).
 * A scalar loop adding into one double accumulator waits for each addition in turn; vectors keep
 * several in flight.
 */
public final class BatchNormKernels {
    private BatchNormKernels() {}

    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    /** Floats as many as {@link #DS}'s doubles: one load widens to one double vector. */
    private static final VectorSpecies<Float> FS = VectorSpecies.of(float.class, VectorShape.forBitSize(DS.vectorBitSize() / 2));
    private static final int L = DS.length();

    private static DoubleVector widen(float[] a, int i) {
        return (DoubleVector) FloatVector.fromArray(FS, a, i).convertShape(VectorOperators.F2D, DS, 0);
    }

    /**
     * The lanes added in index order: {@code reduceLanes(ADD)} leaves the order to the implementation, and the
     * Vector API's Java fallback and its compiled form differ, which would make the same statistics differ in their
     * last bits before and after the JIT compiled this (as {@code ReduceKernels.laneSum}).
     */
    private static double laneSum(DoubleVector v) {
        // lane(i) rather than toArray(): toArray is not intrinsified here and allocated an array per call, which
        // cost more than the loop it ends (7 % of a ResNet step in the batch-norm passes).
        double r = 0;
        for (int i = 0; i < L; i++) r += v.lane(i);
        return r;
    }

    /** {@code acc[at] += Σ (a − k)}, {@code acc[at + 1] += Σ (a − k)²}, in double. */
    public static void shiftedSums(float[] a, int off, int len, double k, double[] acc, int at) {
        DoubleVector s1 = DoubleVector.zero(DS), s2 = s1, kv = DoubleVector.broadcast(DS, k);
        int i = 0;
        for (int bound = len - len % L; i < bound; i += L) {
            DoubleVector d = widen(a, off + i).sub(kv);
            s1 = s1.add(d);
            s2 = s2.add(d.mul(d));
        }
        double r1 = laneSum(s1), r2 = laneSum(s2);
        for (; i < len; i++) {
            double d = a[off + i] - k;
            r1 += d;
            r2 += d * d;
        }
        acc[at] += r1;
        acc[at + 1] += r2;
    }

    /** {@code y = (float) ((x − mu)·scale + shift)}. */
    public static void normalize(float[] x, int xOff, float[] y, int yOff, int len, double mu, double scale, double shift) {
        DoubleVector m = DoubleVector.broadcast(DS, mu), sc = DoubleVector.broadcast(DS, scale), sh = DoubleVector.broadcast(DS, shift);
        int i = 0;
        for (int bound = len - len % L; i < bound; i += L) {
            DoubleVector v = widen(x, xOff + i).sub(m).mul(sc).add(sh);
            ((FloatVector) v.convertShape(VectorOperators.D2F, FS, 0)).intoArray(y, yOff + i);
        }
        for (; i < len; i++) y[yOff + i] = (float) ((x[xOff + i] - mu) * scale + shift);
    }

    /** {@code acc[at] += Σ g}, {@code acc[at + 1] += Σ g·(x − mu)}, in double. */
    public static void gradientSums(float[] g, int gOff, float[] x, int xOff, int len, double mu, double[] acc, int at) {
        DoubleVector sg = DoubleVector.zero(DS), sgx = sg, m = DoubleVector.broadcast(DS, mu);
        int i = 0;
        for (int bound = len - len % L; i < bound; i += L) {
            DoubleVector gv = widen(g, gOff + i);
            sg = sg.add(gv);
            sgx = sgx.add(gv.mul(widen(x, xOff + i).sub(m)));
        }
        double a0 = laneSum(sg), a1 = laneSum(sgx);
        for (; i < len; i++) {
            double gv = g[gOff + i];
            a0 += gv;
            a1 += gv * (x[xOff + i] - mu);
        }
        acc[at] += a0;
        acc[at + 1] += a1;
    }

    /** {@code dx = (float) (k·(g − meanG − (x − mu)·slope))}. */
    public static void inputGradient(float[] g, int gOff, float[] x, int xOff, float[] dx, int dxOff, int len, double mu, double k,
            double meanG, double slope) {
        DoubleVector m = DoubleVector.broadcast(DS, mu), kv = DoubleVector.broadcast(DS, k), mg = DoubleVector.broadcast(DS, meanG);
        DoubleVector sl = DoubleVector.broadcast(DS, slope);
        int i = 0;
        for (int bound = len - len % L; i < bound; i += L) {
            DoubleVector v = kv.mul(widen(g, gOff + i).sub(mg).sub(widen(x, xOff + i).sub(m).mul(sl)));
            ((FloatVector) v.convertShape(VectorOperators.D2F, FS, 0)).intoArray(dx, dxOff + i);
        }
        for (; i < len; i++) dx[dxOff + i] = (float) (k * (g[gOff + i] - meanG - (x[xOff + i] - mu) * slope));
    }
}
