package ai.deepj.nn;

import ai.deepj.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the six window-pooling layers share: the {@link PoolOptions} resolved to one size per
 * spatial dimension and checked with the layer's name, the forward call into
 * {@link Tensor#maxPool} or {@link Tensor#avgPool}, and the config. Subclasses fix max or average
 * and the spatial rank.
 */
abstract class PoolLayer extends Module {
    private static final String[] LAYOUT = {"[N, C, L]", "[N, C, H, W]", "[N, C, D, H, W]"};

    private final boolean max;
    private final int[] kernel, stride, padding, dilation;
    private final boolean ceilMode, countIncludePad;

    PoolLayer(boolean max, int rank, PoolOptions options) {
        if (options == null) throw new IllegalArgumentException(typeName() + ": options must not be null");
        this.max = max;
        kernel = resolve("kernel", options.kernel(), rank);
        stride = resolve("stride", options.stride(), rank);
        padding = resolve("padding", options.padding(), rank);
        dilation = resolve("dilation", options.dilation(), rank);
        ceilMode = options.ceilMode();
        countIncludePad = options.countIncludePad();
        for (int i = 0; i < rank; i++) {
            if (kernel[i] < 1 || stride[i] < 1 || padding[i] < 0 || dilation[i] < 1) {
                throw new IllegalArgumentException(typeName() + ": kernel, stride and dilation must be positive and padding"
                        + " non-negative, got kernel " + Arrays.toString(kernel) + ", stride " + Arrays.toString(stride)
                        + ", padding " + Arrays.toString(padding) + (max ? ", dilation " + Arrays.toString(dilation) : ""));
            }
            if (padding[i] > ((kernel[i] - 1) * dilation[i] + 1) / 2) {
                throw new IllegalArgumentException(typeName() + ": padding " + Arrays.toString(padding)
                        + " must be at most half the kernel " + Arrays.toString(kernel)
                        + (max ? " (dilated: (kernel - 1) * dilation + 1)" : ""));
            }
            if (!max && dilation[i] != 1) {
                throw new IllegalArgumentException(typeName() + ": average pooling has no dilation (as in PyTorch), got "
                        + Arrays.toString(dilation));
            }
        }
        if (max && !countIncludePad) {
            throw new IllegalArgumentException(typeName() + ": countIncludePad applies only to average pooling");
        }
    }

    private int[] resolve(String what, int[] given, int rank) {
        if (given.length == rank) return given;
        if (given.length == 1) {
            int[] all = new int[rank];
            Arrays.fill(all, given[0]);
            return all;
        }
        throw new IllegalArgumentException(typeName() + ": " + what + " " + Arrays.toString(given) + " must have 1 or " + rank
                + " sizes");
    }

    @Override
    public Tensor forward(Tensor x) {
        int rank = kernel.length;
        if (x.dim() != rank + 2) {
            throw new IllegalArgumentException(typeName() + ": expects a " + LAYOUT[rank - 1] + " input, got " + x.shape());
        }
        try {
            return max ? x.maxPool(kernel, stride, padding, dilation, ceilMode) : x.avgPool(kernel, stride, padding, ceilMode, countIncludePad);
        } catch (IllegalArgumentException e) {
            throw renamed(e, (max ? "maxPool" : "avgPool") + rank + "d", typeName());
        }
    }

    /**
     * The op's error (whose message starts with the op's name, e.g. {@code maxPool2d: input …})
     * under the layer's name ({@code MaxPool2d: input …}), so the message names what the user built.
     */
    static IllegalArgumentException renamed(IllegalArgumentException e, String op, String layer) {
        String m = e.getMessage();
        if (m == null || !m.startsWith(op + ": ")) return e;
        return new IllegalArgumentException(layer + m.substring(op.length()), e);
    }

    /** The options, resolved to one size per spatial dimension. */
    public PoolOptions options() {
        PoolOptions o = PoolOptions.of(kernel).withStride(stride).withPadding(padding).withCeilMode(ceilMode);
        return max ? o.withDilation(dilation) : o.withCountIncludePad(countIncludePad);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("kernel", list(kernel));
        c.put("stride", list(stride));
        c.put("padding", list(padding));
        if (max) c.put("dilation", list(dilation));
        c.put("ceilMode", ceilMode);
        if (!max) c.put("countIncludePad", countIncludePad);
        return c;
    }

    private static List<Integer> list(int[] v) {
        return Arrays.stream(v).boxed().toList();
    }

    /** The options of a {@link #config()}. */
    static PoolOptions optionsFrom(ModuleConfig cfg, boolean max) {
        PoolOptions o = PoolOptions.of(cfg.getIntArray("kernel")).withStride(cfg.getIntArray("stride"))
                .withPadding(cfg.getIntArray("padding")).withCeilMode(cfg.getBoolean("ceilMode"));
        return max ? o.withDilation(cfg.getIntArray("dilation")) : o.withCountIncludePad(cfg.getBoolean("countIncludePad"));
    }

    @Override
    public String toString() {
        return typeName() + config();
    }
}
