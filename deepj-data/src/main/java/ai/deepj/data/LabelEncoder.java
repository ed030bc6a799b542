package ai.deepj.data;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import ai.deepj.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * String class names to int32 codes {@code 0 .. numClasses − 1} and back (scikit-learn's
 * {@code LabelEncoder}). Fitted on the training labels, saved beside the model as JSON, and used
 * to encode the dev and test labels and to name predictions.
 *
 * {@snippet :
 * LabelEncoder enc = LabelEncoder.fit(List.of("dog", "cat", "dog", "bird"));   // bird 0, cat 1, dog 2
 * Tensor y = enc.encode(List.of("cat", "dog"));                                  // int32 [1, 2]
 * List<String> names = enc.decode(OneHot.decode(model.forward(x)));             // predicted names
 * enc.save(dir.resolve("labels.json"));
 * LabelEncoder again = LabelEncoder.load(dir.resolve("labels.json"));
 * }
 *
 * <p>Codes follow {@link Order#SORTED} (the default, as scikit-learn) or {@link Order#FIRST_SEEN},
 * or a list given to {@link #of}. Sorting compares Unicode code points, which is Python's string
 * order, so a Python {@code sorted(set(labels))} gives the same codes. An unknown label or code is
 * an {@link IllegalArgumentException} naming it.
 *
 * <p>The JSON is {@code {"format": "deepj-label-encoder", "version": 1, "classes": ["bird", "cat", "dog"]}};
 * another format or version is refused. Instances are immutable and thread-safe.
 */
public final class LabelEncoder {
    /** The order codes are given in. */
    public enum Order {
        /** Sorted by Unicode code point (Python's and scikit-learn's order). */
        SORTED,
        /** In the order the labels first appear. */
        FIRST_SEEN
    }

    /** The {@code format} field of the JSON. */
    public static final String FORMAT = "deepj-label-encoder";
    /** The JSON version this class writes and the only one it reads. */
    public static final int VERSION = 1;

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    private static final int LISTED = 20;

    private final List<String> classes;
    private final Map<String, Integer> codes;

    private LabelEncoder(List<String> classes, String op) {
        if (classes.isEmpty()) throw new IllegalArgumentException(op + ": needs at least one class");
        Map<String, Integer> c = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            String s = classes.get(i);
            if (s == null) throw new IllegalArgumentException(op + ": class at position " + i + " is null");
            if (c.putIfAbsent(s, i) != null) {
                throw new IllegalArgumentException(op + ": class '" + s + "' appears twice (positions " + c.get(s) + " and " + i + ")");
            }
        }
        this.classes = List.copyOf(classes);
        this.codes = c;
    }

    /** The distinct labels, sorted ({@link Order#SORTED}). */
    public static LabelEncoder fit(Iterable<String> labels) {
        return fit(labels, Order.SORTED);
    }

    /**
     * The distinct labels in the given order.
     *
     * @throws IllegalArgumentException if there are no labels or one is null
     */
    public static LabelEncoder fit(Iterable<String> labels, Order order) {
        if (labels == null) throw new IllegalArgumentException("LabelEncoder.fit: labels must not be null");
        if (order == null) throw new IllegalArgumentException("LabelEncoder.fit: order must not be null");
        Set<String> distinct = order == Order.SORTED ? new TreeSet<>(LabelEncoder::compareCodePoints) : new LinkedHashSet<>();
        int i = 0;
        for (String s : labels) {
            if (s == null) throw new IllegalArgumentException("LabelEncoder.fit: label at position " + i + " is null");
            distinct.add(s);
            i++;
        }
        return new LabelEncoder(new ArrayList<>(distinct), "LabelEncoder.fit");
    }

    /**
     * Exactly these classes, class {@code i} getting code {@code i} (e.g. the order a data set's
     * documentation gives).
     *
     * @throws IllegalArgumentException if the list is empty, holds null or a duplicate
     */
    public static LabelEncoder of(List<String> classes) {
        if (classes == null) throw new IllegalArgumentException("LabelEncoder.of: classes must not be null");
        return new LabelEncoder(new ArrayList<>(classes), "LabelEncoder.of");
    }

    /** The classes, class {@code i} at index {@code i} (unmodifiable). */
    public List<String> classes() {
        return classes;
    }

    /** The number of classes. */
    public int numClasses() {
        return classes.size();
    }

    /** Whether {@code label} is one of the classes. */
    public boolean contains(String label) {
        return codes.containsKey(label);
    }

    /** The code of one label. */
    public int code(String label) {
        return lookup(label, -1);
    }

    /** The class name of one code. */
    public String label(int code) {
        return name(code, -1);
    }

    /**
     * The codes of {@code labels}, int32 of shape {@code [labels.size()]}.
     *
     * @throws IllegalArgumentException naming the first unknown label and its position
     */
    public Tensor encode(List<String> labels) {
        if (labels == null) throw new IllegalArgumentException("LabelEncoder.encode: labels must not be null");
        int[] out = new int[labels.size()];
        for (int i = 0; i < out.length; i++) out[i] = lookup(labels.get(i), i);
        return Tensor.of(out, out.length);
    }

    /**
     * The class names of int32 {@code codes} of any shape, in row-major order.
     *
     * @throws IllegalArgumentException naming the first code outside {@code [0, numClasses())}
     */
    public List<String> decode(Tensor codes) {
        if (codes == null) throw new IllegalArgumentException("LabelEncoder.decode: codes must not be null");
        if (codes.dtype() != DType.INT32) {
            throw new IllegalArgumentException("LabelEncoder.decode: codes must be int32, got " + codes.dtype() + " " + codes.shape()
                    + " (OneHot.decode turns rows of scores into codes)");
        }
        int[] c = codes.toIntArray();
        List<String> out = new ArrayList<>(c.length);
        for (int i = 0; i < c.length; i++) out.add(name(c[i], i));
        return Collections.unmodifiableList(out);
    }

    private int lookup(String label, int position) {
        Integer c = label == null ? null : codes.get(label);
        if (c == null) {
            String where = position < 0 ? "" : " at position " + position;
            throw new IllegalArgumentException("LabelEncoder.encode: unknown label " + (label == null ? "null" : "'" + label + "'")
                    + where + "; known classes: " + listed());
        }
        return c;
    }

    private String name(int code, int position) {
        if (code < 0 || code >= classes.size()) {
            String where = position < 0 ? "" : " at position " + position;
            throw new IllegalArgumentException("LabelEncoder.decode: code " + code + where + " is outside [0, " + classes.size()
                    + ") (classes: " + listed() + ")");
        }
        return classes.get(code);
    }

    private String listed() {
        if (classes.size() <= LISTED) return classes.toString();
        return classes.subList(0, LISTED).toString().replaceFirst("]$", ", ... (" + classes.size() + " in all)]");
    }

    /** Compares by Unicode code point, as Python compares strings. */
    private static int compareCodePoints(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i), cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    // ------------------------------------------------------------------ JSON

    /** {@code {"format": "deepj-label-encoder", "version": 1, "classes": [...]}}. */
    public String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("version", VERSION);
        JsonArray a = new JsonArray();
        for (String s : classes) a.add(s);
        o.add("classes", a);
        return GSON.toJson(o);
    }

    /**
     * The encoder {@link #toJson()} describes.
     *
     * @throws IllegalArgumentException if the text is not such JSON, names another format or version,
     *                                  or its classes are empty, not strings, or repeat
     */
    public static LabelEncoder fromJson(String json) {
        String op = "LabelEncoder.fromJson";
        if (json == null) throw new IllegalArgumentException(op + ": json must not be null");
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(op + ": not valid JSON (truncated or corrupt?): " + e.getMessage(), e);
        }
        if (!(root instanceof JsonObject o)) throw new IllegalArgumentException(op + ": expected a JSON object, got " + abbreviate(json));
        if (!(o.get("format") instanceof JsonPrimitive f) || !f.isString() || !f.getAsString().equals(FORMAT)) {
            throw new IllegalArgumentException(op + ": not a label encoder ('format' is " + o.get("format") + ", expected \"" + FORMAT
                    + "\")");
        }
        if (!(o.get("version") instanceof JsonPrimitive v) || !v.isNumber()) {
            throw new IllegalArgumentException(op + ": no format version (expected \"version\": " + VERSION + ")");
        }
        if (!v.getAsString().equals(Integer.toString(VERSION))) {
            throw new IllegalArgumentException(op + ": format version " + v.getAsString() + " is not supported (this deepj reads "
                    + VERSION + ")");
        }
        if (!(o.get("classes") instanceof JsonArray a)) {
            throw new IllegalArgumentException(op + ": 'classes' must be a list of strings, got " + o.get("classes"));
        }
        List<String> classes = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            if (!(a.get(i) instanceof JsonPrimitive p) || !p.isString()) {
                throw new IllegalArgumentException(op + ": class at position " + i + " is not a string: " + a.get(i));
            }
            classes.add(p.getAsString());
        }
        return new LabelEncoder(classes, op);
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    /**
     * Writes {@link #toJson()} to {@code file} atomically: a temporary file in the same directory,
     * flushed to disk, then renamed over the target, so a crash leaves the old file or the new one.
     */
    public void save(Path file) throws IOException {
        byte[] bytes = (toJson() + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /**
     * Reads an encoder written by {@link #save}.
     *
     * @throws IOException if the file cannot be read, or (naming the file) is not a valid label encoder
     */
    public static LabelEncoder load(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not valid UTF-8 (corrupt?)", e);
        }
        try {
            return fromJson(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage().replaceFirst("^LabelEncoder\\.fromJson: ", ""), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelEncoder e && e.classes.equals(classes);
    }

    @Override
    public int hashCode() {
        return classes.hashCode();
    }

    @Override
    public String toString() {
        return "LabelEncoder" + listed();
    }
}
