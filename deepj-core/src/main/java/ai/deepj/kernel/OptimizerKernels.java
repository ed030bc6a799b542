package ai.deepj.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused optimizer updates on Java arrays: one pass over a parameter and its state instead of a
 * chain of tensor ops that each allocate a temporary the size of the parameter.
 *
 * <p>Each kernel performs exactly the roundings of the composed tensor-op version it replaces
 * (one IEEE operation at a time in the parameter's type, no fused multiply-add), so the two give
 * the same bits; the composed version stays in {@code ai.deepj.optim} as the reference. Every
 * element is computed independently, so results do not depend on the thread count either.
 */
public final class OptimizerKernels {
    private OptimizerKernels() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    /**
     * Adam's hyperparameters for one step, already combined as the composed version combines them.
     *
     * @param beta1       β₁
     * @param oneMinusBeta1 {@code 1 − β₁}
     * @param beta2       β₂
     * @param oneMinusBeta2 {@code 1 − β₂}
     * @param weightDecay coupled L2 decay (0: none)
     * @param sqrtBc2     {@code √(1 − β₂ᵗ)} (used when ε is added after bias correction)
     * @param eps         ε (after bias correction) or ε̂ (before)
     * @param stepSize    {@code lr / (1 − β₁ᵗ)} after bias correction, Keras's {@code α_t} before
     * @param epsAfterBiasCorrection PyTorch's placement ({@code W −= stepSize·m / (√v/sqrtBc2 + ε)})
     *                    or Keras's ({@code W −= (α_t·m) / (√v + ε̂)})
     */
    public record AdamStep(double beta1, double oneMinusBeta1, double beta2, double oneMinusBeta2, double weightDecay,
            double sqrtBc2, double eps, double stepSize, boolean epsAfterBiasCorrection) {}

    /**
     * One Adam step on {@code n} elements, in place on {@code p}, {@code m} and {@code v}:
     * <pre>{@code
     * g = grad (+ weightDecay·p)
     * m = β₁·m + (1−β₁)·g
     * v = β₂·v + (1−β₂)·g²
     * p −= stepSize·m / (√v/sqrtBc2 + ε)      (or (α_t·m) / (√v + ε̂))
     * }</pre>
     * in float32 arithmetic, each operation rounded as the tensor ops round it.
     */
    public static void adam(AdamStep h, float[] p, int po, float[] g, int go, float[] m, int mo, float[] v, int vo, int n) {
        float b1 = (float) h.beta1(), c1 = (float) h.oneMinusBeta1(), b2 = (float) h.beta2(), c2 = (float) h.oneMinusBeta2();
        float wd = (float) h.weightDecay(), sb = (float) h.sqrtBc2(), eps = (float) h.eps(), step = (float) h.stepSize();
        boolean decay = h.weightDecay() != 0, after = h.epsAfterBiasCorrection();
        Parallel.forRange(n, 16, (from, to) -> {
            int i = from;
            for (int upper = from + FS.loopBound(to - from); i < upper; i += FS.length()) {
                FloatVector gi = FloatVector.fromArray(FS, g, go + i), pi = FloatVector.fromArray(FS, p, po + i);
                if (decay) gi = gi.add(pi.mul(wd));
                FloatVector mi = FloatVector.fromArray(FS, m, mo + i).mul(b1).add(gi.mul(c1));
                FloatVector vi = FloatVector.fromArray(FS, v, vo + i).mul(b2).add(gi.mul(gi).mul(c2));
                mi.intoArray(m, mo + i);
                vi.intoArray(v, vo + i);
                FloatVector u = after ? mi.div(vi.sqrt().div(sb).add(eps)).mul(step) : mi.mul(step).div(vi.sqrt().add(eps));
                pi.sub(u).intoArray(p, po + i);
            }
            for (; i < to; i++) {
                float gi = g[go + i], pi = p[po + i];
                if (decay) gi = gi + pi * wd;
                float mi = m[mo + i] * b1 + gi * c1;
                float vi = v[vo + i] * b2 + gi * gi * c2;
                m[mo + i] = mi;
                v[vo + i] = vi;
                float u = after ? mi / ((float) Math.sqrt(vi) / sb + eps) * step : mi * step / ((float) Math.sqrt(vi) + eps);
                p[po + i] = pi - u;
            }
        });
    }

    /** Double-precision {@link #adam(AdamStep, float[], int, float[], int, float[], int, float[], int, int)}. */
    public static void adam(AdamStep h, double[] p, int po, double[] g, int go, double[] m, int mo, double[] v, int vo, int n) {
        double b1 = h.beta1(), c1 = h.oneMinusBeta1(), b2 = h.beta2(), c2 = h.oneMinusBeta2();
        double wd = h.weightDecay(), sb = h.sqrtBc2(), eps = h.eps(), step = h.stepSize();
        boolean decay = wd != 0, after = h.epsAfterBiasCorrection();
        Parallel.forRange(n, 16, (from, to) -> {
            int i = from;
            for (int upper = from + DS.loopBound(to - from); i < upper; i += DS.length()) {
                DoubleVector gi = DoubleVector.fromArray(DS, g, go + i), pi = DoubleVector.fromArray(DS, p, po + i);
                if (decay) gi = gi.add(pi.mul(wd));
                DoubleVector mi = DoubleVector.fromArray(DS, m, mo + i).mul(b1).add(gi.mul(c1));
                DoubleVector vi = DoubleVector.fromArray(DS, v, vo + i).mul(b2).add(gi.mul(gi).mul(c2));
                mi.intoArray(m, mo + i);
                vi.intoArray(v, vo + i);
                DoubleVector u = after ? mi.div(vi.sqrt().div(sb).add(eps)).mul(step) : mi.mul(step).div(vi.sqrt().add(eps));
                pi.sub(u).intoArray(p, po + i);
            }
            for (; i < to; i++) {
                double gi = g[go + i], pi = p[po + i];
                if (decay) gi = gi + pi * wd;
                double mi = m[mo + i] * b1 + gi * c1;
                double vi = v[vo + i] * b2 + gi * gi * c2;
                m[mo + i] = mi;
                v[vo + i] = vi;
                double u = after ? mi / (Math.sqrt(vi) / sb + eps) * step : mi * step / (Math.sqrt(vi) + eps);
                p[po + i] = pi - u;
            }
        });
    }
}
