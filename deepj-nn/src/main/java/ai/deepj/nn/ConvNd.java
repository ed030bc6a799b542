package ai.deepj.nn;

import ai.deepj.nn.init.Initializer;
import ai.deepj.tensor.ConvOptions;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Conv1d}, {@link Conv2d} and {@link Conv3d} share: a learnable {@code weight}
 * {@code [out, in/groups, k...]} and {@code bias} {@code [out]}, their {@link Options}, the input
 * check and the config. Each subclass is a few lines naming its number of spatial dimensions.
 *
 * <p>Default initialization is PyTorch's ({@code _ConvNd.reset_parameters}): the weight from
 * {@code kaiming_uniform_(a=√5)}, which is {@code U(±1/√fanIn)}, and the bias from
 * {@code U(±1/√fanIn)}, with {@code fanIn = in/groups·Πk}; the same rule as {@link Linear}'s. For
 * He initialization (the course's, for ReLU networks) pass {@code Init.heNormal()}.
 */
public abstract sealed class ConvNd extends Module permits Conv1d, Conv2d, Conv3d {
    /**
     * Options of a convolution layer, with withers: {@code Conv2d.Options.defaults().withStride(2).withPadding(1)}.
     *
     * @param conv       stride, padding, dilation and groups (see {@link ConvOptions})
     * @param bias       whether to add a bias (omit it before batch norm, whose β plays that role)
     * @param weightInit initializer for the weight, or null for PyTorch's default (see {@link ConvNd})
     * @param biasInit   initializer for the bias, or null for PyTorch's default
     */
    public record Options(ConvOptions conv, boolean bias, Initializer weightInit, Initializer biasInit) {
        public Options {
            if (conv == null) throw new IllegalArgumentException("Conv options: conv must not be null; use ConvOptions.defaults()");
        }

        /** Stride 1, no padding, dilation 1, one group, with bias, PyTorch's initialization. */
        public static Options defaults() {
            return new Options(ConvOptions.defaults(), true, null, null);
        }

        /** Same options with another stride (one value for all dimensions, or one per dimension). */
        public Options withStride(int... s) {
            return withConv(conv.withStride(s));
        }

        /** Same options with {@code p} zeros on both sides (one value, or one per dimension). */
        public Options withPadding(int... p) {
            return withConv(conv.withPadding(p));
        }

        /** Same options with "same" padding: the output keeps the input's size at stride 1 ({@link ConvOptions} for stride > 1). */
        public Options withSamePadding() {
            return withConv(conv.withSamePadding());
        }

        /** Same options with "valid" padding (none). */
        public Options withValidPadding() {
            return withConv(conv.withValidPadding());
        }

        /** Same options with another dilation. */
        public Options withDilation(int... d) {
            return withConv(conv.withDilation(d));
        }

        /** Same options with {@code g} channel groups ({@code g = in} for a depthwise convolution). */
        public Options withGroups(int g) {
            return withConv(conv.withGroups(g));
        }

        /** Same options with other convolution settings. */
        public Options withConv(ConvOptions c) {
            return new Options(c, bias, weightInit, biasInit);
        }

        /** Same options with or without bias. */
        public Options withBias(boolean b) {
            return new Options(conv, b, weightInit, biasInit);
        }

        /** Same options with another weight initializer. */
        public Options withWeightInit(Initializer init) {
            return new Options(conv, bias, init, biasInit);
        }

        /** Same options with another bias initializer. */
        public Options withBiasInit(Initializer init) {
            return new Options(conv, bias, weightInit, init);
        }
    }

    private static final String[] LAYOUT = {"W", "H, W", "D, H, W"};

    private final int nd, in, out;
    private final int[] kernel;
    private final ConvOptions conv;
    private final Tensor weight;
    private final Tensor bias;

    ConvNd(int nd, int in, int out, int[] kernelSize, Options options, Generator gen) {
        String type = getClass().getSimpleName();
        if (in <= 0 || out <= 0) throw new IllegalArgumentException(type + ": channels must be positive, got " + in + " -> " + out);
        if (kernelSize.length != 1 && kernelSize.length != nd) {
            throw new IllegalArgumentException(type + ": kernel size " + Arrays.toString(kernelSize) + " has " + kernelSize.length
                    + " values; give 1 or " + nd);
        }
        this.nd = nd;
        this.in = in;
        this.out = out;
        this.kernel = new int[nd];
        for (int d = 0; d < nd; d++) {
            kernel[d] = kernelSize[kernelSize.length == 1 ? 0 : d];
            if (kernel[d] < 1) throw new IllegalArgumentException(type + ": kernel sizes must be positive, got " + Arrays.toString(kernelSize));
        }
        this.conv = options.conv();
        int groups = conv.groups();
        if (in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(type + ": groups " + groups + " must divide both the input channels (" + in
                    + ") and the output channels (" + out + ")");
        }
        checkPerDim(type, "stride", conv.stride(), nd);
        checkPerDim(type, "padding", conv.padding(), nd);
        checkPerDim(type, "dilation", conv.dilation(), nd);
        int[] weightShape = new int[nd + 2];
        weightShape[0] = out;
        weightShape[1] = in / groups;
        System.arraycopy(kernel, 0, weightShape, 2, nd);
        // PyTorch's kaiming_uniform_(a=√5) for a conv weight is U(±1/√fanIn): the rule Linear uses, with this fan-in.
        Initializer fallback = Initializer.pytorchLinearDefault(weightShape);
        Initializer wi = options.weightInit() != null ? options.weightInit() : fallback;
        weight = addParameter("weight", wi.create(gen, weightShape));
        if (options.bias()) {
            Initializer bi = options.biasInit() != null ? options.biasInit() : fallback;
            bias = addParameter("bias", bi.create(gen, out));
        } else {
            bias = null;
        }
    }

    private static void checkPerDim(String type, String what, int[] values, int nd) {
        if (values.length != 1 && values.length != nd) {
            throw new IllegalArgumentException(type + ": " + what + " " + Arrays.toString(values) + " has " + values.length
                    + " values; give 1 or " + nd);
        }
    }

    /** The weight, {@code [out, in/groups, k...]}. */
    public final Tensor weight() {
        return weight;
    }

    /** The bias, {@code [out]}, or null. */
    public final Tensor bias() {
        return bias;
    }

    /** Input channels. */
    public final int inChannels() {
        return in;
    }

    /** Output channels. */
    public final int outChannels() {
        return out;
    }

    /** Kernel size per spatial dimension. */
    public final int[] kernelSize() {
        return kernel.clone();
    }

    /** Stride, padding, dilation and groups. */
    public final ConvOptions convOptions() {
        return conv;
    }

    /** How this layer names itself in messages: {@code Conv2d(3 -> 16, kernel [3, 3])}. */
    private String describe() {
        return typeName() + "(" + in + " -> " + out + ", kernel " + Arrays.toString(kernel) + ")";
    }

    @Override
    public final Tensor forward(Tensor x) {
        if ((x.dim() != nd + 2 && x.dim() != nd + 1) || x.size(x.dim() - nd - 1) != in) {
            throw new IllegalArgumentException(describe() + ": expects input [N, " + in + ", " + LAYOUT[nd - 1] + "] or [" + in + ", "
                    + LAYOUT[nd - 1] + "], got " + x.shape());
        }
        try {
            return switch (nd) {
                case 1 -> x.conv1d(weight, bias, conv);
                case 2 -> x.conv2d(weight, bias, conv);
                default -> x.conv3d(weight, bias, conv);
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public final Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("in", in);
        c.put("out", out);
        c.put("kernel", list(kernel));
        c.put("stride", list(conv.stride()));
        c.put("padding", switch (conv.paddingMode()) {
            case EXPLICIT -> list(conv.padding());
            case VALID -> "valid";
            case SAME -> "same";
        });
        c.put("dilation", list(conv.dilation()));
        c.put("groups", conv.groups());
        c.put("bias", bias != null);
        return c;
    }

    private static List<Integer> list(int[] v) {
        return Arrays.stream(v).boxed().toList();
    }

    /** The options a {@link #config()} describes (PyTorch's initialization; loaded weights replace it). */
    static Options optionsFrom(ModuleConfig cfg) {
        ConvOptions c = ConvOptions.defaults().withStride(cfg.getIntArray("stride")).withDilation(cfg.getIntArray("dilation"))
                .withGroups(cfg.getInt("groups"));
        Object padding = cfg.get("padding");
        if (padding instanceof String s) {
            c = switch (s) {
                case "same" -> c.withSamePadding();
                case "valid" -> c.withValidPadding();
                default -> throw new IllegalArgumentException(cfg.type() + " config: 'padding' must be \"same\", \"valid\" or a list of"
                        + " integers, got \"" + s + "\"");
            };
        } else {
            c = c.withPadding(cfg.getIntArray("padding"));
        }
        return Options.defaults().withConv(c).withBias(cfg.getBoolean("bias"));
    }
}
