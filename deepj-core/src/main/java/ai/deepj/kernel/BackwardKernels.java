package ai.deepj.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused backward passes of elementwise activations: one pass and one output where the composed
 * form (a mask, then a product) takes two of each. Each gives the same bits as the composed form it
 * replaces, which stays in {@code ai.deepj.tensor} as the reference.
 */
public final class BackwardKernels {
    private BackwardKernels() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    /**
     * ReLU's backward, {@code o[i] = g[i] · (x[i] > 0 ? 1 : 0)} for {@code i < n}: a product, not a
     * select, so that it matches {@code g.mul(x.gt(0))} bit for bit (−0 for a negative g, NaN for an
     * infinite one where x ≤ 0).
     */
    public static void reluBackward(float[] g, int go, float[] x, int xo, float[] o, int oo, int n) {
        Parallel.forRange(n, 2, (from, to) -> {
            int i = from;
            FloatVector zero = FloatVector.zero(FS);
            for (int upper = from + FS.loopBound(to - from); i < upper; i += FS.length()) {
                FloatVector xi = FloatVector.fromArray(FS, x, xo + i);
                FloatVector.fromArray(FS, g, go + i).mul(zero.blend(1f, xi.compare(VectorOperators.GT, 0f))).intoArray(o, oo + i);
            }
            for (; i < to; i++) o[oo + i] = g[go + i] * (x[xo + i] > 0 ? 1f : 0f);
        });
    }

    /** Double-precision {@link #reluBackward(float[], int, float[], int, float[], int, int)}. */
    public static void reluBackward(double[] g, int go, double[] x, int xo, double[] o, int oo, int n) {
        Parallel.forRange(n, 2, (from, to) -> {
            int i = from;
            DoubleVector zero = DoubleVector.zero(DS);
            for (int upper = from + DS.loopBound(to - from); i < upper; i += DS.length()) {
                DoubleVector xi = DoubleVector.fromArray(DS, x, xo + i);
                DoubleVector.fromArray(DS, g, go + i).mul(zero.blend(1d, xi.compare(VectorOperators.GT, 0d))).intoArray(o, oo + i);
            }
            for (; i < to; i++) o[oo + i] = g[go + i] * (x[xo + i] > 0 ? 1d : 0d);
        });
    }
}
