package ai.deepj.cli.config;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a config file, JSON or YAML, into a {@link Node} tree whose every value knows its line.
 * {@code .json} files are read as JSON (with Gson, strictly), {@code .yaml} and {@code .yml} as
 * YAML (with SnakeYAML); another extension is read as JSON if its first character is <code>{</code>,
 * else as YAML.
 *
 * <p>YAML scalars are typed as in YAML 1.2's core schema, the same for every parser: unquoted
 * {@code true}/{@code false} are booleans, unquoted numbers ({@code 3}, {@code -0.5}, {@code 1e-3},
 * {@code .inf}) are numbers, unquoted {@code null}, {@code ~} or nothing is empty, everything else
 * (and anything quoted) is text. So {@code lr: 1e-3} is a number (YAML 1.1 readers make it text) and
 * {@code country: no} is text (YAML 1.1 makes it false). A key given twice is an error.
 */
public final class ConfigReader {
    private ConfigReader() {}

    private static final Pattern INT = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");
    private static final Pattern JSON_LINE = Pattern.compile(" at line (\\d+) column (\\d+)");

    /** Reads {@code file}. */
    public static Node read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            if (Files.isDirectory(file)) throw new ConfigException(null, "config " + file + " is a directory, not a config file");
            throw new NoSuchFileException(file.toString(), null, "no such config file");
        }
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(Location.inFile(file, 0), "not UTF-8 text");
        }
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        return parse(text, file);
    }

    /** Parses {@code text} as the contents of {@code file} (whose name decides JSON or YAML). */
    public static Node parse(String text, Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean json = name.endsWith(".json") || !(name.endsWith(".yaml") || name.endsWith(".yml")) && text.stripLeading().startsWith("{");
        Node root = json ? parseJson(text, file) : parseYaml(text, file);
        if (root == null || root instanceof Node.Scalar s && s.value() == null) {
            throw new ConfigException(Location.inFile(file, 0), "the file is empty");
        }
        if (!(root instanceof Node.Obj)) {
            throw new ConfigException(root.where(), "a config must be a mapping of keys (data, model, optimizer, ...), got " + root.describe());
        }
        return root;
    }

    /** Types an unquoted YAML scalar (or a {@code --set} value) as described in the class comment. */
    public static Object plainScalar(String s) {
        String t = s.strip();
        if (t.isEmpty() || t.equals("~") || t.equalsIgnoreCase("null")) return null;
        if (t.equalsIgnoreCase("true")) return Boolean.TRUE;
        if (t.equalsIgnoreCase("false")) return Boolean.FALSE;
        if (INT.matcher(t).matches()) {
            try {
                return Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
            } catch (NumberFormatException e) {
                return Double.parseDouble(t);
            }
        }
        if (FLOAT.matcher(t).matches()) return Double.parseDouble(t);
        switch (t.toLowerCase(Locale.ROOT)) {
            case ".inf", "+.inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-.inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case ".nan" -> {
                return Double.NaN;
            }
            default -> {
                return t;
            }
        }
    }

    // ------------------------------------------------------------------ YAML

    private static Node parseYaml(String text, Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);   // checked below, with both lines in the message
        options.setMaxAliasesForCollections(50);
        org.yaml.snakeyaml.nodes.Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new ConfigException(Location.inFile(file, line), "not valid YAML: " + problem.strip());
        } catch (YAMLException e) {
            throw new ConfigException(Location.inFile(file, 0), "not valid YAML: " + e.getMessage());
        }
        return root == null ? null : convert(root, line -> Location.inFile(file, line), 0);
    }

    /**
     * A single value written on the command line ({@code --set key=VALUE}): a scalar typed as in a
     * YAML file, or a YAML flow list or mapping ({@code [64, 32]}, <code>{keep_prob: 0.9}</code>).
     */
    public static Node value(String text, Location where) {
        String t = text.strip();
        if (!(t.startsWith("[") || t.startsWith("{") || t.startsWith("\"") || t.startsWith("'"))) {
            return new Node.Scalar(plainScalar(t), where);
        }
        org.yaml.snakeyaml.nodes.Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(t));
        } catch (YAMLException e) {
            String problem = e instanceof MarkedYAMLException m && m.getProblem() != null ? m.getProblem() : e.getMessage();
            throw new ConfigException(where, "not a valid value: " + problem.strip());
        }
        return root == null ? new Node.Scalar(null, where) : convert(root, line -> where, 0);
    }

    private static Node convert(org.yaml.snakeyaml.nodes.Node n, java.util.function.IntFunction<Location> at, int depth) {
        Location where = at.apply(n.getStartMark().getLine() + 1);
        if (depth > 64) throw new ConfigException(where, "nested too deeply (recursive anchors?)");
        return switch (n) {
            case ScalarNode s -> new Node.Scalar(s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN ? plainScalar(s.getValue())
                    : s.getValue(), where);
            case SequenceNode s -> {
                List<Node> items = new ArrayList<>();
                for (org.yaml.snakeyaml.nodes.Node item : s.getValue()) items.add(convert(item, at, depth + 1));
                yield new Node.Seq(items, where);
            }
            case MappingNode m -> {
                Map<String, Node> entries = new LinkedHashMap<>();
                Map<String, Location> keys = new LinkedHashMap<>();
                for (NodeTuple t : m.getValue()) {
                    Location keyWhere = at.apply(t.getKeyNode().getStartMark().getLine() + 1);
                    if (!(t.getKeyNode() instanceof ScalarNode k)) throw new ConfigException(keyWhere, "a key must be a name, not a list or mapping");
                    String key = k.getValue();
                    if (key.equals("<<")) throw new ConfigException(keyWhere, "YAML merge keys (<<) are not supported; write the keys out");
                    if (entries.containsKey(key)) {
                        throw new ConfigException(keyWhere, "key '" + key + "' is given twice (also at line " + keys.get(key).line() + ")");
                    }
                    keys.put(key, keyWhere);
                    entries.put(key, convert(t.getValueNode(), at, depth + 1));
                }
                yield new Node.Obj(entries, keys, where);
            }
            default -> throw new ConfigException(where, "unsupported YAML node " + n.getNodeId());
        };
    }

    // ------------------------------------------------------------------ JSON

    private static Node parseJson(String text, Path file) {
        JsonReader r = new JsonReader(new StringReader(text));
        r.setStrictness(Strictness.STRICT);
        try {
            Node root = json(r, file);
            if (r.peek() != JsonToken.END_DOCUMENT) throw new ConfigException(here(r, file), "not valid JSON: more after the end of the top-level value");
            return root;
        } catch (MalformedJsonException | IllegalStateException e) {
            throw new ConfigException(here(r, file), "not valid JSON: " + stripLocation(e.getMessage()));
        } catch (java.io.EOFException e) {
            throw new ConfigException(here(r, file), "not valid JSON: the file ends too early");
        } catch (IOException e) {
            throw new ConfigException(here(r, file), "not valid JSON: " + stripLocation(e.getMessage()));
        }
    }

    private static Node json(JsonReader r, Path file) throws IOException {
        JsonToken token = r.peek();
        Location where = here(r, file);
        switch (token) {
            case BEGIN_OBJECT -> {
                r.beginObject();
                Map<String, Node> entries = new LinkedHashMap<>();
                Map<String, Location> keys = new LinkedHashMap<>();
                while (r.hasNext()) {
                    Location keyWhere = here(r, file);
                    String key = r.nextName();
                    if (entries.containsKey(key)) {
                        throw new ConfigException(keyWhere, "key '" + key + "' is given twice (also at line " + keys.get(key).line() + ")");
                    }
                    keys.put(key, keyWhere);
                    entries.put(key, json(r, file));
                }
                r.endObject();
                return new Node.Obj(entries, keys, where);
            }
            case BEGIN_ARRAY -> {
                r.beginArray();
                List<Node> items = new ArrayList<>();
                while (r.hasNext()) items.add(json(r, file));
                r.endArray();
                return new Node.Seq(items, where);
            }
            case STRING -> {
                return new Node.Scalar(r.nextString(), where);
            }
            case NUMBER -> {
                String s = r.nextString();
                return new Node.Scalar(INT.matcher(s).matches() ? plainScalar(s) : Double.parseDouble(s), where);
            }
            case BOOLEAN -> {
                return new Node.Scalar(r.nextBoolean(), where);
            }
            case NULL -> {
                r.nextNull();
                return new Node.Scalar(null, where);
            }
            default -> throw new ConfigException(where, "not valid JSON: unexpected " + token);
        }
    }

    /** The reader's line: Gson keeps it private but puts it in {@code toString()} ("JsonReader at line 3 column 5 path $.a"). */
    private static Location here(JsonReader r, Path file) {
        Matcher m = JSON_LINE.matcher(r.toString());
        return Location.inFile(file, m.find() ? Integer.parseInt(m.group(1)) : 0);
    }

    private static String stripLocation(String message) {
        if (message == null) return "malformed";
        String s = message;
        int at = s.indexOf(" at line ");
        if (at >= 0) s = s.substring(0, at);
        int see = s.indexOf("\nSee ");
        if (see >= 0) s = s.substring(0, see);
        return s.strip();
    }
}
