package ai.deepj.nn;

import java.util.Arrays;
import java.util.Objects;

/**
 * The window of a pooling layer ({@link MaxPool1d}, {@link MaxPool2d}, {@link MaxPool3d},
 * {@link AvgPool1d}, {@link AvgPool2d}, {@link AvgPool3d}), immutable, with withers. Each size is
 * given once for every spatial dimension or once per dimension ({@code of(3)} is a 3×3 window for
 * 2-D pooling, {@code of(1, 2, 2)} a 1×2×2 one for 3-D).
 *
 * <ul>
 *   <li>{@code kernel}: the window size (the course's {@code f});</li>
 *   <li>{@code stride}: the step (the course's {@code s}); unset, the kernel, so windows tile the
 *       input, as in PyTorch and Keras;</li>
 *   <li>{@code padding}: implicit border on both sides, at most half the kernel: −∞ for max
 *       pooling (never the maximum), zeros for average pooling; default 0;</li>
 *   <li>{@code dilation}: spacing between window elements, max pooling only; default 1;</li>
 *   <li>{@code ceilMode}: output size rounded up, so a last partial window is kept (PyTorch's
 *       {@code ceil_mode}); default false;</li>
 *   <li>{@code countIncludePad}: average pooling divides by the window size padding included
 *       (PyTorch's default, true) or by the number of input elements covered (false, as Keras'
 *       {@code padding='same'} average).</li>
 * </ul>
 *
 * {@snippet :
 * Module pool = new MaxPool2d(PoolOptions.of(3).withStride(2).withPadding(1));   // ResNet's stem pool
 * Module avg = new AvgPool2d(PoolOptions.of(2).withCeilMode(true).withCountIncludePad(false));
 * }
 */
public final class PoolOptions {
    private final int[] kernel, stride, padding, dilation; // stride null: the kernel
    private final boolean ceilMode, countIncludePad;

    private PoolOptions(int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode, boolean countIncludePad) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
    }

    /** A window of the given size, stride equal to it, no padding, no dilation, floor mode, padding counted. */
    public static PoolOptions of(int... kernel) {
        return new PoolOptions(sizes("kernel", kernel), null, new int[] {0}, new int[] {1}, false, true);
    }

    private static int[] sizes(String what, int[] v) {
        if (v == null || v.length == 0) throw new IllegalArgumentException("PoolOptions: " + what + " needs at least one size");
        return v.clone();
    }

    /** Same options with another stride. */
    public PoolOptions withStride(int... s) {
        return new PoolOptions(kernel, sizes("stride", s), padding, dilation, ceilMode, countIncludePad);
    }

    /** Same options with another padding. */
    public PoolOptions withPadding(int... p) {
        return new PoolOptions(kernel, stride, sizes("padding", p), dilation, ceilMode, countIncludePad);
    }

    /** Same options with another dilation (max pooling only). */
    public PoolOptions withDilation(int... d) {
        return new PoolOptions(kernel, stride, padding, sizes("dilation", d), ceilMode, countIncludePad);
    }

    /** Same options, rounding the output size up ({@code true}) or down. */
    public PoolOptions withCeilMode(boolean on) {
        return new PoolOptions(kernel, stride, padding, dilation, on, countIncludePad);
    }

    /** Same options, average pooling dividing by the window size padding included ({@code true}) or not. */
    public PoolOptions withCountIncludePad(boolean on) {
        return new PoolOptions(kernel, stride, padding, dilation, ceilMode, on);
    }

    /** The window size (one or one per dimension). */
    public int[] kernel() {
        return kernel.clone();
    }

    /** The stride: the kernel unless set. */
    public int[] stride() {
        return (stride == null ? kernel : stride).clone();
    }

    /** The padding. */
    public int[] padding() {
        return padding.clone();
    }

    /** The dilation. */
    public int[] dilation() {
        return dilation.clone();
    }

    /** Whether the output size is rounded up. */
    public boolean ceilMode() {
        return ceilMode;
    }

    /** Whether average pooling counts padding in a window's size. */
    public boolean countIncludePad() {
        return countIncludePad;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoolOptions p && Arrays.equals(kernel, p.kernel) && Arrays.equals(stride(), p.stride())
                && Arrays.equals(padding, p.padding) && Arrays.equals(dilation, p.dilation) && ceilMode == p.ceilMode
                && countIncludePad == p.countIncludePad;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(kernel), Arrays.hashCode(stride()), Arrays.hashCode(padding), Arrays.hashCode(dilation),
                ceilMode, countIncludePad);
    }

    @Override
    public String toString() {
        return "PoolOptions[kernel=" + Arrays.toString(kernel) + ", stride=" + Arrays.toString(stride()) + ", padding="
                + Arrays.toString(padding) + ", dilation=" + Arrays.toString(dilation) + ", ceilMode=" + ceilMode
                + ", countIncludePad=" + countIncludePad + "]";
    }
}
