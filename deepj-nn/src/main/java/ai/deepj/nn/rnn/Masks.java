package ai.deepj.nn.rnn;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import java.util.Arrays;

/**
 * Masks for batches of padded, variable-length sequences. A mask is {@code [batch, time]} with 1
 * at real steps and 0 at padding; sequences may also be given by their lengths (int32
 * {@code [batch]}, right padding). Recurrent layers accept either: at a masked step the state is
 * carried through unchanged and the output is zero.
 *
 * {@snippet :
 * Tensor mask = Masks.fromLengths(new int[] {5, 3, 1}, 5);   // [3, 5]: 11111 / 11100 / 10000
 * RnnOutput out = lstm.run(x, mask, null);                    // out.last(): each sequence's last real step
 * }
 */
public final class Masks {
    private Masks() {}

    /** The {@code [batch, time]} mask of right-padded sequences of the given lengths (0 ≤ length ≤ time), default float type. */
    public static Tensor fromLengths(int[] lengths, int time) {
        if (time < 0) throw new IllegalArgumentException("Masks.fromLengths: time must be >= 0, got " + time);
        double[] m = new double[lengths.length * time];
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 0 || lengths[b] > time) {
                throw new IllegalArgumentException("Masks.fromLengths: length " + lengths[b] + " of sequence " + b
                        + " is outside [0, " + time + "]");
            }
            Arrays.fill(m, b * time, b * time + lengths[b], 1);
        }
        return Tensor.of(m, lengths.length, time).to(DType.defaultFloat());
    }

    /** {@link #fromLengths(int[], int)} from an int32 {@code [batch]} tensor. */
    public static Tensor fromLengths(Tensor lengths, int time) {
        if (lengths.dtype() != DType.INT32 || lengths.dim() != 1) {
            throw new IllegalArgumentException("Masks.fromLengths: lengths must be int32 [batch], got " + lengths.dtype() + " "
                    + lengths.shape());
        }
        return fromLengths(lengths.toIntArray(), time);
    }

    /** The number of real steps of each sequence, int32 {@code [batch]}, from a {@code [batch, time]} 0/1 mask. */
    public static Tensor lengths(Tensor mask) {
        if (mask.dim() != 2) throw new IllegalArgumentException("Masks.lengths: mask must be [batch, time], got " + mask.shape());
        return mask.ne(0).to(DType.FLOAT64).sum(1).to(DType.INT32);
    }

    /**
     * The checked {@code [batch, time]} mask for {@code who} ({@code "Lstm(3 -> 4)"}): {@code mask}
     * itself if it is a {@code [batch, time]} tensor of zeros and ones, the mask of int32 lengths
     * {@code [batch]}, or null for none.
     */
    static Tensor check(String who, Tensor mask, int batch, int time) {
        if (mask == null) return null;
        if (mask.dim() == 1 && mask.dtype() == DType.INT32) {
            if (mask.size(0) != batch) {
                throw new IllegalArgumentException(who + ": lengths must be int32 [" + batch + "] (one per sequence), got " + mask.shape());
            }
            int[] len = mask.toIntArray();
            for (int b = 0; b < batch; b++) {
                if (len[b] < 0 || len[b] > time) {
                    throw new IllegalArgumentException(who + ": length " + len[b] + " of sequence " + b + " is outside [0, " + time + "]");
                }
            }
            return fromLengths(len, time);
        }
        if (mask.dim() != 2 || mask.size(0) != batch || mask.size(1) != time) {
            throw new IllegalArgumentException(who + ": mask must be [batch, time] = [" + batch + ", " + time + "] of 0/1, or int32"
                    + " lengths [" + batch + "]; got " + mask.dtype() + " " + mask.shape());
        }
        double[] v = mask.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            if (v[i] != 0 && v[i] != 1) {
                throw new IllegalArgumentException(who + ": mask values must be 0 or 1, got " + v[i] + " at [" + i / time + ", "
                        + i % time + "]");
            }
        }
        return mask;
    }
}
