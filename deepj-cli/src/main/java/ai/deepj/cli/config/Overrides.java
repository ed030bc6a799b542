package ai.deepj.cli.config;

import java.util.Arrays;
import java.util.List;

/**
 * {@code --set key=value} options: {@code key} is a dotted path into the config (mapping keys and
 * list indices: {@code optimizer.lr}, {@code model.1.dense}, {@code data.train}), {@code value} a
 * scalar or a YAML flow list or mapping. Relative paths in such values are resolved against the
 * working directory.
 *
 * {@snippet :
 * Node cfg = Overrides.apply(ConfigReader.read(file), List.of("optimizer.lr=0.01", "epochs=3"));
 * }
 */
public final class Overrides {
    private Overrides() {}

    /** {@code root} with each {@code key=value} applied in order. */
    public static Node apply(Node root, List<String> settings) {
        Node out = root;
        for (String s : settings) {
            Location where = Location.option("--set " + s);
            int eq = s.indexOf('=');
            if (eq <= 0) throw new ConfigException(where, "expected key=value, e.g. --set optimizer.lr=0.01");
            out = out.with(path(s.substring(0, eq).strip(), where), ConfigReader.value(s.substring(eq + 1), where));
        }
        return out;
    }

    /** The parts of a dotted key; each must be non-empty. */
    public static List<String> path(String key, Location where) {
        List<String> parts = Arrays.asList(key.split("\\.", -1));
        for (String p : parts) {
            if (p.isBlank()) throw new ConfigException(where, "key '" + key + "' has an empty part (expected e.g. optimizer.lr or model.1.dense)");
        }
        return parts;
    }
}
