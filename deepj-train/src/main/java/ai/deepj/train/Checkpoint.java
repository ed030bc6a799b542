package ai.deepj.train;

import ai.deepj.nn.Module;
import ai.deepj.io.AtomicFiles;
import ai.deepj.nn.io.FileFormatException;
import ai.deepj.nn.io.ModelIO;
import ai.deepj.nn.io.Safetensors;
import ai.deepj.optim.OptimizerState;
import ai.deepj.tensor.Tensor;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One checkpoint of a training run, as a directory:
 * <ul>
 *   <li>the model and optimizer, as {@link ModelIO} writes them ({@code model.json}, {@code weights.safetensors},
 *       {@code optimizer.json}, {@code optimizer.safetensors});</li>
 *   <li>{@value #TRAINER_JSON}: {@code {"format": "deepj-checkpoint", "version": 1, "position": {"epoch", "batch",
 *       "step"}, "config": {...}, "provenance": {...}, "rng": {"global": "<long>", "modules": {"<dotted name>":
 *       "<long>"}}, "grad_buffers": [...], "running": {...}, "callbacks": {...}}}: where training continues (epoch
 *       {@code epoch} from batch {@code batch}, {@code step} optimizer steps taken), the training settings, the
 *       {@link Provenance}, the state of {@link ai.deepj.tensor.Generator#global()} and of every module's own
 *       generator ({@link ai.deepj.nn.HasGenerator}) by the module's dotted name, which parameters hold gradient
 *       buffers, the epoch's running sums and metric states, and each callback's {@link CallbackState} values;</li>
 *   <li>{@value #CALLBACK_TENSORS}: callbacks' tensors, named {@code <callback>/<tensor>} (only if there are any);</li>
 *   <li>{@value #HISTORY_JSON}: the {@link History} up to this point.</li>
 * </ul>
 * Generator states are written as decimal strings, since JSON readers outside Java may round 64-bit numbers.
 *
 * <p><b>Crash safety.</b> A checkpoint directory is filled under a temporary name ({@code .tmp-...}) in the
 * checkpoints directory and renamed to its final name ({@code step-0000000120-epoch-3-batch-0}) in one atomic
 * step; only then does the file {@value #LATEST}, replaced atomically, name it. A process killed at any moment
 * leaves the previous checkpoint and pointer intact; stale temporary directories are removed by the next writer.
 *
 * {@snippet :
 * Checkpoint c = Checkpoint.read(Path.of("runs/mnist/checkpoints"));   // the latest one
 * System.out.println(c.position() + " " + c.provenance().train().shortHash());
 * Module model = c.loadModel();
 * }
 */
public final class Checkpoint {
    /** The trainer's file. */
    public static final String TRAINER_JSON = "trainer.json";
    /** The history up to the checkpoint. */
    public static final String HISTORY_JSON = History.JSON;
    /** The callbacks' tensors. */
    public static final String CALLBACK_TENSORS = "callbacks.safetensors";
    /** The pointer file in the checkpoints directory naming the newest checkpoint. */
    public static final String LATEST = "latest";
    /** The format name in {@value #TRAINER_JSON}. */
    public static final String FORMAT = "deepj-checkpoint";
    /** The format version this deepj writes and reads. */
    public static final int VERSION = 1;

    /**
     * Where a run stands: it continues with batch {@code batch} of epoch {@code epoch}, having taken
     * {@code step} optimizer steps. At an epoch boundary {@code batch} is 0; a checkpoint taken after the
     * last step of an epoch but before its evaluation has {@code batch == batchesPerEpoch}.
     */
    public record Position(int epoch, int batch, long step) {
        public Position {
            if (epoch < 0 || batch < 0 || step < 0) {
                throw new IllegalArgumentException("Checkpoint.Position: epoch, batch and step must be >= 0, got " + epoch + ", " + batch + ", " + step);
            }
        }

        @Override
        public String toString() {
            return "epoch " + epoch + ", batch " + batch + " (step " + step + ")";
        }
    }

    static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeSpecialFloatingPointValues()
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();
    private static final Type MAP = new TypeToken<Map<String, Object>>() {}.getType();

    private Path dir;
    private final Position position;
    private final Map<String, Object> config;
    private final Provenance provenance;
    private final long globalRng;
    private final Map<String, Long> moduleRngs;
    private final List<String> gradBuffers;
    private final double[] running;
    private final Map<String, double[]> metricStates;
    private final Map<String, CallbackState> callbacks;
    private final History history;

    Checkpoint(Position position, Map<String, Object> config, Provenance provenance, long globalRng, Map<String, Long> moduleRngs,
            List<String> gradBuffers, double[] running, Map<String, double[]> metricStates, Map<String, CallbackState> callbacks,
            History history) {
        this.position = position;
        this.config = config;
        this.provenance = provenance;
        this.globalRng = globalRng;
        this.moduleRngs = moduleRngs;
        this.gradBuffers = gradBuffers;
        this.running = running;
        this.metricStates = metricStates;
        this.callbacks = callbacks;
        this.history = history;
    }

    // ------------------------------------------------------------------ public view

    /** The checkpoint's directory. */
    public Path dir() {
        return dir;
    }

    /** Where training continues from this checkpoint. */
    public Position position() {
        return position;
    }

    /** The training settings the run had (JSON-friendly values). */
    public Map<String, Object> config() {
        return config;
    }

    /** Where it came from. */
    public Provenance provenance() {
        return provenance;
    }

    /** The history up to this checkpoint. */
    public History history() {
        return history;
    }

    /** The model saved in it, rebuilt from its architecture ({@link ModelIO#load}). */
    public Module loadModel() throws IOException {
        return ModelIO.load(dir);
    }

    /** The optimizer's saved state ({@link ModelIO#loadOptimizerState}). */
    public OptimizerState optimizerState() throws IOException {
        return ModelIO.loadOptimizerState(dir);
    }

    /** The model's saved parameters and buffers by dotted name. */
    public Map<String, Tensor> weights() throws IOException {
        return Safetensors.read(dir.resolve(ModelIO.WEIGHTS)).tensors();
    }

    long globalRng() {
        return globalRng;
    }

    Map<String, Long> moduleRngs() {
        return moduleRngs;
    }

    List<String> gradBuffers() {
        return gradBuffers;
    }

    /** {costSum, dataCostSum, examples} of the epoch in progress. */
    double[] running() {
        return running;
    }

    Map<String, double[]> metricStates() {
        return metricStates;
    }

    Map<String, CallbackState> callbacks() {
        return callbacks;
    }

    @Override
    public String toString() {
        return "Checkpoint[" + dir + ", " + position + "]";
    }

    // ------------------------------------------------------------------ locating

    /**
     * The checkpoint directory {@code path} stands for: itself if it holds {@value #TRAINER_JSON}; else, as
     * a checkpoints directory, the one its {@value #LATEST} file names, or failing that its newest.
     */
    public static Path resolve(Path path) throws IOException {
        if (Files.isRegularFile(path.resolve(TRAINER_JSON))) return path;
        if (!Files.isDirectory(path)) throw new NoSuchFileException(path.toString(), null, "no such checkpoint directory");
        Path latest = path.resolve(LATEST);
        if (Files.isRegularFile(latest)) {
            String name = Files.readString(latest, StandardCharsets.UTF_8).trim();
            Path dir = path.resolve(name);
            if (name.isEmpty() || name.contains("/") || name.contains("\\") || !Files.isRegularFile(dir.resolve(TRAINER_JSON))) {
                throw new FileFormatException(latest, "names '" + name + "', which is not a complete checkpoint in " + path);
            }
            return dir;
        }
        List<Path> all = list(path);
        if (all.isEmpty()) {
            throw new NoSuchFileException(path.toString(), null, "no checkpoint here (no " + TRAINER_JSON + ", no '" + LATEST
                    + "' file, no step-* directories)");
        }
        return all.get(all.size() - 1);
    }

    /** The complete checkpoints in a checkpoints directory, oldest first (by step, then epoch, then batch). */
    public static List<Path> list(Path root) throws IOException {
        return CheckpointStore.complete(root);
    }

    /** Reads the checkpoint {@code path} stands for (see {@link #resolve}). */
    public static Checkpoint read(Path path) throws IOException {
        Path dir = resolve(path);
        Path file = dir.resolve(TRAINER_JSON);
        JsonObject root = parse(file, Files.readString(file, StandardCharsets.UTF_8));
        Checkpoint c;
        try {
            c = fromJson(dir, root);
        } catch (RuntimeException e) {
            throw new FileFormatException(file, "malformed checkpoint: " + e.getMessage(), e);
        }
        c.dir = dir;
        return c;
    }

    private static JsonObject parse(Path file, String text) throws FileFormatException {
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
            throw new FileFormatException(file, "format version " + root.get("version") + " is not supported by this deepj (reads "
                    + VERSION + ")");
        }
        return root;
    }

    // ------------------------------------------------------------------ writing and reading the files

    /** Writes the callback tensors, the history and, last, {@value #TRAINER_JSON} into {@code dir}. */
    void writeInto(Path dir) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (var e : callbacks.entrySet()) {
            for (var t : e.getValue().tensors().entrySet()) tensors.put(e.getKey() + "/" + t.getKey(), t.getValue());
        }
        if (!tensors.isEmpty()) Safetensors.write(dir.resolve(CALLBACK_TENSORS), tensors, Map.of("format", FORMAT));
        history.writeJson(dir.resolve(HISTORY_JSON));
        byte[] bytes = (GSON.toJson(toJson()) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(dir.resolve(TRAINER_JSON), out -> out.write(bytes));
    }

    private JsonObject toJson() {
        JsonObject root = new JsonObject();
        root.addProperty("format", FORMAT);
        root.addProperty("version", VERSION);
        JsonObject pos = new JsonObject();
        pos.addProperty("epoch", position.epoch());
        pos.addProperty("batch", position.batch());
        pos.addProperty("step", position.step());
        root.add("position", pos);
        root.add("config", GSON.toJsonTree(config));
        root.add("provenance", GSON.toJsonTree(provenance));
        JsonObject rng = new JsonObject();
        rng.addProperty("global", Long.toString(globalRng));
        JsonObject mods = new JsonObject();
        for (var e : moduleRngs.entrySet()) mods.addProperty(e.getKey(), Long.toString(e.getValue()));
        rng.add("modules", mods);
        root.add("rng", rng);
        root.add("grad_buffers", GSON.toJsonTree(gradBuffers));
        JsonObject run = new JsonObject();
        run.add("cost_sum", new JsonPrimitive(running[0]));
        run.add("data_cost_sum", new JsonPrimitive(running[1]));
        run.addProperty("examples", (long) running[2]);
        JsonObject ms = new JsonObject();
        for (var e : metricStates.entrySet()) ms.add(e.getKey(), GSON.toJsonTree(e.getValue()));
        run.add("metrics", ms);
        root.add("running", run);
        JsonObject cbs = new JsonObject();
        for (var e : callbacks.entrySet()) {
            JsonObject o = new JsonObject();
            o.add("values", GSON.toJsonTree(e.getValue().values()));
            o.add("tensors", GSON.toJsonTree(List.copyOf(e.getValue().tensors().keySet())));
            cbs.add(e.getKey(), o);
        }
        root.add("callbacks", cbs);
        return root;
    }

    private static Checkpoint fromJson(Path dir, JsonObject root) throws IOException {
        JsonObject pos = root.getAsJsonObject("position");
        Position position = new Position(pos.get("epoch").getAsInt(), pos.get("batch").getAsInt(), pos.get("step").getAsLong());
        Map<String, Object> config = GSON.fromJson(root.get("config"), MAP);
        Provenance provenance = GSON.fromJson(root.get("provenance"), Provenance.class);
        JsonObject rng = root.getAsJsonObject("rng");
        long global = Long.parseLong(rng.get("global").getAsString());
        Map<String, Long> mods = new LinkedHashMap<>();
        for (var e : rng.getAsJsonObject("modules").entrySet()) mods.put(e.getKey(), Long.parseLong(e.getValue().getAsString()));
        List<String> grads = new ArrayList<>();
        for (JsonElement e : root.getAsJsonArray("grad_buffers")) grads.add(e.getAsString());
        JsonObject run = root.getAsJsonObject("running");
        double[] running = {number(run.get("cost_sum")), number(run.get("data_cost_sum")), run.get("examples").getAsLong()};
        Map<String, double[]> metrics = new LinkedHashMap<>();
        for (var e : run.getAsJsonObject("metrics").entrySet()) {
            JsonArray a = e.getValue().getAsJsonArray();
            double[] v = new double[a.size()];
            for (int i = 0; i < v.length; i++) v[i] = number(a.get(i));
            metrics.put(e.getKey(), v);
        }
        Map<String, CallbackState> callbacks = new LinkedHashMap<>();
        JsonObject cbs = root.getAsJsonObject("callbacks");
        Map<String, Tensor> tensors = cbs.entrySet().stream().anyMatch(e -> !e.getValue().getAsJsonObject().getAsJsonArray("tensors").isEmpty())
                ? Safetensors.read(dir.resolve(CALLBACK_TENSORS)).tensors() : Map.of();
        for (var e : cbs.entrySet()) {
            JsonObject o = e.getValue().getAsJsonObject();
            Map<String, Object> values = GSON.fromJson(o.get("values"), MAP);
            Map<String, Tensor> ts = new LinkedHashMap<>();
            for (JsonElement n : o.getAsJsonArray("tensors")) {
                Tensor t = tensors.get(e.getKey() + "/" + n.getAsString());
                if (t == null) {
                    throw new FileFormatException(dir.resolve(CALLBACK_TENSORS), "has no tensor '" + e.getKey() + "/" + n.getAsString() + "'");
                }
                ts.put(n.getAsString(), t);
            }
            callbacks.put(e.getKey(), new CallbackState(values, ts));
        }
        Path historyFile = dir.resolve(HISTORY_JSON);
        History history = History.fromJson(historyFile, Files.readString(historyFile, StandardCharsets.UTF_8));
        return new Checkpoint(position, config, provenance, global, mods, grads, running, metrics, callbacks, history);
    }

    private static double number(JsonElement e) {
        JsonPrimitive p = e.getAsJsonPrimitive();
        return p.isNumber() ? p.getAsDouble() : Double.parseDouble(p.getAsString());
    }
}
