package ai.deepj.cli.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code model:} section: a list of layers, Keras-style, each sized by what comes before it
 * (input sizes are never written), or the path of a saved model (its folder or its
 * {@code model.json}) to start from.
 *
 * <pre>
 * model:
 *   - flatten
 *   - dense: 256              # units
 *     activation: relu        # relu, tanh, sigmoid, softmax, leaky_relu, elu, gelu, softplus
 *     init: he_normal         # he_normal, he_uniform, glorot_normal, glorot_uniform, xavier, lecun_normal, ...
 *   - batch_norm              # or batch_norm: {momentum: 0.99, eps: 1e-5, convention: keras | pytorch}
 *   - dropout: {keep_prob: 0.9}   # the course's keep probability; or {rate: 0.1}, Keras's drop rate
 *   - dense: 6                # the last layer gives logits: the loss applies softmax / sigmoid
 * </pre>
 * Other layers: an activation on its own ({@code - relu}, {@code - leaky_relu: {slope: 0.01}}),
 * {@code rescaling: 0.00392} (or <code>{scale: .., offset: ..}</code>), {@code reshape: [1, 28, 28]},
 * {@code normalization} (first layer only: standardizes with the training set's statistics; the
 * same as {@code data: normalize: true}).
 *
 * <p>Image layers, on {@code [channels, height, width]} per example (sizes are one number or
 * {@code [height, width]}):
 * <pre>
 *   - conv2d: 32              # filters
 *     kernel: 3               # required
 *     stride: 1
 *     padding: same           # valid (default), same, a number of pixels or [rows, columns]
 *     dilation: 1
 *     groups: 1
 *     bias: true
 *     activation: relu        # as for dense
 *     init: he_normal
 *   - max_pool2d: 2           # window; stride (default the window), padding
 *   - avg_pool2d: {size: 3, stride: 2, padding: 1}
 *   - zero_padding2d: 2       # or [rows, columns] or [top, bottom, left, right]; bare: 1
 *   - batch_norm2d            # per channel; options as batch_norm
 *   - global_avg_pool         # [c, h, w] -> [c]; also global_max_pool
 * </pre>
 *
 * @param layers the layers, in order (empty when {@code saved} or {@code zoo} is given)
 * @param saved  a saved model's folder to start from, or empty
 * @param zoo    a model of the zoo (<code>{zoo: resnet, ...}</code>, see {@link ZooSpec}), or empty
 * @param where  where the section is
 */
public record ModelSpec(List<Layer> layers, Optional<Path> saved, Optional<ZooSpec> zoo, Location where) {
    /** Layer kinds, in the order the help lists them. */
    public static final List<String> KINDS = List.of("dense", "flatten", "dropout", "batch_norm", "activation", "relu", "tanh", "sigmoid",
            "softmax", "log_softmax", "leaky_relu", "elu", "gelu", "softplus", "rescaling", "reshape", "normalization", "conv2d", "max_pool2d",
            "avg_pool2d", "zero_padding2d", "batch_norm2d", "global_avg_pool", "global_max_pool");

    /** Activation names, for {@code activation:} on a dense layer. */
    public static final List<String> ACTIVATIONS = List.of("relu", "tanh", "sigmoid", "softmax", "log_softmax", "leaky_relu", "elu", "gelu",
            "softplus", "linear");

    /** Initializer names, for {@code init:}. */
    public static final List<String> INITS = List.of("he_normal", "he_uniform", "glorot_normal", "glorot_uniform", "xavier", "lecun_normal",
            "lecun_uniform", "random", "zeros", "orthogonal", "pytorch");

    private static final Map<String, String> BASE_ALIASES = Map.ofEntries(Map.entry("linear", "dense"), Map.entry("fc", "dense"),
            Map.entry("batchnorm", "batch_norm"), Map.entry("batch_normalization", "batch_norm"), Map.entry("bn", "batch_norm"),
            Map.entry("leakyrelu", "leaky_relu"), Map.entry("logsoftmax", "log_softmax"));

    private static final Map<String, String> ALIASES = aliases();

    /**
     * One layer: its kind (a name of {@link #KINDS}; an activation for {@code activation}) and its
     * checked arguments: {@code units}, {@code filters}, {@code groups} (Integer), {@code activation}, {@code init},
     * {@code convention} (String), {@code bias} (Boolean), {@code keep_prob}, {@code momentum}, {@code eps}, {@code slope},
     * {@code alpha}, {@code scale}, {@code offset} (Double), {@code shape} (int[]); for image layers {@code kernel},
     * {@code stride}, {@code dilation}, {@code size} (int[2]: height, width), {@code padding} (conv2d: "valid", "same"
     * or int[2]; pooling: int[2]; zero_padding2d: int[4] top, bottom, left, right).
     */
    public record Layer(String kind, Map<String, Object> args, Location where) {
        /** An argument, or {@code def}. */
        @SuppressWarnings("unchecked")
        public <T> T arg(String name, T def) {
            return (T) args.getOrDefault(name, def);
        }

        /** How the layer reads in messages: {@code dense: 256}, {@code flatten}. */
        public String label() {
            if (args.containsKey("units")) return kind + ": " + args.get("units");
            if (args.containsKey("filters")) return kind + ": " + args.get("filters");
            if (args.get("size") instanceof int[] s) return kind + ": " + (s[0] == s[1] ? "" + s[0] : s[0] + "x" + s[1]);
            return kind;
        }
    }

    /** Parses the {@code model} value: a list of layers, a saved model's path, or <code>{zoo: NAME, ...}</code>. */
    public static ModelSpec parse(Node n) {
        if (n instanceof Node.Scalar s && s.value() instanceof String path) {
            return new ModelSpec(List.of(), Optional.of(savedModel(path, n.where())), Optional.empty(), n.where());
        }
        if (n instanceof Node.Obj o && o.entries().containsKey("zoo")) {
            return new ModelSpec(List.of(), Optional.empty(), Optional.of(ZooSpec.parse(new Section(o, "model"))), n.where());
        }
        if (!(n instanceof Node.Seq seq)) {
            throw new ConfigException(n.where(), "model must be a list of layers (- dense: 64 ...), the path of a saved model or a zoo model"
                    + " ({zoo: lenet5}), got " + n.describe());
        }
        if (seq.items().isEmpty()) throw new ConfigException(n.where(), "model has no layers");
        List<Layer> layers = new ArrayList<>();
        for (Node item : seq.items()) layers.add(layer(item));
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).kind().equals("normalization")) {
                throw new ConfigException(layers.get(i).where(), "normalization must be the first layer (it standardizes the raw inputs)");
            }
        }
        return new ModelSpec(List.copyOf(layers), Optional.empty(), Optional.empty(), n.where());
    }

    private static Path savedModel(String path, Location where) {
        Path p = where.resolve(path);
        if (p.getFileName() != null && p.getFileName().toString().equals("model.json")) p = p.getParent();
        return p;
    }

    private static Layer layer(Node item) {
        Location w = item.where();
        if (item instanceof Node.Scalar) {
            String kind = kind(item);
            Map<String, Object> args = new LinkedHashMap<>();
            switch (kind) {
                case "dense" -> throw new ConfigException(w, "dense needs its number of units, e.g. - dense: 64");
                case "dropout" -> throw new ConfigException(w, dropoutHint());
                case "rescaling" -> throw new ConfigException(w, "rescaling needs a scale, e.g. - rescaling: 0.00392");
                case "reshape" -> throw new ConfigException(w, "reshape needs a shape, e.g. - reshape: [1, 28, 28]");
                case "activation" -> throw new ConfigException(w, "activation needs a name, e.g. - activation: relu");
                default -> {
                    if (ConvLayers.needsValue(kind) != null) throw new ConfigException(w, ConvLayers.needsValue(kind));
                }
            }
            check(kind, args, w);
            return new Layer(kind.equals("activation") ? (String) args.get("activation") : kind, Map.copyOf(args), w);
        }
        Section s = Section.of(item, "a layer");
        List<String> kindKeys = new ArrayList<>();
        for (String k : s.keys()) if (KINDS.contains(normalizeKind(k))) kindKeys.add(k);
        if (kindKeys.size() > 1) kindKeys.removeIf(k -> normalizeKind(k).equals("activation"));   // dense's option, not a layer
        if (kindKeys.size() != 1) {
            if (kindKeys.isEmpty()) {
                String first = s.keys().isEmpty() ? "" : s.keys().get(0);
                throw new ConfigException(w, "unknown layer '" + first + "' (known: " + String.join(", ", KINDS) + ")"
                        + Section.suggestOnly(first, KINDS));
            }
            throw new ConfigException(w, "one layer per list item: this one names " + String.join(" and ", kindKeys)
                    + " (start each layer with its own '- ')");
        }
        String key = kindKeys.get(0);
        String kind = normalizeKind(key);
        Node main = s.get(key).orElse(null);
        Map<String, Object> args = new LinkedHashMap<>();
        Section opts = s;
        if (main instanceof Node.Obj) {
            opts = Section.of(main, kind);
            for (String k : s.keys()) {
                if (!k.equals(key)) throw s.error(k, "give " + kind + "'s options either inside {...} or beside it, not both");
            }
        } else if (main != null) {
            if (ConvLayers.handles(kind)) ConvLayers.mainArg(kind, main, args);
            else mainArg(kind, main, args);
        } else if (kind.equals("dense") || kind.equals("rescaling") || kind.equals("reshape") || kind.equals("activation")) {
            throw new ConfigException(w, kind + " needs a value, e.g. " + switch (kind) {
                case "dense" -> "- dense: 64";
                case "rescaling" -> "- rescaling: 0.00392";
                case "reshape" -> "- reshape: [1, 28, 28]";
                default -> "- activation: relu";
            });
        }
        options(kind, opts, args);
        opts.done();
        if (opts != s) s.done();
        check(kind, args, w);
        String finalKind = kind.equals("activation") ? (String) args.remove("activation") : kind;
        return new Layer(finalKind, Map.copyOf(args), w);
    }

    private static void mainArg(String kind, Node main, Map<String, Object> args) {
        switch (kind) {
            case "dense" -> {
                int units = Section.toInt(main, "dense (units)");
                if (units < 1) throw new ConfigException(main.where(), "dense needs at least 1 unit, got " + units);
                args.put("units", units);
            }
            case "rescaling" -> args.put("scale", Section.toDouble(main, "rescaling scale"));
            case "reshape" -> {
                if (!(main instanceof Node.Seq seq)) throw new ConfigException(main.where(), "reshape needs a list, e.g. [1, 28, 28]");
                args.put("shape", seq.items().stream().mapToInt(i -> Section.toInt(i, "reshape")).toArray());
            }
            case "activation" -> args.put("activation", Section.choose(main, "activation", ACTIVATIONS));
            case "dropout" -> throw new ConfigException(main.where(), dropoutHint());
            default -> throw new ConfigException(main.where(), kind + " takes no value here; give options as " + kind + ": {...}");
        }
    }

    private static void options(String kind, Section o, Map<String, Object> args) {
        if (ConvLayers.handles(kind)) {
            ConvLayers.options(kind, o, args);
            return;
        }
        switch (kind) {
            case "dense" -> {
                if (!args.containsKey("units")) {
                    int units = o.positiveInt("units", 0);
                    args.put("units", units);
                }
                o.get("activation").ifPresent(a -> args.put("activation", Section.choose(a, "activation", ACTIVATIONS)));
                o.get("init").ifPresent(i -> args.put("init", Section.choose(i, "initializer", INITS)));
                args.put("bias", o.bool("bias", true));
            }
            case "dropout" -> {
                boolean keep = o.has("keep_prob"), rate = o.has("rate");
                if (keep == rate) throw new ConfigException(o.where(), dropoutHint());
                double p = keep ? o.number("keep_prob", 1) : 1 - o.number("rate", 0);
                if (!(p > 0 && p <= 1)) {
                    throw keep ? o.error("keep_prob", "keep_prob must be in (0, 1], got " + Node.numberText(p))
                            : o.error("rate", "rate must be in [0, 1), got " + Node.numberText(1 - p));
                }
                args.put("keep_prob", p);
            }
            case "batch_norm" -> batchNormOptions(o, args);
            case "leaky_relu" -> args.put("slope", o.nonNegative("slope", 0.01));
            case "elu" -> args.put("alpha", o.positive("alpha", 1.0));
            case "rescaling" -> {
                if (!args.containsKey("scale")) args.put("scale", o.number("scale", 1.0));
                args.put("offset", o.number("offset", 0.0));
            }
            case "reshape" -> {
                if (!args.containsKey("shape")) args.put("shape", o.intList("shape", null));
                if (args.get("shape") == null) throw new ConfigException(o.where(), "reshape needs a shape, e.g. - reshape: [1, 28, 28]");
            }
            case "normalization" -> args.put("axes", o.choice("axes", "per_feature", List.of("per_feature", "per_channel", "global")));
            case "activation" -> {
                if (!args.containsKey("activation")) args.put("activation", o.choice("name", null, ACTIVATIONS));
                if (args.get("activation") == null) throw new ConfigException(o.where(), "activation needs a name, e.g. - activation: relu");
            }
            default -> {}
        }
    }

    /** The options of batch_norm and batch_norm2d: convention, momentum (default by convention) and eps. */
    static void batchNormOptions(Section o, Map<String, Object> args) {
        String convention = o.choice("convention", "keras", List.of("keras", "pytorch"));
        args.put("convention", convention);
        double m = o.number("momentum", convention.equals("keras") ? 0.99 : 0.1);
        if (!(m >= 0 && m <= 1)) throw o.error("momentum", "momentum must be in [0, 1], got " + Node.numberText(m));
        args.put("momentum", m);
        args.put("eps", o.positive("eps", 1e-5));
    }

    private static Map<String, String> aliases() {
        Map<String, String> all = new LinkedHashMap<>(BASE_ALIASES);
        all.putAll(ConvLayers.ALIASES);
        return Map.copyOf(all);
    }

    private static void check(String kind, Map<String, Object> args, Location w) {
        ConvLayers.defaults(kind, args);
        if (kind.equals("activation") && "linear".equals(args.get("activation"))) {
            throw new ConfigException(w, "activation: linear is no layer; leave it out");
        }
        if (kind.equals("activation") && "leaky_relu".equals(args.get("activation"))) args.putIfAbsent("slope", 0.01);
        if (kind.equals("activation") && "elu".equals(args.get("activation"))) args.putIfAbsent("alpha", 1.0);
        if (kind.equals("leaky_relu")) args.putIfAbsent("slope", 0.01);
        if (kind.equals("elu")) args.putIfAbsent("alpha", 1.0);
        if (kind.equals("normalization")) args.putIfAbsent("axes", "per_feature");
        if ((kind.equals("batch_norm") || kind.equals("batch_norm2d")) && !args.containsKey("convention")) {
            args.put("convention", "keras");
            args.put("momentum", 0.99);
            args.put("eps", 1e-5);
        }
    }

    private static String kind(Node n) {
        String k = normalizeKind(Section.toText(n, "layer"));
        if (!KINDS.contains(k)) {
            String v = Section.toText(n, "layer");
            throw new ConfigException(n.where(), "unknown layer '" + v + "' (known: " + String.join(", ", KINDS) + ")" + Section.suggestOnly(v, KINDS));
        }
        return k;
    }

    private static String normalizeKind(String k) {
        String c = Section.canonical(k);
        return ALIASES.getOrDefault(c, c);
    }

    private static String dropoutHint() {
        return "dropout needs keep_prob (the course's probability of keeping a unit) or rate (Keras's and PyTorch's probability"
                + " of dropping it), e.g. - dropout: {keep_prob: 0.9}";
    }
}
