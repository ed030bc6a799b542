package ai.deepj.cli.config;

import ai.deepj.search.Domain;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code search:} section of a config, read by {@code deepj search}: which config values to
 * vary, on which scale, how many trials, and what to optimize.
 *
 * <pre>
 * search:
 *   method: random                  # random, grid or coarse_to_fine
 *   trials: 12                      # random: trials; coarse_to_fine: trials per round
 *   rounds: 2                       # coarse_to_fine
 *   points: 3                       # grid: values per parameter
 *   parallel: 2                     # trials at a time
 *   metric: dev_accuracy            # dev_accuracy, dev_error, dev_loss (or train_...); *_accuracy is maximized, the others minimized
 *   epochs: 3                       # shorter trials (default: the config's epochs)
 *   seed: 1                         # which trials are drawn
 *   space:                          # config paths (as for --set, or nested mappings) and their domains
 *     optimizer.lr: log_uniform(1e-4, 1e-1)       # 10^r, r uniform: as many samples per decade
 *     optimizer.beta1: one_minus_log(0.8, 0.999)  # 1 − 10^r: dense near 1 (the course's β scale)
 *     model.1.dense: choice(64, 128, 256)         # or a list [64, 128, 256]
 *     l2: uniform(0, 0.01)
 *     batch_size: integer(32, 256)
 * </pre>
 *
 * @param method   random, grid or coarse_to_fine
 * @param trials   trials (per round)
 * @param rounds   rounds of coarse-to-fine
 * @param points   grid points per parameter
 * @param parallel trials at a time
 * @param metric   the final value to optimize
 * @param maximize whether larger is better
 * @param epochs   epochs per trial, or 0 for the config's
 * @param seed     the search's seed
 * @param space    config path → domain, in order
 * @param where    where the section is
 */
public record SearchSpec(String method, int trials, int rounds, int points, int parallel, String metric, boolean maximize, int epochs, long seed,
        Map<String, Domain> space, Location where) {

    /** Search methods. */
    public static final List<String> METHODS = List.of("random", "grid", "coarse_to_fine");

    /** Domain functions. */
    public static final List<String> DOMAINS = List.of("log_uniform", "uniform", "integer", "choice", "one_minus_log");

    private static final Pattern CALL = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\((.*)\\)\\s*");

    /** Parses the {@code search} section of a config. */
    public static SearchSpec parse(Node n, long defaultSeed) {
        Section s = Section.of(n, "search");
        String method = s.choice("method", "random", METHODS);
        int trials = s.positiveInt("trials", 10);
        int rounds = s.positiveInt("rounds", method.equals("coarse_to_fine") ? 2 : 1);
        int points = s.positiveInt("points", 3);
        int parallel = s.positiveInt("parallel", Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        String metric = s.string("metric", "dev_accuracy");
        if (!metric.matches("(train|dev|test)_(accuracy|error|loss)")) {
            throw s.error("metric", "metric must be dev_accuracy, dev_error or dev_loss (or train_... ), got '" + metric + "'");
        }
        if (metric.startsWith("test_")) throw s.error("metric", "choosing hyperparameters on the test set leaks it into the model: use dev_"
                + metric.substring(5));
        boolean maximize = metric.endsWith("accuracy");
        int epochs = s.nonNegativeInt("epochs", 0);
        long seed = s.longValue("seed", defaultSeed);
        Section sp = Section.of(s.require("space"), "search space");
        Map<String, Domain> space = new LinkedHashMap<>();
        collect(sp.node(), "", space);
        if (space.isEmpty()) throw new ConfigException(sp.where(), "search space is empty: give config paths and domains, e.g."
                + " optimizer.lr: log_uniform(1e-4, 1e-1)");
        s.done();
        return new SearchSpec(method, trials, rounds, points, parallel, metric, maximize, epochs, seed, space, n.where());
    }

    /** The domains of a space mapping; nested mappings ({@code optimizer: {lr: ...}}) add their keys to the path. */
    private static void collect(Node.Obj obj, String prefix, Map<String, Domain> space) {
        for (var e : obj.entries().entrySet()) {
            String key = prefix + e.getKey();
            Node v = e.getValue();
            Overrides.path(key, v.where());
            if (v instanceof Node.Obj sub) {
                collect(sub, key + ".", space);
                continue;
            }
            if (key.equals("seed") || key.startsWith("search") || key.startsWith("data") && !key.equals("data.normalize")) {
                throw new ConfigException(v.where(), "search space: " + key + " cannot be searched (the trials must share the data and"
                        + " the search settings)");
            }
            space.put(key, domain(v, key));
        }
    }

    /** A domain: {@code name(args)} text, or a list (a choice). */
    static Domain domain(Node v, String key) {
        if (v instanceof Node.Seq seq) {
            if (seq.items().isEmpty()) throw new ConfigException(v.where(), key + ": an empty list has nothing to choose from");
            return Domain.choice(seq.items().stream().map(i -> choiceValue(i, key)).toArray());
        }
        String text = Section.toText(v, key);
        Matcher m = CALL.matcher(text);
        if (!m.matches()) {
            throw new ConfigException(v.where(), key + ": expected a domain such as log_uniform(1e-4, 1e-1), uniform(0, 1), integer(1, 5),"
                    + " choice(a, b) or one_minus_log(0.9, 0.999), got '" + text + "'");
        }
        String fn = Section.canonical(m.group(1));
        List<String> args = new ArrayList<>();
        for (String a : m.group(2).split(",")) if (!a.isBlank()) args.add(a.strip());
        String fnName = fn.equals("beta") ? "one_minus_log" : fn.equals("int") ? "integer" : fn.equals("loguniform") ? "log_uniform" : fn;
        if (!DOMAINS.contains(fnName)) {
            throw new ConfigException(v.where(), key + ": unknown domain '" + m.group(1) + "' (known: " + String.join(", ", DOMAINS) + ")"
                    + Section.suggestOnly(m.group(1), DOMAINS));
        }
        try {
            return switch (fnName) {
                case "choice" -> {
                    if (args.isEmpty()) throw new ConfigException(v.where(), key + ": choice() needs at least one value");
                    yield Domain.choice(args.stream().map(a -> {
                        Object o = ConfigReader.plainScalar(a.replaceAll("^['\"]|['\"]$", ""));
                        if (o == null) throw new ConfigException(v.where(), key + ": choice() has an empty value");
                        return o;
                    }).toArray());
                }
                case "integer" -> {
                    double[] ab = two(args, v, key, fnName);
                    if (ab[0] != Math.rint(ab[0]) || ab[1] != Math.rint(ab[1])) throw new ConfigException(v.where(), key + ": integer() needs whole numbers");
                    yield Domain.integer((int) ab[0], (int) ab[1]);
                }
                case "uniform" -> {
                    double[] ab = two(args, v, key, fnName);
                    yield Domain.uniform(ab[0], ab[1]);
                }
                case "log_uniform" -> {
                    double[] ab = two(args, v, key, fnName);
                    yield Domain.logUniform(ab[0], ab[1]);
                }
                default -> {
                    double[] ab = two(args, v, key, fnName);
                    yield Domain.betaScale(ab[0], ab[1]);
                }
            };
        } catch (IllegalArgumentException e) {
            throw new ConfigException(v.where(), key + ": " + e.getMessage());
        }
    }

    private static Object choiceValue(Node n, String key) {
        if (n instanceof Node.Scalar s && s.value() != null) return s.value();
        throw new ConfigException(n.where(), key + ": choices must be numbers, text or true/false, got " + n.describe());
    }

    private static double[] two(List<String> args, Node v, String key, String fn) {
        if (args.size() != 2) throw new ConfigException(v.where(), key + ": " + fn + "() needs two numbers, low and high, got " + args.size());
        double[] out = new double[2];
        for (int i = 0; i < 2; i++) {
            Object o = ConfigReader.plainScalar(args.get(i));
            if (!(o instanceof Number num)) throw new ConfigException(v.where(), key + ": " + fn + "(): '" + args.get(i) + "' is not a number");
            out[i] = num.doubleValue();
        }
        return out;
    }
}
