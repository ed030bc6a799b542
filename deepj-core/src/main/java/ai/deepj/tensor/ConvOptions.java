package ai.deepj.tensor;

import java.util.Arrays;

/**
 * Stride, padding, dilation and groups of a convolution ({@link Tensor#conv1d}, {@link Tensor#conv2d},
 * {@link Tensor#conv3d}), immutable, with withers. Each per-dimension setting holds either one value,
 * used for every spatial dimension (PyTorch's {@code stride=2}), or one value per spatial dimension
 * in the order of the input's layout: {@code (W)}, {@code (H, W)} or {@code (D, H, W)}.
 *
 * <p>Output size along a spatial dimension of input size {@code n}, kernel {@code f}, padding
 * {@code p} on each side, stride {@code s} and dilation {@code d} (the course's formula, with
 * dilation as PyTorch's): {@code ⌊(n + 2p − d·(f − 1) − 1) / s⌋ + 1}.
 *
 * <p>Padding ({@link PaddingMode}):
 * <ul>
 *   <li>{@link PaddingMode#EXPLICIT} (the default, 0): {@code p} zeros on both sides of each dimension.</li>
 *   <li>{@link PaddingMode#VALID}: no padding, the course's "valid" convolution.</li>
 *   <li>{@link PaddingMode#SAME}: the course's "same" convolution. With stride 1 the output has the
 *       input's size, as PyTorch's {@code padding='same'}: the total padding {@code d·(f − 1)} is split
 *       as evenly as possible, the odd zero going after (right/bottom/back). With stride {@code s > 1},
 *       which PyTorch refuses, deepj follows TensorFlow/Keras's {@code 'same'}: the output size is
 *       {@code ⌈n / s⌉} and the total padding {@code max((⌈n/s⌉ − 1)·s + d·(f − 1) + 1 − n, 0)} is
 *       split the same way, so it depends on the input size.</li>
 * </ul>
 *
 * <p>Groups: input and output channels are split into {@code groups} equal parts and part
 * {@code g} of the output sees only part {@code g} of the input; the weight is
 * {@code [out, in / groups, k...]}. {@code groups = in} is a depthwise convolution.
 *
 * {@snippet :
 * ConvOptions o = ConvOptions.defaults().withStride(2).withPadding(1);   // 3x3, stride 2: halves H and W
 * Tensor y = x.conv2d(w, b, o);                                           // x [N, C, H, W], w [O, C, 3, 3]
 * Tensor z = x.conv2d(w, null, ConvOptions.defaults().withSamePadding());
 * }
 *
 * @param stride      step of the window, each {@code >= 1}
 * @param paddingMode how {@code padding} is read
 * @param padding     zeros added on both sides, each {@code >= 0}; {@code [0]} unless {@code EXPLICIT}
 * @param dilation    spacing between kernel taps, each {@code >= 1}
 * @param groups      number of channel groups, {@code >= 1}
 */
public record ConvOptions(int[] stride, PaddingMode paddingMode, int[] padding, int[] dilation, int groups) {
    /** How the padding of a convolution is chosen. */
    public enum PaddingMode {
        /** The given number of zeros on both sides of each dimension. */
        EXPLICIT,
        /** No padding (the course's "valid" convolution). */
        VALID,
        /** Enough padding for an output of size {@code ⌈n / stride⌉} (the input's size at stride 1). */
        SAME
    }

    /** Checks and copies the arrays. */
    public ConvOptions {
        stride = check("stride", stride, 1);
        dilation = check("dilation", dilation, 1);
        if (paddingMode == null) throw new IllegalArgumentException("ConvOptions: padding mode must not be null");
        padding = paddingMode == PaddingMode.EXPLICIT ? check("padding", padding, 0) : new int[] {0};
        if (groups < 1) throw new IllegalArgumentException("ConvOptions: groups must be >= 1, got " + groups);
    }

    private static int[] check(String what, int[] values, int min) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("ConvOptions: " + what + " needs at least one value, got "
                    + (values == null ? "null" : "[]"));
        }
        for (int v : values) {
            if (v < min) throw new IllegalArgumentException("ConvOptions: " + what + " must be >= " + min + ", got " + Arrays.toString(values));
        }
        return values.clone();
    }

    /** Stride 1, no padding, dilation 1, one group: PyTorch's defaults. */
    public static ConvOptions defaults() {
        return new ConvOptions(new int[] {1}, PaddingMode.EXPLICIT, new int[] {0}, new int[] {1}, 1);
    }

    /** Same options with another stride (one value for all dimensions, or one per dimension). */
    public ConvOptions withStride(int... s) {
        return new ConvOptions(s, paddingMode, padding, dilation, groups);
    }

    /** Same options with explicit padding: {@code p} zeros on both sides (one value, or one per dimension). */
    public ConvOptions withPadding(int... p) {
        return new ConvOptions(stride, PaddingMode.EXPLICIT, p, dilation, groups);
    }

    /** Same options with "valid" padding (none). */
    public ConvOptions withValidPadding() {
        return new ConvOptions(stride, PaddingMode.VALID, null, dilation, groups);
    }

    /** Same options with "same" padding (see the class comment for stride > 1). */
    public ConvOptions withSamePadding() {
        return new ConvOptions(stride, PaddingMode.SAME, null, dilation, groups);
    }

    /** Same options with another dilation (one value, or one per dimension). */
    public ConvOptions withDilation(int... d) {
        return new ConvOptions(stride, paddingMode, padding, d, groups);
    }

    /** Same options with another number of groups. */
    public ConvOptions withGroups(int g) {
        return new ConvOptions(stride, paddingMode, padding, dilation, g);
    }

    @Override
    public int[] stride() {
        return stride.clone();
    }

    @Override
    public int[] padding() {
        return padding.clone();
    }

    @Override
    public int[] dilation() {
        return dilation.clone();
    }

    /**
     * The output shape of this convolution for an input of shape {@code [N, C, spatial...]} (or
     * unbatched {@code [C, spatial...]}) and a weight {@code [out, C / groups, k...]}; the same
     * checks and messages as the op itself.
     */
    public int[] outputShape(int[] inputShape, int[] weightShape) {
        int nd = weightShape.length - 2;
        String op = nd >= 1 && nd <= 3 ? "conv" + nd + "d" : "conv";
        if (nd < 1 || nd > 3) {
            throw new IllegalArgumentException("conv: weight must be [out, in/groups, k...] with 1 to 3 kernel dimensions, got "
                    + Arrays.toString(weightShape));
        }
        return Conv.Geometry.of(op, nd, inputShape, weightShape, this).outputShape();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvOptions c && Arrays.equals(stride, c.stride) && paddingMode == c.paddingMode
                && Arrays.equals(padding, c.padding) && Arrays.equals(dilation, c.dilation) && groups == c.groups;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {Arrays.hashCode(stride), paddingMode.hashCode(), Arrays.hashCode(padding),
            Arrays.hashCode(dilation), groups});
    }

    @Override
    public String toString() {
        return "ConvOptions[stride=" + Arrays.toString(stride) + ", padding="
                + (paddingMode == PaddingMode.EXPLICIT ? Arrays.toString(padding) : paddingMode.name().toLowerCase(java.util.Locale.ROOT))
                + ", dilation=" + Arrays.toString(dilation) + ", groups=" + groups + "]";
    }
}
