package ai.deepj.train;

import ai.deepj.io.AtomicFiles;
import ai.deepj.nn.io.FileFormatException;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What happened in a training run: one row of metrics per epoch ({@code train_loss}, {@code dev_accuracy},
 * {@code lr}, ...), the cost of every optimizer step (the course's cost curve), and events (start,
 * resume, stop, hyperparameter changes, checkpoints). A resumed run continues the history saved in its
 * checkpoint.
 *
 * <p>Files, each written atomically: {@value #JSON} holds everything
 * ({@code {"format": "deepj-history", "version": 1, "epochs": [...], "steps": [...], "events": [...]}});
 * {@value #CSV} holds the epoch rows (columns {@code epoch, step} and then every metric, an empty cell
 * where an epoch lacks one); {@value #STEPS_CSV} the step costs ({@code step, epoch, batch, cost}).
 * Numbers are written so that they read back exactly; NaN and infinities as {@code NaN},
 * {@code Infinity}, {@code -Infinity} (which Python's {@code json} and pandas read).
 *
 * {@snippet :
 * History h = trainer.fit();
 * double[] devAccuracy = h.metric("dev_accuracy");
 * h.write(Path.of("runs/mnist"));                     // history.json, history.csv, steps.csv
 * History again = History.read(Path.of("runs/mnist"));
 * }
 */
public final class History {
    /** The full history as JSON. */
    public static final String JSON = "history.json";
    /** The epoch rows as CSV. */
    public static final String CSV = "history.csv";
    /** The step costs as CSV. */
    public static final String STEPS_CSV = "steps.csv";
    /** The format name in {@value #JSON}. */
    public static final String FORMAT = "deepj-history";
    /** The format version this deepj writes and reads. */
    public static final int VERSION = 1;

    /** Event kind: training began. */
    public static final String START = "start";
    /** Event kind: training continued from a checkpoint. */
    public static final String RESUME = "resume";
    /** Event kind: a stop was requested (early stopping, a non-finite cost, a callback). */
    public static final String STOP = "stop";
    /** Event kind: an optimizer hyperparameter changed (details {@code name}, {@code old}, {@code new}). */
    public static final String HYPERPARAMETER = "hyperparameter";
    /** Event kind: a training setting differs from the checkpoint's (details {@code name}, {@code old}, {@code new}). */
    public static final String CONFIG = "config";
    /** Event kind: a checkpoint was written (details {@code path}). */
    public static final String CHECKPOINT = "checkpoint";
    /** Event kind: something worth knowing (best weights restored, data changed, ...). */
    public static final String NOTE = "note";
    /** Event kind: training ended. */
    public static final String END = "end";

    /**
     * One epoch's values.
     *
     * @param epoch   the epoch, 0-based
     * @param step    optimizer steps taken by the end of it
     * @param metrics values by name, in the order they were computed
     */
    public record Epoch(int epoch, long step, Map<String, Double> metrics) {
        public Epoch {
            metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }
    }

    /**
     * One optimizer step's cost, as reported (with the regularization term, if any).
     *
     * @param step  the step number, counting from 1
     * @param epoch the epoch it belongs to
     * @param batch the mini-batch within the epoch, 0-based
     * @param cost  the cost
     */
    public record Step(long step, int epoch, int batch, double cost) {}

    /**
     * Something that happened.
     *
     * @param kind    {@link #START}, {@link #STOP}, ... or a kind of the caller's
     * @param epoch   the epoch it happened in
     * @param step    the optimizer steps taken by then
     * @param time    when, ISO-8601 ({@link java.time.Instant#toString()})
     * @param message what, in words
     * @param details machine-readable particulars (e.g. {@code name}, {@code old}, {@code new})
     */
    public record Event(String kind, int epoch, long step, String time, String message, Map<String, String> details) {
        public Event {
            if (kind == null || kind.isEmpty()) throw new IllegalArgumentException("History.Event: kind must not be empty");
            details = Collections.unmodifiableMap(new LinkedHashMap<>(details == null ? Map.of() : details));
        }
    }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeSpecialFloatingPointValues()
            .create();

    private final List<Epoch> epochs = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();

    /** An empty history. */
    public History() {}

    /** The epoch rows, in order. */
    public List<Epoch> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** The step costs, in order. */
    public List<Step> steps() {
        return Collections.unmodifiableList(steps);
    }

    /** The events, in order. */
    public List<Event> events() {
        return Collections.unmodifiableList(events);
    }

    /** The events of one kind. */
    public List<Event> events(String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).toList();
    }

    /** Every metric name that occurs, in order of first appearance. */
    public List<String> metricNames() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (Epoch e : epochs) names.addAll(e.metrics().keySet());
        return List.copyOf(names);
    }

    /** One metric over the epochs (NaN where an epoch lacks it). */
    public double[] metric(String name) {
        double[] out = new double[epochs.size()];
        for (int i = 0; i < out.length; i++) out[i] = epochs.get(i).metrics().getOrDefault(name, Double.NaN);
        return out;
    }

    /** The step costs alone, in order. */
    public double[] costs() {
        return steps.stream().mapToDouble(Step::cost).toArray();
    }

    void addEpoch(Epoch e) {
        epochs.add(e);
    }

    void addStep(Step s) {
        steps.add(s);
    }

    void addEvent(Event e) {
        events.add(e);
    }

    // ------------------------------------------------------------------ writing

    /** Writes {@value #JSON}, {@value #CSV} and {@value #STEPS_CSV} into {@code dir} (created if needed). */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        writeJson(dir.resolve(JSON));
        writeCsv(dir.resolve(CSV));
        writeStepsCsv(dir.resolve(STEPS_CSV));
    }

    /** The full history as JSON, atomically. */
    public void writeJson(Path file) throws IOException {
        byte[] bytes = toJson().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** The full history as JSON text. */
    public String toJson() {
        JsonObject root = new JsonObject();
        root.addProperty("format", FORMAT);
        root.addProperty("version", VERSION);
        JsonArray es = new JsonArray();
        for (Epoch e : epochs) {
            JsonObject o = new JsonObject();
            o.addProperty("epoch", e.epoch());
            o.addProperty("step", e.step());
            JsonObject m = new JsonObject();
            for (var kv : e.metrics().entrySet()) m.add(kv.getKey(), new JsonPrimitive(kv.getValue()));
            o.add("metrics", m);
            es.add(o);
        }
        root.add("epochs", es);
        JsonArray ss = new JsonArray();
        for (Step s : steps) {
            JsonObject o = new JsonObject();
            o.addProperty("step", s.step());
            o.addProperty("epoch", s.epoch());
            o.addProperty("batch", s.batch());
            o.add("cost", new JsonPrimitive(s.cost()));
            ss.add(o);
        }
        root.add("steps", ss);
        JsonArray vs = new JsonArray();
        for (Event e : events) {
            JsonObject o = new JsonObject();
            o.addProperty("kind", e.kind());
            o.addProperty("epoch", e.epoch());
            o.addProperty("step", e.step());
            o.addProperty("time", e.time());
            o.addProperty("message", e.message());
            JsonObject d = new JsonObject();
            for (var kv : e.details().entrySet()) d.addProperty(kv.getKey(), kv.getValue());
            o.add("details", d);
            vs.add(o);
        }
        root.add("events", vs);
        return GSON.toJson(root) + "\n";
    }

    /** The epoch rows as CSV, atomically. */
    public void writeCsv(Path file) throws IOException {
        List<String> names = metricNames();
        StringBuilder sb = new StringBuilder("epoch,step");
        for (String n : names) sb.append(',').append(Csv.quote(n));
        sb.append('\n');
        for (Epoch e : epochs) {
            sb.append(e.epoch()).append(',').append(e.step());
            for (String n : names) {
                sb.append(',');
                Double v = e.metrics().get(n);
                if (v != null) sb.append(v);
            }
            sb.append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** The step costs as CSV, atomically. */
    public void writeStepsCsv(Path file) throws IOException {
        StringBuilder sb = new StringBuilder("step,epoch,batch,cost\n");
        for (Step s : steps) sb.append(s.step()).append(',').append(s.epoch()).append(',').append(s.batch()).append(',').append(s.cost()).append('\n');
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads a history back: from a directory (its {@value #JSON}), a {@code .json} file (everything), or a
     * {@code .csv} file written by {@link #writeCsv} (the epoch rows only).
     *
     * @throws FileFormatException if the file is not a history this deepj reads
     */
    public static History read(Path path) throws IOException {
        if (Files.isDirectory(path)) path = path.resolve(JSON);
        String name = path.getFileName().toString();
        String text = Files.readString(path, StandardCharsets.UTF_8);
        if (name.endsWith(".csv")) return fromCsv(path, text);
        return fromJson(path, text);
    }

    /** Parses {@link #toJson()}'s text; {@code file} names the source in errors. */
    static History fromJson(Path file, String text) throws FileFormatException {
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new FileFormatException(file, "not valid JSON (truncated or corrupt?): " + e.getMessage(), e);
        }
        if (!(parsed instanceof JsonObject root)) throw new FileFormatException(file, "not a JSON object");
        if (!(root.get("format") instanceof JsonPrimitive f) || !f.getAsString().equals(FORMAT)) {
            throw new FileFormatException(file, "not a " + FORMAT + " file ('format' is " + root.get("format") + ")");
        }
        if (!(root.get("version") instanceof JsonPrimitive v) || !v.getAsString().equals(Integer.toString(VERSION))) {
            throw new FileFormatException(file, "format version " + root.get("version") + " is not supported (this deepj reads " + VERSION + ")");
        }
        History h = new History();
        try {
            for (JsonElement el : root.getAsJsonArray("epochs")) {
                JsonObject o = el.getAsJsonObject();
                Map<String, Double> m = new LinkedHashMap<>();
                for (var kv : o.getAsJsonObject("metrics").entrySet()) m.put(kv.getKey(), number(kv.getValue()));
                h.addEpoch(new Epoch(o.get("epoch").getAsInt(), o.get("step").getAsLong(), m));
            }
            for (JsonElement el : root.getAsJsonArray("steps")) {
                JsonObject o = el.getAsJsonObject();
                h.addStep(new Step(o.get("step").getAsLong(), o.get("epoch").getAsInt(), o.get("batch").getAsInt(), number(o.get("cost"))));
            }
            for (JsonElement el : root.getAsJsonArray("events")) {
                JsonObject o = el.getAsJsonObject();
                Map<String, String> d = new LinkedHashMap<>();
                for (var kv : o.getAsJsonObject("details").entrySet()) d.put(kv.getKey(), kv.getValue().getAsString());
                h.addEvent(new Event(o.get("kind").getAsString(), o.get("epoch").getAsInt(), o.get("step").getAsLong(),
                        o.get("time").getAsString(), o.get("message").getAsString(), d));
            }
        } catch (RuntimeException e) {
            throw new FileFormatException(file, "malformed history: " + e, e);
        }
        return h;
    }

    /** A number; NaN and infinities arrive as bare words or strings. */
    private static double number(JsonElement e) {
        if (e instanceof JsonPrimitive p) return p.isNumber() ? p.getAsDouble() : Double.parseDouble(p.getAsString());
        throw new IllegalArgumentException("not a number: " + e);
    }

    private static History fromCsv(Path file, String text) throws FileFormatException {
        List<List<String>> rows = Csv.parse(file, text);
        if (rows.isEmpty() || rows.get(0).size() < 2 || !rows.get(0).get(0).equals("epoch") || !rows.get(0).get(1).equals("step")) {
            throw new FileFormatException(file, "not a history CSV (the header must start with epoch,step)");
        }
        List<String> header = rows.get(0);
        History h = new History();
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() != header.size()) {
                throw new FileFormatException(file, "line " + (r + 1) + " has " + row.size() + " cells, the header " + header.size());
            }
            Map<String, Double> m = new LinkedHashMap<>();
            try {
                for (int c = 2; c < row.size(); c++) if (!row.get(c).isEmpty()) m.put(header.get(c), Double.parseDouble(row.get(c)));
                h.addEpoch(new Epoch(Integer.parseInt(row.get(0)), Long.parseLong(row.get(1)), m));
            } catch (NumberFormatException e) {
                throw new FileFormatException(file, "line " + (r + 1) + ": " + e.getMessage(), e);
            }
        }
        return h;
    }

    @Override
    public String toString() {
        return "History[" + epochs.size() + " epochs, " + steps.size() + " steps, " + events.size() + " events]";
    }
}
