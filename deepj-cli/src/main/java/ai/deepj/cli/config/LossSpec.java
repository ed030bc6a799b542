package ai.deepj.cli.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code loss:} value: a name, or a mapping with {@code name} and options.
 *
 * <ul>
 *   <li>{@code cross_entropy} (Keras: {@code sparse_categorical_crossentropy}): softmax cross-entropy
 *       on the model's logits, one output per class; option {@code label_smoothing}.</li>
 *   <li>{@code binary_cross_entropy} (Keras: {@code binary_crossentropy}): one output; read as a
 *       probability when the model ends with {@code sigmoid}, else as a logit (the stable form);
 *       {@code from_logits: true|false} says it explicitly.</li>
 *   <li>{@code mse}, {@code mae}, {@code huber} (option {@code delta}, default 1): regression.</li>
 * </ul>
 *
 * @param name           one of {@link #NAMES}
 * @param fromLogits     for binary cross-entropy, whether the output is a logit; empty to follow the last layer
 * @param labelSmoothing for cross-entropy
 * @param delta          for Huber
 * @param where          where it was written
 */
public record LossSpec(String name, Optional<Boolean> fromLogits, double labelSmoothing, double delta, Location where) {
    /** Loss names. */
    public static final List<String> NAMES = List.of("cross_entropy", "binary_cross_entropy", "mse", "mae", "huber");

    private static final Map<String, String> ALIASES = Map.ofEntries(Map.entry("sparse_categorical_crossentropy", "cross_entropy"),
            Map.entry("categorical_crossentropy", "cross_entropy"), Map.entry("crossentropy", "cross_entropy"),
            Map.entry("softmax_cross_entropy", "cross_entropy"), Map.entry("binary_crossentropy", "binary_cross_entropy"),
            Map.entry("bce", "binary_cross_entropy"), Map.entry("mean_squared_error", "mse"), Map.entry("mean_absolute_error", "mae"));

    /** What the targets are. */
    public enum Task {
        /** One of k ≥ 2 classes, from k logits. */
        MULTICLASS,
        /** Yes or no, from one output. */
        BINARY,
        /** Real values. */
        REGRESSION
    }

    /** The task this loss trains for. */
    public Task task() {
        return switch (name) {
            case "cross_entropy" -> Task.MULTICLASS;
            case "binary_cross_entropy" -> Task.BINARY;
            default -> Task.REGRESSION;
        };
    }

    /** Cross-entropy on logits, the default for classification data. */
    public static LossSpec crossEntropy(Location where) {
        return new LossSpec("cross_entropy", Optional.empty(), 0, 1, where);
    }

    /** Parses the value of {@code loss}. */
    public static LossSpec parse(Node n) {
        Section s;
        Node nameNode;
        if (n instanceof Node.Scalar) {
            s = new Section(new Node.Obj(Map.of(), Map.of(), n.where()), "loss");
            nameNode = n;
        } else {
            s = Section.of(n, "loss");
            nameNode = s.require("name");
        }
        String raw = Section.canonical(Section.toText(nameNode, "loss"));
        Optional<Boolean> fromLogits = Optional.empty();
        if (raw.equals("binary_cross_entropy_with_logits") || raw.equals("bce_with_logits")) {
            raw = "binary_cross_entropy";
            fromLogits = Optional.of(true);
        }
        String name = ALIASES.getOrDefault(raw, raw);
        if (!NAMES.contains(name)) name = Section.choose(nameNode, "loss", NAMES);
        double smoothing = 0, delta = 1;
        if (name.equals("cross_entropy")) {
            smoothing = s.number("label_smoothing", 0);
            if (!(smoothing >= 0 && smoothing < 1)) throw s.error("label_smoothing", "label_smoothing must be in [0, 1), got " + Node.numberText(smoothing));
        }
        if (name.equals("binary_cross_entropy") && s.has("from_logits")) fromLogits = Optional.of(s.bool("from_logits", true));
        if (name.equals("huber")) delta = s.positive("delta", 1);
        s.done();
        return new LossSpec(name, fromLogits, smoothing, delta, n.where());
    }
}
