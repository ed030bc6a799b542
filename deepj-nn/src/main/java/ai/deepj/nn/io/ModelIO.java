package ai.deepj.nn.io;

import ai.deepj.io.AtomicFiles;
import ai.deepj.Deepj;
import ai.deepj.nn.Module;
import ai.deepj.nn.ModuleRegistry;
import ai.deepj.optim.Optimizer;
import ai.deepj.optim.OptimizerState;
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
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Saves a model to a directory and loads it back: the architecture as versioned JSON (Keras's
 * {@code get_config}/{@code from_config} idea, through {@link ModuleRegistry}), the weights as
 * {@link Safetensors} (so Python reads them with {@code safetensors.torch.load_file}), and optionally
 * the optimizer's state beside them.
 *
 * {@snippet :
 * ModelIO.save(model, optimizer, Path.of("runs/mnist"));
 * Module restored = ModelIO.load(Path.of("runs/mnist"));
 * optimizer.loadState(ModelIO.loadOptimizerState(Path.of("runs/mnist")));
 * }
 *
 * <p>The directory holds
 * <ul>
 *   <li>{@value #MODEL_JSON}: {@code {"format": "deepj-model", "version": 1, "deepj": <library version>,
 *       "java": <Java version>, "save_id": <random id>, "dtype": "float32", "architecture": {"type": ...,
 *       "config": {...}}}}, where {@code dtype} is the floating type the model's tensors have (absent if it has
 *       none) and {@code architecture} is {@link ModuleRegistry#describe};</li>
 *   <li>{@value #WEIGHTS}: {@link Module#state()} (parameters and buffers by dotted name, e.g.
 *       {@code 0.weight}), with {@code __metadata__} {@code {"format": "deepj-model", "version": "1",
 *       "deepj": ..., "save_id": ...}};</li>
 *   <li>with an optimizer, {@value #OPTIMIZER_JSON}: {@code {"format": "deepj-optimizer", "version": 1,
 *       "deepj": ..., "save_id": ..., "type": "Adam", "step": 12, "groups": [{"lr": 0.001, ...}]}}, and
 *       {@value #OPTIMIZER_WEIGHTS}: the slot tensors keyed {@code <parameter index>.<slot>} as in
 *       {@link OptimizerState}.</li>
 * </ul>
 * A later checkpoint format can add files (RNG state, data set id) to the same directory without
 * changing these.
 *
 * <p><b>Crash safety.</b> Each file is replaced atomically ({@link AtomicFiles}). The files are written
 * weights first and {@value #MODEL_JSON} last, and all carry the same random {@code save_id}; so if a
 * save is interrupted between files, loading finds ids that differ and says so, instead of silently
 * pairing new weights with an old optimizer state. Weights files without a {@code save_id} (made by
 * hand or in Python) are accepted.
 *
 * <p><b>Errors.</b> Everything wrong with the files is a {@link FileFormatException} naming the file:
 * a missing or unknown format version ({@code model.json: format version 7 is not supported by this deepj
 * (supports 1)}), invalid JSON, a truncated or corrupt weights file, an architecture that cannot be built,
 * and weights that do not fit it (missing or unexpected names, wrong shapes, wrong types).
 *
 * <p><b>From Python.</b> {@value #WEIGHTS} uses PyTorch's names and layouts for the layers they share
 * ({@code Linear.weight} is {@code [out, in]}), so a state dict loads directly. Checked by hand for a
 * {@code Sequential(Linear(4, 8), ReLU(), Linear(8, 2))} saved by deepj:
 * <pre>{@code
 * /opt/torchenv/bin/python -c "import torch; from safetensors.torch import load_file; \
 *   net = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2)); \
 *   net.load_state_dict(load_file('model/weights.safetensors')); print(net(torch.ones(1, 4)).tolist())"
 * }</pre>
 * loads without complaint and prints the same output as deepj's {@code model.forward(Tensor.ones(1, 4))}
 * (float32, to the last bit). The other way, a file saved with {@code safetensors.torch.save_file} (with
 * or without Hugging Face's {@code {"format": "pt"}} metadata) can replace {@value #WEIGHTS}.
 *
 * <p>A loaded model is freshly built by its modules' {@code fromConfig} (which may draw initial
 * weights from {@link ai.deepj.tensor.Generator#global()} before they are overwritten) and is in
 * training mode, as a new module is; call {@link Module#eval()} for inference.
 */
public final class ModelIO {
    private ModelIO() {}

    /** The architecture file. */
    public static final String MODEL_JSON = "model.json";
    /** The weights file. */
    public static final String WEIGHTS = "weights.safetensors";
    /** The optimizer's hyperparameters and step. */
    public static final String OPTIMIZER_JSON = "optimizer.json";
    /** The optimizer's slot tensors. */
    public static final String OPTIMIZER_WEIGHTS = "optimizer.safetensors";

    /** Format name in {@value #MODEL_JSON} and the weights' metadata. */
    public static final String MODEL_FORMAT = "deepj-model";
    /** Format name in {@value #OPTIMIZER_JSON} and the optimizer tensors' metadata. */
    public static final String OPTIMIZER_FORMAT = "deepj-optimizer";
    /** The model format version this deepj writes and the only one it reads. */
    public static final int MODEL_VERSION = 1;
    /** The optimizer format version this deepj writes and the only one it reads. */
    public static final int OPTIMIZER_VERSION = 1;

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();
    private static final Pattern SLOT_KEY = Pattern.compile("(0|[1-9][0-9]{0,8})\\.(.+)");

    // ------------------------------------------------------------------ saving

    /** Saves {@code model}'s architecture and weights into {@code dir} (created if needed). */
    public static void save(Module model, Path dir) throws IOException {
        save(model, null, dir);
    }

    /**
     * Saves {@code model} and, unless {@code optimizer} is null, its optimizer's state into {@code dir}
     * (created if needed). Saving without an optimizer removes optimizer files left by an earlier save.
     */
    public static void save(Module model, Optimizer optimizer, Path dir) throws IOException {
        Files.createDirectories(dir);
        String saveId = UUID.randomUUID().toString();
        Map<String, Tensor> state = model.state();

        Safetensors.write(dir.resolve(WEIGHTS), state, metadata(MODEL_FORMAT, MODEL_VERSION, saveId));
        if (optimizer != null) writeOptimizerState(optimizer.state(), dir, saveId);

        JsonObject json = header(MODEL_FORMAT, MODEL_VERSION, saveId);
        for (Tensor t : state.values()) {
            if (t.dtype().isFloating()) {
                json.addProperty("dtype", t.dtype().toString());
                break;
            }
        }
        json.add("architecture", GSON.toJsonTree(ModuleRegistry.describe(model)));
        writeJson(dir.resolve(MODEL_JSON), json);

        if (optimizer == null) {
            Files.deleteIfExists(dir.resolve(OPTIMIZER_JSON));
            Files.deleteIfExists(dir.resolve(OPTIMIZER_WEIGHTS));
        }
    }

    private static void writeOptimizerState(OptimizerState s, Path dir, String saveId) throws IOException {
        Safetensors.write(dir.resolve(OPTIMIZER_WEIGHTS), s.tensors(), metadata(OPTIMIZER_FORMAT, OPTIMIZER_VERSION, saveId));
        JsonObject json = header(OPTIMIZER_FORMAT, OPTIMIZER_VERSION, saveId);
        json.addProperty("type", s.type());
        json.addProperty("step", s.step());
        json.add("groups", GSON.toJsonTree(s.groups()));
        writeJson(dir.resolve(OPTIMIZER_JSON), json);
    }

    private static JsonObject header(String format, int version, String saveId) {
        JsonObject json = new JsonObject();
        json.addProperty("format", format);
        json.addProperty("version", version);
        json.addProperty("deepj", Deepj.version());
        json.addProperty("java", Runtime.version().toString());
        json.addProperty("save_id", saveId);
        return json;
    }

    private static Map<String, String> metadata(String format, int version, String saveId) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", format);
        m.put("version", Integer.toString(version));
        m.put("deepj", Deepj.version());
        m.put("save_id", saveId);
        return m;
    }

    private static void writeJson(Path file, JsonObject json) throws IOException {
        byte[] bytes = (GSON.toJson(json) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    // ------------------------------------------------------------------ loading

    /**
     * The model saved in {@code dir}: built from {@value #MODEL_JSON} (with the saved floating type as
     * the default) and filled with the weights of {@value #WEIGHTS}.
     *
     * @throws FileFormatException if a file is missing a supported format version, is corrupt, or the
     *                             weights do not fit the architecture
     * @throws java.nio.file.NoSuchFileException if {@value #MODEL_JSON} or {@value #WEIGHTS} is missing
     */
    public static Module load(Path dir) throws IOException {
        Path jsonFile = dir.resolve(MODEL_JSON);
        JsonObject json = readJson(jsonFile);
        checkFormat(jsonFile, json, MODEL_FORMAT, MODEL_VERSION);
        DType dtype = DType.defaultFloat();
        if (json.has("dtype")) {
            String name = string(jsonFile, json, "dtype");
            try {
                dtype = DType.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                dtype = DType.INT32;
            }
            if (!dtype.isFloating()) {
                throw new FileFormatException(jsonFile, "'dtype' is '" + name + "', expected float32 or float64");
            }
        }
        if (!(json.get("architecture") instanceof JsonObject arch)) {
            throw new FileFormatException(jsonFile, "no 'architecture' object");
        }

        Path weightsFile = dir.resolve(WEIGHTS);
        Safetensors.Contents weights = Safetensors.read(weightsFile);
        checkMetadata(weightsFile, weights.metadata(), MODEL_FORMAT, MODEL_VERSION);
        checkSameSave(jsonFile, json, weightsFile, weights.metadata().get("save_id"));

        Module model;
        try (var scope = DType.useDefaultFloat(dtype)) {
            model = ModuleRegistry.fromConfig(GSON.fromJson(arch, new TypeToken<Map<String, Object>>() {}.getType()));
        } catch (RuntimeException e) {
            throw new FileFormatException(jsonFile, "cannot build the architecture: " + e.getMessage(), e);
        }
        for (var e : model.state().entrySet()) {
            Tensor saved = weights.tensors().get(e.getKey());
            if (saved != null && saved.dtype() != e.getValue().dtype()) {
                throw new FileFormatException(weightsFile, "'" + e.getKey() + "' is " + saved.dtype() + " but the model built from "
                        + MODEL_JSON + " has " + e.getValue().dtype());
            }
        }
        try {
            model.loadState(weights.tensors());
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(weightsFile, e.getMessage(), e);
        }
        return model;
    }

    /**
     * The optimizer state saved in {@code dir} by {@link #save(Module, Optimizer, Path)}, for
     * {@link Optimizer#loadState}.
     *
     * @throws FileFormatException if the files are missing a supported format version, are corrupt, or
     *                             come from a different save than each other or than {@value #MODEL_JSON}
     */
    public static OptimizerState loadOptimizerState(Path dir) throws IOException {
        Path jsonFile = dir.resolve(OPTIMIZER_JSON);
        JsonObject json = readJson(jsonFile);
        checkFormat(jsonFile, json, OPTIMIZER_FORMAT, OPTIMIZER_VERSION);
        String type = string(jsonFile, json, "type");
        long step = nonNegativeLong(jsonFile, json, "step");
        if (!(json.get("groups") instanceof JsonArray groupsJson)) throw new FileFormatException(jsonFile, "no 'groups' list");
        List<Map<String, Double>> groups = new ArrayList<>();
        for (JsonElement g : groupsJson) {
            if (!(g instanceof JsonObject o)) throw new FileFormatException(jsonFile, "a group is not an object: " + g);
            Map<String, Double> h = new LinkedHashMap<>();
            for (var e : o.entrySet()) {
                h.put(e.getKey(), hyperparameter(jsonFile, e.getKey(), e.getValue()));
            }
            groups.add(h);
        }

        Path tensorsFile = dir.resolve(OPTIMIZER_WEIGHTS);
        Safetensors.Contents tensors = Safetensors.read(tensorsFile);
        checkMetadata(tensorsFile, tensors.metadata(), OPTIMIZER_FORMAT, OPTIMIZER_VERSION);
        checkSameSave(jsonFile, json, tensorsFile, tensors.metadata().get("save_id"));
        Path modelFile = dir.resolve(MODEL_JSON);
        if (Files.exists(modelFile)) {
            JsonObject model = readJson(modelFile);
            if (json.get("save_id") instanceof JsonPrimitive id) checkSameSave(modelFile, model, jsonFile, id.getAsString());
        }
        for (String key : tensors.tensors().keySet()) {
            if (!SLOT_KEY.matcher(key).matches()) {
                throw new FileFormatException(tensorsFile, "tensor name '" + key + "' is not <parameter index>.<slot>");
            }
        }
        return new OptimizerState(type, step, groups, new LinkedHashMap<>(tensors.tensors()));
    }

    // ------------------------------------------------------------------ checks

    private static JsonObject readJson(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new FileFormatException(file, "not valid UTF-8 (corrupt?)", e);
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new FileFormatException(file, "not valid JSON (truncated or corrupt?): " + e.getMessage(), e);
        }
        if (!(root instanceof JsonObject o)) throw new FileFormatException(file, "not a JSON object (empty or corrupt?)");
        return o;
    }

    private static void checkFormat(Path file, JsonObject json, String format, int version) throws FileFormatException {
        if (!(json.get("format") instanceof JsonPrimitive f) || !f.getAsString().equals(format)) {
            throw new FileFormatException(file, "not a " + format + " file ('format' is " + json.get("format") + ", expected \""
                    + format + "\")");
        }
        if (!(json.get("version") instanceof JsonPrimitive v) || !v.isNumber()) {
            throw new FileFormatException(file, "no format version (expected \"version\": " + version + ")");
        }
        if (!v.getAsString().equals(Integer.toString(version))) {
            throw new FileFormatException(file, "format version " + v.getAsString() + " is not supported by this deepj ("
                    + Deepj.version() + " supports " + version + ")");
        }
    }

    /**
     * Files written by deepj say their format and version in the metadata, which must then be one this
     * deepj reads. Files made elsewhere may say nothing or name their own format (Hugging Face writes
     * {@code "format": "pt"}); their tensors are judged by fitting the architecture alone.
     */
    private static void checkMetadata(Path file, Map<String, String> metadata, String format, int version) throws FileFormatException {
        String v = metadata.get("version");
        if (format.equals(metadata.get("format")) && !Integer.toString(version).equals(v)) {
            throw new FileFormatException(file, "format version " + v + " is not supported by this deepj (" + Deepj.version()
                    + " supports " + version + ")");
        }
    }

    private static void checkSameSave(Path jsonFile, JsonObject json, Path other, String otherId) throws FileFormatException {
        if (otherId == null || !(json.get("save_id") instanceof JsonPrimitive p)) return;
        if (!p.getAsString().equals(otherId)) {
            throw new FileFormatException(other, "comes from a different save than " + jsonFile.getFileName() + " (save_id " + otherId
                    + " vs " + p.getAsString() + "): a save into this directory was interrupted, or files were mixed");
        }
    }

    /** A number; JSON has no NaN or infinities, so Gson writes them as bare words that come back as strings. */
    private static double hyperparameter(Path file, String key, JsonElement value) throws FileFormatException {
        if (value instanceof JsonPrimitive p) {
            if (p.isNumber()) return p.getAsDouble();
            if (p.isString() && List.of("NaN", "Infinity", "-Infinity").contains(p.getAsString())) return Double.parseDouble(p.getAsString());
        }
        throw new FileFormatException(file, "hyperparameter '" + key + "' is not a number: " + value);
    }

    private static String string(Path file, JsonObject json, String key) throws FileFormatException {
        if (json.get(key) instanceof JsonPrimitive p && p.isString()) return p.getAsString();
        throw new FileFormatException(file, "'" + key + "' must be a string, got " + json.get(key));
    }

    private static long nonNegativeLong(Path file, JsonObject json, String key) throws FileFormatException {
        // The literal text, not getAsDouble: steps beyond 2^53 must come back exactly.
        if (json.get(key) instanceof JsonPrimitive p && p.isNumber() && p.getAsString().matches("0|[1-9][0-9]{0,17}")) {
            return Long.parseLong(p.getAsString());
        }
        throw new FileFormatException(file, "'" + key + "' must be a non-negative integer, got " + json.get(key));
    }
}
