package ai.deepj.nn;

/**
 * Zero padding of images: {@code [N, C, H, W] → [N, C, top + H + bottom, left + W + right]}, the
 * course's padding {@code p} ("same" convolutions keep the size with {@code p = (f − 1) / 2}).
 * Keras' {@code ZeroPadding2D(((top, bottom), (left, right)))}; PyTorch's
 * {@code nn.ZeroPad2d((left, right, top, bottom))}, which lists the last dimension first.
 *
 * {@snippet :
 * Module pad = new ZeroPadding2d(1);            // [N, C, 28, 28] → [N, C, 30, 30]
 * Module uneven = new ZeroPadding2d(0, 1, 0, 1);   // bottom and right only, as TensorFlow's 'same' with stride 2
 * }
 */
public final class ZeroPadding2d extends ZeroPaddingLayer {
    /** {@code padding} zeros on all four sides. */
    public ZeroPadding2d(int padding) {
        this(padding, padding);
    }

    /** {@code height} zeros above and below, {@code width} left and right (Keras' {@code ZeroPadding2D((h, w))}). */
    public ZeroPadding2d(int height, int width) {
        this(height, height, width, width);
    }

    /** Each side on its own. */
    public ZeroPadding2d(int top, int bottom, int left, int right) {
        super(2, new int[] {top, left}, new int[] {bottom, right});
    }

    private ZeroPadding2d(int[] before, int[] after) {
        super(2, before, after);
    }

    /** Re-creates from {@link #config()}. */
    public static ZeroPadding2d fromConfig(ModuleConfig cfg) {
        return new ZeroPadding2d(cfg.getIntArray("before"), cfg.getIntArray("after"));
    }
}
