package ai.deepj.cli.config;

import java.util.List;
import java.util.Map;

/**
 * Reading the image layers of a {@code model:} list for {@link ModelSpec}: convolutions, pooling,
 * zero padding, batch norm over channels and global pooling. Each reads its main value (the
 * {@code 32} of {@code - conv2d: 32}) and its options into the layer's argument map with the
 * types {@link ModelSpec.Layer} documents; sizes of two spatial dimensions are stored as
 * {@code int[2]} ({@code kernel: 3} is {@code [3, 3]}).
 */
final class ConvLayers {
    /** The image layer kinds. */
    static final List<String> KINDS = List.of("conv2d", "max_pool2d", "avg_pool2d", "zero_padding2d", "batch_norm2d", "global_avg_pool",
            "global_max_pool");

    /** Spellings of Keras and PyTorch accepted for the kinds. */
    static final Map<String, String> ALIASES = Map.ofEntries(Map.entry("conv", "conv2d"), Map.entry("conv_2d", "conv2d"),
            Map.entry("maxpool2d", "max_pool2d"), Map.entry("max_pooling2d", "max_pool2d"), Map.entry("max_pool", "max_pool2d"),
            Map.entry("avgpool2d", "avg_pool2d"), Map.entry("average_pooling2d", "avg_pool2d"), Map.entry("avg_pool", "avg_pool2d"),
            Map.entry("zeropadding2d", "zero_padding2d"), Map.entry("batchnorm2d", "batch_norm2d"),
            Map.entry("global_average_pooling2d", "global_avg_pool"), Map.entry("global_max_pooling2d", "global_max_pool"),
            Map.entry("globalavgpool", "global_avg_pool"), Map.entry("globalmaxpool", "global_max_pool"));

    private ConvLayers() {}

    /** Whether {@code kind} is read here. */
    static boolean handles(String kind) {
        return KINDS.contains(kind);
    }

    /** The message for a kind written bare that needs a value, or null if it may stand alone. */
    static String needsValue(String kind) {
        return switch (kind) {
            case "conv2d" -> "conv2d needs its number of filters and a kernel, e.g. - conv2d: 32 with kernel: 3 on the next line";
            case "max_pool2d", "avg_pool2d" -> kind + " needs its window size, e.g. - " + kind + ": 2";
            default -> null;
        };
    }

    /** Reads {@code - kind: VALUE}. */
    static void mainArg(String kind, Node main, Map<String, Object> args) {
        switch (kind) {
            case "conv2d" -> {
                int filters = Section.toInt(main, "conv2d (filters)");
                if (filters < 1) throw new ConfigException(main.where(), "conv2d needs at least 1 filter, got " + filters);
                args.put("filters", filters);
            }
            case "max_pool2d", "avg_pool2d" -> args.put("size", pair(main, kind + " size", 1));
            case "zero_padding2d" -> args.put("padding", sides(main));
            default -> throw new ConfigException(main.where(), kind + " takes no value here; give options as " + kind + ": {...}");
        }
    }

    /** Reads the options beside or inside the layer and fills the defaults. */
    static void options(String kind, Section o, Map<String, Object> args) {
        switch (kind) {
            case "conv2d" -> {
                if (!args.containsKey("filters")) {
                    if (!o.has("filters")) throw new ConfigException(o.where(), needsValue("conv2d"));
                    args.put("filters", o.positiveInt("filters", 1));
                }
                if (!o.has("kernel")) throw new ConfigException(o.where(), "conv2d needs a kernel size, e.g. kernel: 3 (or kernel: [3, 5])");
                args.put("kernel", pair(o.require("kernel"), "kernel", 1));
                args.put("stride", o.get("stride").map(n -> pair(n, "stride", 1)).orElse(new int[] {1, 1}));
                args.put("padding", o.get("padding").map(ConvLayers::convPadding).orElse("valid"));
                args.put("dilation", o.get("dilation").map(n -> pair(n, "dilation", 1)).orElse(new int[] {1, 1}));
                args.put("groups", o.positiveInt("groups", 1));
                args.put("bias", o.bool("bias", true));
                o.get("activation").ifPresent(a -> args.put("activation", Section.choose(a, "activation", ModelSpec.ACTIVATIONS)));
                o.get("init").ifPresent(i -> args.put("init", Section.choose(i, "initializer", ModelSpec.INITS)));
            }
            case "max_pool2d", "avg_pool2d" -> {
                if (!args.containsKey("size")) {
                    if (!o.has("size")) throw new ConfigException(o.where(), needsValue(kind));
                    args.put("size", pair(o.require("size"), "size", 1));
                }
                int[] size = (int[]) args.get("size");
                args.put("stride", o.get("stride").map(n -> pair(n, "stride", 1)).orElse(size.clone()));
                int[] padding = o.get("padding").map(n -> pair(n, "padding", 0)).orElse(new int[] {0, 0});
                for (int d = 0; d < 2; d++) {
                    if (2 * padding[d] > size[d]) {
                        throw o.error("padding", kind + " padding must be at most half the window (" + size[0] + "x" + size[1] + "), got "
                                + padding[0] + ", " + padding[1]);
                    }
                }
                args.put("padding", padding);
            }
            case "zero_padding2d" -> {
                if (!args.containsKey("padding")) args.put("padding", o.get("padding").map(ConvLayers::sides).orElse(new int[] {1, 1, 1, 1}));
            }
            case "batch_norm2d" -> ModelSpec.batchNormOptions(o, args);
            default -> {}
        }
    }

    /** Fills the defaults of a layer written bare ({@code - batch_norm2d}, {@code - zero_padding2d}). */
    static void defaults(String kind, Map<String, Object> args) {
        if (kind.equals("zero_padding2d")) args.putIfAbsent("padding", new int[] {1, 1, 1, 1});
    }

    /** A conv2d padding: valid, same, a number of pixels or [rows, columns]. */
    private static Object convPadding(Node n) {
        if (n instanceof Node.Scalar s && s.value() instanceof String) return Section.choose(n, "padding", List.of("valid", "same"));
        if (n instanceof Node.Scalar || n instanceof Node.Seq) return pair(n, "padding", 0);
        throw new ConfigException(n.where(), "padding must be valid, same, a number of pixels or [rows, columns], got " + n.describe());
    }

    /** One size for both spatial dimensions ({@code 3}) or one each ({@code [3, 5]}), each at least {@code min}. */
    static int[] pair(Node n, String what, int min) {
        int[] v;
        if (n instanceof Node.Seq seq) {
            if (seq.items().size() != 2) {
                throw new ConfigException(n.where(), what + " must be one number or [height, width], got a list of " + seq.items().size());
            }
            v = new int[] {Section.toInt(seq.items().get(0), what), Section.toInt(seq.items().get(1), what)};
        } else if (n instanceof Node.Scalar) {
            int x = Section.toInt(n, what);
            v = new int[] {x, x};
        } else {
            throw new ConfigException(n.where(), what + " must be one number or [height, width], got " + n.describe());
        }
        if (v[0] < min || v[1] < min) {
            throw new ConfigException(n.where(), what + " must be at least " + min + ", got " + (v[0] == v[1] ? "" + v[0] : v[0] + ", " + v[1]));
        }
        return v;
    }

    /** Zero padding: {@code p} (all sides), {@code [rows, columns]} or {@code [top, bottom, left, right]}, as [top, bottom, left, right]. */
    private static int[] sides(Node n) {
        String form = "zero_padding2d must be a number, [rows, columns] or [top, bottom, left, right]";
        int[] v;
        if (n instanceof Node.Seq seq && seq.items().size() == 4) {
            v = new int[4];
            for (int i = 0; i < 4; i++) v[i] = Section.toInt(seq.items().get(i), "zero_padding2d");
        } else if (n instanceof Node.Seq seq && seq.items().size() != 2) {
            throw new ConfigException(n.where(), form + ", got a list of " + seq.items().size());
        } else if (n instanceof Node.Scalar || n instanceof Node.Seq) {
            int[] p = pair(n, "zero_padding2d", 0);
            v = new int[] {p[0], p[0], p[1], p[1]};
        } else {
            throw new ConfigException(n.where(), form + ", got " + n.describe());
        }
        for (int x : v) if (x < 0) throw new ConfigException(n.where(), "zero_padding2d must be 0 or more pixels, got " + x);
        return v;
    }
}
