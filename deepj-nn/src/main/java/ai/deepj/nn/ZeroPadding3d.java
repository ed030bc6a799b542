package ai.deepj.nn;

/**
 * Zero padding of volumes: {@code [N, C, D, H, W] → [N, C, front + D + back, top + H + bottom,
 * left + W + right]}. Keras' {@code ZeroPadding3D}; PyTorch's
 * {@code nn.ZeroPad3d((left, right, top, bottom, front, back))}, which lists the last dimension first.
 *
 * {@snippet :
 * Module pad = new ZeroPadding3d(1);   // [N, C, 8, 16, 16] → [N, C, 10, 18, 18]
 * }
 */
public final class ZeroPadding3d extends ZeroPaddingLayer {
    /** {@code padding} zeros on all six sides. */
    public ZeroPadding3d(int padding) {
        this(padding, padding, padding);
    }

    /** {@code depth}, {@code height} and {@code width} zeros on both sides of their dimension. */
    public ZeroPadding3d(int depth, int height, int width) {
        this(depth, depth, height, height, width, width);
    }

    /** Each side on its own. */
    public ZeroPadding3d(int front, int back, int top, int bottom, int left, int right) {
        super(3, new int[] {front, top, left}, new int[] {back, bottom, right});
    }

    private ZeroPadding3d(int[] before, int[] after) {
        super(3, before, after);
    }

    /** Re-creates from {@link #config()}. */
    public static ZeroPadding3d fromConfig(ModuleConfig cfg) {
        return new ZeroPadding3d(cfg.getIntArray("before"), cfg.getIntArray("after"));
    }
}
