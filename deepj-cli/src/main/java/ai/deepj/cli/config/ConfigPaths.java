package ai.deepj.cli.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the file paths of a config absolute, so that the copy a run saves ({@code config.json})
 * reads the same files from any working directory: paths are resolved where they were written (a
 * config file's folder, or the working directory for {@code --set} values).
 */
public final class ConfigPaths {
    private ConfigPaths() {}

    private static final List<String> PATH_KEYS = List.of("csv", "npz", "npy", "idx", "images", "labels", "dir");

    /** {@code root} with the paths under {@code data} (and a saved {@code model}) absolute. */
    public static Node absolute(Node root) {
        if (!(root instanceof Node.Obj o)) return root;
        Map<String, Node> entries = new LinkedHashMap<>(o.entries());
        Node data = entries.get("data");
        if (data instanceof Node.Obj d) entries.put("data", dataPaths(d, true));
        Node model = entries.get("model");
        if (model instanceof Node.Scalar s && s.value() instanceof String) entries.put("model", absolute(s));
        return new Node.Obj(entries, o.keys(), o.where());
    }

    private static Node.Obj dataPaths(Node.Obj d, boolean top) {
        Map<String, Node> entries = new LinkedHashMap<>(d.entries());
        for (var e : d.entries().entrySet()) {
            Node v = e.getValue();
            if (PATH_KEYS.contains(e.getKey()) && v instanceof Node.Scalar s && s.value() instanceof String) {
                entries.put(e.getKey(), absolute(s));
            } else if (top && List.of("dev", "test", "train_dev").contains(e.getKey())) {
                if (v instanceof Node.Scalar s && s.value() instanceof String) entries.put(e.getKey(), absolute(s));
                if (v instanceof Node.Obj sub) entries.put(e.getKey(), dataPaths(sub, false));
            }
        }
        return new Node.Obj(entries, d.keys(), d.where());
    }

    private static Node absolute(Node.Scalar s) {
        return new Node.Scalar(s.where().resolve((String) s.value()).toAbsolutePath().toString(), s.where());
    }
}
