package ai.deepj.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector kernels of max pooling, float32: {@link FloatVector#SPECIES_PREFERRED}'s width of outputs
 * at a time, with the same result (value and arg-max) as the scalar loops of
 * {@code ai.deepj.tensor.Pool}, which remain for everything else (the edges of a padded plane,
 * dilation, 3-D, float64) and are the reference these are tested against. The scalar loop tests
 * {@code v > best || v != v} value after value in row-major window order (the first maximum wins,
 * a NaN is the maximum and the last NaN wins); here each value of the window is one vector of
 * candidates and the comparison a lane mask, which also spares the branch mispredictions that
 * dominate the scalar loop.
 *
 * <p>{@link #maxPlanes} covers pooling whose windows all lie inside the plane ("valid" pooling:
 * 2×2 / 2 in LeNet and VGG, 3×3 / 2 in AlexNet) by gathering over the flattened output plane, so
 * small planes (LeNet's 12 × 12 and 4 × 4 outputs) fill whole vectors; {@link #maxRow} covers the
 * interior columns of one output row of a padded pooling (3×3 / 2 / 1 in ResNet's stem, 3×3 / 1 / 1
 * in Inception).
 */
public final class PoolKernels {
    private PoolKernels() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> IS = VectorSpecies.of(int.class, FS.vectorShape());
    private static final int L = FS.length();

    /**
     * Max pooling of planes {@code [from, to)}, each of {@code inPlane} inputs at
     * {@code xOff + plane·inPlane} and {@code outPlane} outputs at {@code plane·outPlane}, where
     * output {@code j}'s window is the inputs at {@code first[j] + taps[t]} for every {@code t}
     * (in row-major window order) — all inside the plane. Arg-max indices are relative to the plane.
     */
    public static void maxPlanes(float[] x, int xOff, int inPlane, int outPlane, int[] first, int[] taps, float[] y, int[] arg,
            int from, int to) {
        FloatVector minusInf = FloatVector.broadcast(FS, Float.NEGATIVE_INFINITY);
        int vectorEnd = outPlane - outPlane % L;
        for (int pl = from; pl < to; pl++) {
            int base = xOff + pl * inPlane, out = pl * outPlane;
            for (int j = 0; j < vectorEnd; j += L) {
                IntVector firstTap = IntVector.fromArray(IS, first, j);
                FloatVector best = minusInf;
                IntVector at = firstTap;
                for (int t : taps) {
                    FloatVector v = FloatVector.fromArray(FS, x, base + t, first, j);
                    VectorMask<Float> take = v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN));
                    best = best.blend(v, take);
                    at = at.blend(firstTap.add(t), take.cast(IS));
                }
                best.intoArray(y, out + j);
                at.intoArray(arg, out + j);
            }
            for (int j = vectorEnd; j < outPlane; j++) {
                float best = Float.NEGATIVE_INFINITY;
                int at = first[j];
                for (int t : taps) {
                    float v = x[base + first[j] + t];
                    if (v > best || v != v) {
                        best = v;
                        at = first[j] + t;
                    }
                }
                y[out + j] = best;
                arg[out + j] = at;
            }
        }
    }

    /**
     * Max pooling of output columns {@code [o0, o1)} of one output row: the window of column
     * {@code o} covers input rows {@code [r0, r1)} and columns {@code [o·stride − pad, o·stride − pad + kw)},
     * which must lie inside the plane (the caller handles columns whose windows reach into the
     * padding). Writes the maximum to {@code y[yOff + o]} and its index {@code row·width + column}
     * in the plane to {@code arg[yOff + o]}: the first maximum in row-major order, or the last NaN,
     * exactly as the scalar loop that tests {@code v > best || v != v} for each value in turn.
     *
     * @param x     the input, the plane starting at {@code xOff}, rows of {@code width} values
     */
    public static void maxRow(float[] x, int xOff, int width, int r0, int r1, int kw, int stride, int pad, int o0, int o1,
            float[] y, int[] arg, int yOff) {
        int o = o0;
        if (o1 - o0 >= L) {
            IntVector lanes = IntVector.zero(IS).addIndex(stride); // lane·stride
            int[] gather = stride == 1 ? null : lanes.toArray();
            FloatVector minusInf = FloatVector.broadcast(FS, Float.NEGATIVE_INFINITY);
            for (; o + L <= o1; o += L) {
                int c0 = o * stride - pad;
                FloatVector best = minusInf;
                IntVector at = lanes.add(r0 * width + c0);
                for (int r = r0; r < r1; r++) {
                    for (int e = 0, idx = r * width + c0; e < kw; e++, idx++) {
                        FloatVector v = gather == null ? FloatVector.fromArray(FS, x, xOff + idx)
                                : FloatVector.fromArray(FS, x, xOff + idx, gather, 0);
                        VectorMask<Float> take = v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN));
                        best = best.blend(v, take);
                        at = at.blend(lanes.add(idx), take.cast(IS));
                    }
                }
                best.intoArray(y, yOff + o);
                at.intoArray(arg, yOff + o);
            }
        }
        for (; o < o1; o++) {
            int c0 = o * stride - pad, at = r0 * width + c0;
            float best = Float.NEGATIVE_INFINITY;
            for (int r = r0; r < r1; r++) {
                for (int idx = r * width + c0, end = idx + kw; idx < end; idx++) {
                    float v = x[xOff + idx];
                    if (v > best || v != v) {
                        best = v;
                        at = idx;
                    }
                }
            }
            y[yOff + o] = best;
            arg[yOff + o] = at;
        }
    }
}
