package ai.deepj.cli.run;

import ai.deepj.Deepj;
import ai.deepj.cli.config.LossSpec;
import ai.deepj.data.Csv;
import ai.deepj.nn.io.FileFormatException;
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
import java.util.List;
import java.util.Locale;

/**
 * What a run trained, as {@code run.json}: enough for {@code evaluate}, {@code predict} and
 * {@code diagnose} to use the saved model without the config.
 *
 * <pre>
 * {"format": "deepj-run", "version": 1, "name": "shapes", "deepj": "0.1.0-SNAPSHOT", "created": "2026-...",
 *  "task": "multiclass", "loss": "cross_entropy", "output": "logits", "classes": ["circle", ...],
 *  "input_shape": [1, 28, 28], "image_layout": "chw", "data": "shapes (generated, seed 1): ...", "seed": 1,
 *  "csv": null}
 * </pre>
 *
 * @param name        the run's name
 * @param task        what the targets are
 * @param loss        the loss name (see {@link LossSpec})
 * @param probabilities whether a binary model's output is a probability (else a logit)
 * @param classes     class names (empty for regression)
 * @param inputShape  one example's input shape
 * @param imageLayout {@code chw} (channels first), {@code hwc} (catvnoncat's layout) or {@code none}
 * @param data        the data's one-line description
 * @param seed        the run's seed
 * @param csv         how CSV columns became features, or null
 * @param csvHeader   whether the CSV files have a header line
 * @param csvDelimiter the CSV delimiter
 * @param created     when the run started (ISO-8601)
 */
public record RunRecord(String name, LossSpec.Task task, String loss, boolean probabilities, List<String> classes, int[] inputShape,
        String imageLayout, String data, long seed, Csv.Encoding csv, boolean csvHeader, char csvDelimiter, String created) {

    /** The format name in {@code run.json}. */
    public static final String FORMAT = "deepj-run";
    /** The version this deepj writes and reads. */
    public static final int VERSION = 1;

    /** Writes {@code run.json} into the run folder. */
    public void write(RunDir dir) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("version", VERSION);
        o.addProperty("name", name);
        o.addProperty("deepj", Deepj.version());
        o.addProperty("created", created);
        o.addProperty("task", task.name().toLowerCase(Locale.ROOT));
        o.addProperty("loss", loss);
        o.addProperty("output", probabilities ? "probabilities" : "logits");
        JsonArray c = new JsonArray();
        classes.forEach(c::add);
        o.add("classes", c);
        JsonArray s = new JsonArray();
        for (int v : inputShape) s.add(v);
        o.add("input_shape", s);
        o.addProperty("image_layout", imageLayout);
        o.addProperty("data", data);
        o.addProperty("seed", seed);
        if (csv != null) {
            JsonObject cs = new JsonObject();
            cs.add("encoding", RunDir.GSON.toJsonTree(csv));
            cs.addProperty("header", csvHeader);
            cs.addProperty("delimiter", String.valueOf(csvDelimiter));
            o.add("csv", cs);
        }
        RunDir.writeText(dir.record(), RunDir.GSON.toJson(o) + "\n");
    }

    /** Reads {@code run.json}. */
    public static RunRecord read(RunDir dir) throws IOException {
        Path file = dir.record();
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!(e instanceof JsonObject obj)) throw new FileFormatException(file, "not a JSON object");
            o = obj;
        } catch (JsonParseException e) {
            throw new FileFormatException(file, "not valid JSON: " + e.getMessage(), e);
        }
        if (!(o.get("format") instanceof JsonPrimitive f) || !f.getAsString().equals(FORMAT)) {
            throw new FileFormatException(file, "not a " + FORMAT + " file (format " + o.get("format") + ")");
        }
        if (!(o.get("version") instanceof JsonPrimitive v) || v.getAsInt() != VERSION) {
            throw new FileFormatException(file, "version " + o.get("version") + " is not supported by this deepj (supports " + VERSION + ")");
        }
        try {
            List<String> classes = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("classes")) classes.add(e.getAsString());
            JsonArray s = o.getAsJsonArray("input_shape");
            int[] shape = new int[s.size()];
            for (int i = 0; i < shape.length; i++) shape[i] = s.get(i).getAsInt();
            Csv.Encoding csv = null;
            boolean header = true;
            char delimiter = ',';
            if (o.get("csv") instanceof JsonObject cs) {
                csv = RunDir.GSON.fromJson(cs.get("encoding"), Csv.Encoding.class);
                header = cs.get("header").getAsBoolean();
                delimiter = cs.get("delimiter").getAsString().charAt(0);
            }
            return new RunRecord(o.get("name").getAsString(), LossSpec.Task.valueOf(o.get("task").getAsString().toUpperCase(Locale.ROOT)),
                    o.get("loss").getAsString(), o.get("output").getAsString().equals("probabilities"), List.copyOf(classes), shape,
                    o.get("image_layout").getAsString(), o.get("data").getAsString(), o.get("seed").getAsLong(), csv, header, delimiter,
                    o.get("created").getAsString());
        } catch (RuntimeException e) {
            throw new FileFormatException(file, "a field is missing or of the wrong kind (" + e.getMessage() + ")", e);
        }
    }
}
