package ai.deepj.tensor;

/**
 * How {@link Tensor#pad(int[], int[], PadMode, double)} fills the border, shown for {@code [1, 2, 3]}
 * padded by 2 on each side (PyTorch's {@code F.pad} modes of the same names):
 * <ul>
 *   <li>{@link #CONSTANT}: {@code [v, v, 1, 2, 3, v, v]} for a fill value {@code v} (0: zero padding);</li>
 *   <li>{@link #REFLECT}: {@code [3, 2, 1, 2, 3, 2, 1]}, mirrored without repeating the edge (each
 *       amount must be smaller than the size);</li>
 *   <li>{@link #REPLICATE}: {@code [1, 1, 1, 2, 3, 3, 3]}, the edge value repeated;</li>
 *   <li>{@link #CIRCULAR}: {@code [2, 3, 1, 2, 3, 1, 2]}, wrapped around (each amount at most the size).</li>
 * </ul>
 */
public enum PadMode {
    /** A constant fill value. */
    CONSTANT,
    /** Mirror image about the edge element, which is not repeated. */
    REFLECT,
    /** The edge element repeated. */
    REPLICATE,
    /** The other end of the dimension, as if it wrapped around. */
    CIRCULAR
}
