package ai.deepj.nn;

/**
 * Zero padding of sequences: {@code [N, C, L] → [N, C, left + L + right]}. Keras'
 * {@code ZeroPadding1D((left, right))}; PyTorch's {@code nn.ZeroPad1d((left, right))}.
 *
 * {@snippet :
 * Module pad = new ZeroPadding1d(2);   // [N, C, 10] → [N, C, 14]
 * }
 */
public final class ZeroPadding1d extends ZeroPaddingLayer {
    /** {@code padding} zeros on both sides. */
    public ZeroPadding1d(int padding) {
        this(padding, padding);
    }

    /** {@code left} zeros in front, {@code right} behind. */
    public ZeroPadding1d(int left, int right) {
        super(1, new int[] {left}, new int[] {right});
    }

    private ZeroPadding1d(int[] before, int[] after) {
        super(1, before, after);
    }

    /** Re-creates from {@link #config()}. */
    public static ZeroPadding1d fromConfig(ModuleConfig cfg) {
        return new ZeroPadding1d(cfg.getIntArray("before"), cfg.getIntArray("after"));
    }
}
