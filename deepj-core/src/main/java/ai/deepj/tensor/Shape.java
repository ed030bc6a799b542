package ai.deepj.tensor;

import java.util.Arrays;

/**
 * The sizes of a tensor's dimensions, immutable. Printed as {@code [32, 784]}.
 *
 * {@snippet :
 * Shape s = Shape.of(32, 784);
 * int rows = s.size(0);        // 32
 * int cols = s.size(-1);       // 784, negative indices count from the end
 * long n = s.numel();          // 25088
 * }
 */
public final class Shape {
    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /** A shape with the given sizes; every size must be {@code >= 0}. */
    public static Shape of(int... dims) {
        for (int d : dims) {
            if (d < 0) throw new IllegalArgumentException("shape: negative size in " + Arrays.toString(dims));
        }
        return new Shape(dims.clone());
    }

    /** Wraps without copying; callers promise not to modify {@code dims}. */
    static Shape wrap(int[] dims) {
        return new Shape(dims);
    }

    /** Number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** Size of dimension {@code d}; negative {@code d} counts from the end. */
    public int size(int d) {
        return dims[axis(d, dims.length, "size")];
    }

    /** Total number of elements (1 for a scalar). */
    public long numel() {
        return numel(dims);
    }

    /** The sizes as a fresh array. */
    public int[] toArray() {
        return dims.clone();
    }

    static long numel(int[] dims) {
        long n = 1;
        for (int d : dims) n *= d;
        return n;
    }

    /** Normalizes a possibly negative axis, throwing a message naming {@code op} if out of range. */
    static int axis(int d, int rank, String op) {
        int a = d < 0 ? d + rank : d;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": dimension " + d + " out of range for a tensor of rank "
                    + rank + " (valid: " + (-rank) + " to " + (rank - 1) + ")");
        }
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
