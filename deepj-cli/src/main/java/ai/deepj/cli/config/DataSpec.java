package ai.deepj.cli.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code data:} section of a config: where the examples come from, how they are split into
 * train / dev / test, and how inputs are normalized.
 *
 * <pre>
 * data:
 *   name: shapes          # a named set: shapes, moons, flower (generated), mnist, catvnoncat (the course's files)
 *   train: 30000          # training examples (generated sets: how many to make; others: the first N)
 *   dev: 5000             # dev set: a count or fraction held out of the training data, a file, or 0
 *   test: 5000            # test set: likewise (mnist and catvnoncat have their own test files)
 *   seed: 1               # data seed (generation and splits); default: the top-level seed
 *   normalize: true       # standardize inputs with training statistics (true = per_feature, per_channel, global, false)
 * </pre>
 * Files instead of a name: {@code csv: train.csv} (with {@code label}, {@code categorical},
 * {@code ignore}, {@code header}, {@code delimiter}), {@code npz: data.npz} (with {@code x} and
 * {@code y}, the array names, default {@code x} and {@code y}), {@code npy: x.npy} with
 * {@code labels: y.npy}, {@code idx: images-idx3-ubyte} with {@code labels: labels-idx1-ubyte},
 * {@code images: folder} (one subfolder per class, with {@code size: [h, w]} and
 * {@code color: rgb|gray}). A dev or test file is given the same way, as a mapping
 * (<code>test: {csv: test.csv}</code>) or just its path ({@code test: test.csv}; the format follows
 * from the extension). Relative paths are relative to the config file.
 *
 * @param source     the training data (and, for named sets, their own test set)
 * @param train      training examples to use or generate; empty for all
 * @param dev        the dev set
 * @param test       the test set
 * @param trainDev   a train-dev set (held out of the training data, to measure data mismatch), or none
 * @param normalize  input normalization
 * @param seed       data seed, or empty for the top-level seed
 * @param classes    class names to report instead of the data's own, or empty
 * @param where      where the section is
 * @param normalizeWhere where {@code normalize} is (the section's place when absent)
 */
public record DataSpec(Source source, Optional<Integer> train, Part dev, Part test, Part trainDev, Normalize normalize,
        Optional<Long> seed, List<String> classes, Location where, Location normalizeWhere) {

    /** The named data sets. */
    public static final List<String> NAMES = List.of("shapes", "moons", "flower", "mnist", "catvnoncat");

    /** Input normalization, as a {@code Normalization} layer adapted on the training inputs and saved with the model. */
    public enum Normalize {
        /** None. */
        NONE,
        /** A mean and variance per input feature (per pixel of images). */
        PER_FEATURE,
        /** A mean and variance per channel of {@code [c, h, w]} images. */
        PER_CHANNEL,
        /** One mean and variance for all inputs. */
        GLOBAL
    }

    /** Where examples come from. */
    public sealed interface Source {
        /** Where it was written. */
        Location where();

        /** A short description for messages and run records. */
        String describe();
    }

    /** A named set; {@code dir} overrides where its files are, {@code noise} the generators' noise. */
    public record Named(String name, Optional<Path> dir, Optional<Double> noise, Location where) implements Source {
        @Override
        public String describe() {
            return name;
        }

        /** Whether the examples are generated (shapes, moons, flower). */
        public boolean generated() {
            return name.equals("shapes") || name.equals("moons") || name.equals("flower");
        }
    }

    /** A CSV file; {@code label} is a column name or a 0-based index, empty for the last column. */
    public record CsvFile(Path file, Optional<String> label, List<String> categorical, List<String> ignore, boolean header,
            char delimiter, Location where) implements Source {
        @Override
        public String describe() {
            return "csv " + file;
        }
    }

    /** Arrays {@code x} and {@code y} of an {@code .npz} archive. */
    public record NpzFile(Path file, String x, String y, Location where) implements Source {
        @Override
        public String describe() {
            return "npz " + file;
        }
    }

    /** An {@code .npy} file of inputs and one of labels. */
    public record NpyFiles(Path x, Optional<Path> labels, Location where) implements Source {
        @Override
        public String describe() {
            return "npy " + x;
        }
    }

    /** An IDX file of images (or any inputs) and one of labels. */
    public record IdxFiles(Path images, Optional<Path> labels, Location where) implements Source {
        @Override
        public String describe() {
            return "idx " + images;
        }
    }

    /** A folder of images, one subfolder per class; {@code height, width} 0 for the files' own size. */
    public record ImageDir(Path dir, int height, int width, boolean gray, Location where) implements Source {
        @Override
        public String describe() {
            return "images " + dir;
        }
    }

    /** How a dev, test or train-dev set is made. */
    public sealed interface Part {
        /** Where it was written (or the data section, for a default). */
        Location where();
    }

    /** No such set. */
    public record NoPart(Location where) implements Part {}

    /** The data set's own (official) test files. */
    public record Official(Location where) implements Part {}

    /** A fraction of the training data, held out. */
    public record Fraction(double value, Location where) implements Part {}

    /** A number of examples: held out of the training data, or generated after it. */
    public record Count(int value, Location where) implements Part {}

    /** A separate file. */
    public record FromFile(Source source, Location where) implements Part {}

    /** Parses the {@code data} section. */
    public static DataSpec parse(Section s) {
        Source source = source(s, true);
        Optional<Integer> train = s.get("train").map(n -> {
            int v = Section.toInt(n, "train");
            if (v < 1) throw new ConfigException(n.where(), "train must be at least 1 example, got " + v);
            return v;
        });
        boolean generated = source instanceof Named n && n.generated();
        boolean official = source instanceof Named n && (n.name().equals("mnist") || n.name().equals("catvnoncat"));
        Part dev = part(s, "dev", defaultDev(source), generated);
        Part test = part(s, "test", official ? new Official(s.where()) : defaultTest(source), generated);
        if (official && !(test instanceof Official || test instanceof NoPart || test instanceof FromFile)) {
            throw s.error("test", ((Named) source).name() + " has its own test set: leave test out, or set it to false or a file");
        }
        if (!official && test instanceof Official) throw s.error("test", "only mnist and catvnoncat have their own test set");
        Part trainDev = part(s, "train_dev", new NoPart(s.where()), generated);
        if (trainDev instanceof FromFile) throw s.error("train_dev", "train_dev is held out of the training data: give a count or a fraction");
        Location normalizeWhere = s.whereOf("normalize");
        Normalize normalize = normalize(s);
        Optional<Long> seed = s.get("seed").map(n -> Section.toLong(n, "data seed"));
        List<String> classes = List.of();
        if (s.has("classes")) {
            Node n = s.require("classes");
            if (!(n instanceof Node.Seq seq)) throw new ConfigException(n.where(), "classes must be a list of names, got " + n.describe());
            classes = seq.items().stream().map(i -> Section.toText(i, "class name")).toList();
        }
        s.done();
        return new DataSpec(source, train, dev, test, trainDev, normalize, seed, classes, s.where(), normalizeWhere);
    }

    private static Part defaultDev(Source source) {
        if (source instanceof Named n) {
            return switch (n.name()) {
                case "shapes" -> new Count(5000, n.where());
                case "moons", "flower" -> new Count(n.name().equals("flower") ? 40 : 100, n.where());
                case "mnist" -> new Count(5000, n.where());
                default -> new NoPart(n.where());
            };
        }
        return new NoPart(source.where());
    }

    private static Part defaultTest(Source source) {
        if (source instanceof Named n) {
            return switch (n.name()) {
                case "shapes" -> new Count(5000, n.where());
                case "moons", "flower" -> new Count(n.name().equals("flower") ? 40 : 100, n.where());
                default -> new NoPart(n.where());
            };
        }
        return new NoPart(source.where());
    }

    private static Normalize normalize(Section s) {
        Optional<Node> n = s.get("normalize");
        if (n.isEmpty()) return Normalize.NONE;
        if (n.get() instanceof Node.Scalar sc && sc.value() instanceof Boolean b) return b ? Normalize.PER_FEATURE : Normalize.NONE;
        String v = Section.choose(n.get(), "normalization", List.of("per_feature", "per_channel", "global", "none"));
        return Normalize.valueOf(v.toUpperCase(Locale.ROOT));
    }

    private static Part part(Section s, String key, Part def, boolean generated) {
        Optional<Node> opt = s.get(key);
        if (opt.isEmpty()) return def;
        Node n = opt.get();
        Location w = n.where();
        if (n instanceof Node.Scalar sc) {
            switch (sc.value()) {
                case Boolean b -> {
                    if (b) throw new ConfigException(w, key + ": true is not a size; give a count, a fraction or a file (false: none)");
                    return new NoPart(w);
                }
                case Long l -> {
                    if (l == 0) return new NoPart(w);
                    if (l < 0 || l > Integer.MAX_VALUE) throw new ConfigException(w, key + " must be a count of examples >= 0, got " + l);
                    return new Count((int) (long) l, w);
                }
                case Double d -> {
                    if (d == 0) return new NoPart(w);
                    if (d > 0 && d < 1) {
                        if (generated) {
                            throw new ConfigException(w, key + ": generated data is sized in examples (e.g. " + key + ": 5000), not as a fraction");
                        }
                        return new Fraction(d, w);
                    }
                    if (d >= 1 && d == Math.rint(d)) return new Count((int) (double) d, w);
                    throw new ConfigException(w, key + " must be a fraction between 0 and 1, a count of examples, or a file, got "
                            + Node.numberText(d));
                }
                case String str -> {
                    if (generated) throw new ConfigException(w, key + ": generated data has no files; give a count of examples");
                    return new FromFile(fileByExtension(str, w, key), w);
                }
                case null -> {
                    return def;
                }
                default -> throw new ConfigException(w, key + ": unexpected " + n.describe());
            }
        }
        if (generated) throw new ConfigException(w, key + ": generated data has no files; give a count of examples");
        Section sub = Section.of(n, key);
        Source src = source(sub, false);
        sub.done();
        return new FromFile(src, w);
    }

    /** The training source of the data section, or of a dev/test mapping ({@code top} false: no named sets). */
    private static Source source(Section s, boolean top) {
        List<String> kinds = List.of("name", "csv", "npz", "npy", "idx", "images");
        List<String> given = kinds.stream().filter(s::has).toList();
        if (given.size() != 1) {
            String what = top ? "data" : "a dev or test set";
            if (given.isEmpty()) {
                throw new ConfigException(s.where(), what + " needs one of " + (top ? "name (" + String.join(", ", NAMES) + "), " : "")
                        + "csv, npz, npy, idx, images");
            }
            throw s.error(given.get(1), what + " gives both " + given.get(0) + " and " + given.get(1) + "; give one source");
        }
        String kind = given.get(0);
        Node n = s.require(kind);
        Location w = n.where();
        return switch (kind) {
            case "name" -> {
                if (!top) throw new ConfigException(w, "a dev or test set is a file; named sets bring their own splits");
                String name = Section.choose(n, "data set", NAMES);
                Optional<Path> dir = s.get("dir").map(d -> d.where().resolve(Section.toText(d, "dir")));
                Optional<Double> noise = Optional.empty();
                if (name.equals("moons")) noise = Optional.of(s.nonNegative("noise", 0.2));
                if (dir.isPresent() && !(name.equals("mnist") || name.equals("catvnoncat"))) {
                    throw s.error("dir", name + " is generated; dir is only for mnist and catvnoncat");
                }
                yield new Named(name, dir, noise, w);
            }
            case "csv" -> {
                Path file = path(n, "csv");
                Optional<String> label = s.get("label").map(l -> Section.toText(l, "label"));
                List<String> categorical = names(s, "categorical");
                List<String> ignore = names(s, "ignore");
                boolean header = s.bool("header", true);
                String delim = s.string("delimiter", ",");
                if (delim.equals("\\t") || delim.equals("tab")) delim = "\t";
                if (delim.length() != 1) throw s.error("delimiter", "delimiter must be one character, got '" + delim + "'");
                yield new CsvFile(file, label, categorical, ignore, header, delim.charAt(0), w);
            }
            case "npz" -> new NpzFile(path(n, "npz"), s.string("x", "x"), s.string("y", "y"), w);
            case "npy" -> new NpyFiles(path(n, "npy"), s.get("labels").map(l -> path(l, "labels")), w);
            case "idx" -> new IdxFiles(path(n, "idx"), s.get("labels").map(l -> path(l, "labels")), w);
            case "images" -> {
                int[] size = s.intList("size", new int[] {0, 0});
                if (size.length != 2 || size[0] < 0 || size[1] < 0 || (size[0] == 0) != (size[1] == 0)) {
                    throw s.error("size", "size must be [height, width] in pixels");
                }
                String color = s.choice("color", "rgb", List.of("rgb", "gray"));
                yield new ImageDir(path(n, "images"), size[0], size[1], color.equals("gray"), w);
            }
            default -> throw new IllegalStateException(kind);
        };
    }

    private static Source fileByExtension(String file, Location w, String key) {
        Path p = w.resolve(file);
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt")) {
            return new CsvFile(p, Optional.empty(), List.of(), List.of(), true, name.endsWith(".tsv") ? '\t' : ',', w);
        }
        if (name.endsWith(".npz")) return new NpzFile(p, "x", "y", w);
        if (!name.contains(".")) return new ImageDir(p, 0, 0, false, w);
        throw new ConfigException(w, key + ": cannot tell the format of '" + file + "' from its name; write it as a mapping, e.g. "
                + key + ": {csv: " + file + "}");
    }

    private static Path path(Node n, String what) {
        return n.where().resolve(Section.toText(n, what));
    }

    private static List<String> names(Section s, String key) {
        Optional<Node> n = s.get(key);
        if (n.isEmpty()) return List.of();
        if (n.get() instanceof Node.Seq seq) return seq.items().stream().map(i -> Section.toText(i, key)).toList();
        return List.of(Section.toText(n.get(), key));
    }
}
