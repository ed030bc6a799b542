package ai.deepj.cli.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code augment:} list of a config: random changes to the training images, applied in order
 * to each image each time it is drawn (fresh every epoch, reproducible from the run's seed); the
 * dev and test images are left as they are. Images are the raw inputs {@code [c, h, w]}, before
 * any normalization of {@code data: normalize} (which is the model's first layer).
 *
 * <pre>
 * augment:
 *   - flip_horizontal            # mirror left-right with probability 0.5 (or flip_horizontal: 0.3, or {p: 0.3})
 *   - flip_vertical              # top-bottom
 *   - random_crop: {padding: 2}  # pad 2 pixels of fill (default 0) on each side, cut the image's size at a random place
 *   - rotation: 10               # a random angle in [-10, 10] degrees (or {degrees: 10, fill: 0})
 *   - affine: {degrees: 10, scale: [0.9, 1.1], translate: 0.1, shear: 5}   # translate: a fraction, or [x, y]
 *   - elastic: {alpha: 34, sigma: 4}   # Simard et al.'s elastic distortion
 * </pre>
 *
 * @param steps the transforms, in order
 * @param where where the list is
 */
public record AugmentSpec(List<Step> steps, Location where) {
    /** The transforms a config can name. */
    public static final List<String> KINDS = List.of("flip_horizontal", "flip_vertical", "random_crop", "rotation", "affine", "elastic");

    private static final Map<String, String> ALIASES = Map.of("random_flip", "flip_horizontal", "horizontal_flip", "flip_horizontal",
            "vertical_flip", "flip_vertical", "crop", "random_crop", "random_rotation", "rotation", "random_affine", "affine",
            "elastic_distortion", "elastic");

    /**
     * One transform: its kind (of {@link #KINDS}) and checked arguments: {@code p}, {@code degrees},
     * {@code fill}, {@code shear}, {@code alpha}, {@code sigma} (Double), {@code padding} (Integer),
     * {@code size} (int[2], or absent for the image's size), {@code scale}, {@code translate} (double[2]).
     */
    public record Step(String kind, Map<String, Object> args, Location where) {
        /** An argument. */
        @SuppressWarnings("unchecked")
        public <T> T arg(String name) {
            T v = (T) args.get(name);
            if (v == null) throw new IllegalStateException("augment " + kind + " has no " + name);
            return v;
        }
    }

    /** Parses the {@code augment} value: a list of transforms (an empty list: none). */
    public static AugmentSpec parse(Node n) {
        if (!(n instanceof Node.Seq seq)) {
            throw new ConfigException(n.where(), "augment must be a list of transforms (- flip_horizontal ...), got " + n.describe());
        }
        List<Step> steps = new ArrayList<>();
        for (Node item : seq.items()) steps.add(step(item));
        return new AugmentSpec(List.copyOf(steps), n.where());
    }

    private static Step step(Node item) {
        Map<String, Object> args = new LinkedHashMap<>();
        if (item instanceof Node.Scalar) {
            String kind = kind(item);
            defaults(kind, new Section(new Node.Obj(Map.of(), Map.of(), item.where()), kind), args);
            return checked(new Step(kind, Map.copyOf(args), item.where()));
        }
        Section s = Section.of(item, "an augment step");
        if (s.keys().size() != 1) {
            throw new ConfigException(item.where(), "one transform per list item, with its options inside {...}: e.g. - random_crop: {padding: 2}"
                    + (s.keys().isEmpty() ? "" : " (this one has " + String.join(", ", s.keys()) + ")"));
        }
        String key = s.keys().get(0);
        String kind = kind(new Node.Scalar(key, s.node().keyWhere(key)));
        Node value = s.get(key).orElse(null);
        s.done();
        Section opts;
        if (value instanceof Node.Obj) {
            opts = Section.of(value, kind);
        } else {
            opts = new Section(new Node.Obj(Map.of(), Map.of(), item.where()), kind);
            if (value != null) mainValue(kind, value, args);
        }
        defaults(kind, opts, args);
        opts.done();
        return checked(new Step(kind, Map.copyOf(args), item.where()));
    }

    private static Step checked(Step s) {
        if (s.kind().equals("random_crop") && (int) s.arg("padding") == 0) {
            throw new ConfigException(s.where(), "random_crop without padding cuts the image itself: nothing changes; give padding, e.g."
                    + " - random_crop: {padding: 2}");
        }
        return s;
    }

    private static void mainValue(String kind, Node v, Map<String, Object> args) {
        switch (kind) {
            case "flip_horizontal", "flip_vertical" -> args.put("p", probability(Section.toDouble(v, kind + " probability"), v.where(), kind));
            case "random_crop" -> args.put("size", ConvLayers.pair(v, "random_crop size", 1));
            case "rotation" -> args.put("degrees", degrees(Section.toDouble(v, "rotation degrees"), v.where()));
            default -> throw new ConfigException(v.where(), kind + " takes its options as " + kind + ": {...}, e.g. "
                    + (kind.equals("affine") ? "affine: {degrees: 10, scale: [0.9, 1.1], translate: 0.1}" : "elastic: {alpha: 34, sigma: 4}"));
        }
    }

    private static void defaults(String kind, Section o, Map<String, Object> args) {
        switch (kind) {
            case "flip_horizontal", "flip_vertical" -> {
                if (!args.containsKey("p")) args.put("p", probability(o.number("p", 0.5), o.whereOf("p"), kind));
            }
            case "random_crop" -> {
                if (!args.containsKey("size")) o.get("size").ifPresent(n -> args.put("size", ConvLayers.pair(n, "size", 1)));
                args.put("padding", o.nonNegativeInt("padding", 0));
                args.put("fill", o.number("fill", 0));
            }
            case "rotation" -> {
                if (!args.containsKey("degrees")) {
                    if (!o.has("degrees")) throw new ConfigException(o.where(), "rotation needs degrees, e.g. - rotation: 10");
                    args.put("degrees", degrees(o.number("degrees", 0), o.whereOf("degrees")));
                }
                args.put("fill", o.number("fill", 0));
            }
            case "affine" -> {
                args.put("degrees", degrees(o.number("degrees", 0), o.whereOf("degrees")));
                double[] scale = o.numberList("scale", new double[] {1, 1});
                if (scale.length != 2 || !(scale[0] > 0) || !(scale[1] >= scale[0])) {
                    throw o.error("scale", "scale must be [min, max] with 0 < min <= max, e.g. [0.9, 1.1]");
                }
                args.put("scale", scale);
                double[] translate = o.get("translate").map(n -> n instanceof Node.Seq ? null : new double[] {Section.toDouble(n, "translate"),
                        Section.toDouble(n, "translate")}).orElse(null);
                if (translate == null) translate = o.numberList("translate", new double[] {0, 0});
                if (translate.length != 2 || !(translate[0] >= 0 && translate[0] <= 1) || !(translate[1] >= 0 && translate[1] <= 1)) {
                    throw o.error("translate", "translate must be a fraction of the image in [0, 1], or [x, y] such fractions");
                }
                args.put("translate", translate);
                double shear = o.nonNegative("shear", 0);
                if (!(shear < 90)) throw o.error("shear", "shear must be below 90 degrees, got " + Node.numberText(shear));
                args.put("shear", shear);
                args.put("fill", o.number("fill", 0));
                if ((double) args.get("degrees") == 0 && scale[0] == 1 && scale[1] == 1 && translate[0] == 0 && translate[1] == 0 && shear == 0) {
                    throw new ConfigException(o.where(), "affine with no degrees, scale, translate or shear changes nothing; e.g. - affine:"
                            + " {degrees: 10, scale: [0.9, 1.1], translate: 0.1}");
                }
            }
            case "elastic" -> {
                if (!o.has("alpha") || !o.has("sigma")) {
                    throw new ConfigException(o.where(), "elastic needs alpha (the displacement's scale) and sigma (its smoothness in pixels),"
                            + " e.g. - elastic: {alpha: 34, sigma: 4}");
                }
                args.put("alpha", o.nonNegative("alpha", 0));
                args.put("sigma", o.positive("sigma", 1));
                args.put("fill", o.number("fill", 0));
            }
            default -> throw new IllegalStateException(kind);
        }
    }

    private static double probability(double p, Location w, String kind) {
        if (!(p >= 0 && p <= 1)) throw new ConfigException(w, kind + " probability must be in [0, 1], got " + Node.numberText(p));
        return p;
    }

    private static double degrees(double d, Location w) {
        if (!(d >= 0) || Double.isInfinite(d)) throw new ConfigException(w, "degrees must be a finite angle of 0 or more, got " + Node.numberText(d));
        return d;
    }

    private static String kind(Node n) {
        String v = Section.toText(n, "augment step");
        String c = Section.canonical(v);
        c = ALIASES.getOrDefault(c, c);
        if (!KINDS.contains(c)) {
            throw new ConfigException(n.where(), "unknown augment step '" + v + "' (known: " + String.join(", ", KINDS) + ")"
                    + Section.suggestOnly(v, KINDS));
        }
        return c;
    }
}
