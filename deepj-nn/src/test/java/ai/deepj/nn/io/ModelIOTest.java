package ai.deepj.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.Deepj;
import ai.deepj.nn.Linear;
import ai.deepj.nn.Module;
import ai.deepj.nn.ReLU;
import ai.deepj.nn.Sequential;
import ai.deepj.optim.Optimizer;
import ai.deepj.optim.OptimizerState;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saving and loading model directories: exact round trips (outputs and weights bit for bit, in float32
 * and float64), optimizer state that resumes training exactly, and a clear {@link FileFormatException}
 * naming the file for every kind of bad directory.
 */
class ModelIOTest {
    @TempDir
    Path dir;

    private static Sequential mlp(long seed) {
        Generator g = Generator.seeded(seed);
        return new Sequential(new Linear(4, 8, Linear.Options.defaults(), g), new ReLU(), new Linear(8, 2, Linear.Options.defaults(), g));
    }

    /** Momentum SGD, written here because the real optimizers are developed elsewhere; it has one slot. */
    static final class Momentum extends Optimizer {
        Momentum(List<Tensor> params, double lr, double beta) {
            super(params, Map.of("lr", lr, "beta", beta));
        }

        @Override
        protected void update(Tensor param, Tensor grad, ParamGroup group, long t) {
            Tensor v = slot(param, "velocity");
            v.mulInPlace(group.get("beta")).addInPlace(grad);
            param.subInPlace(v.mul(group.get("lr")));
        }
    }

    /** An optimizer that reports a given state, to save hand-made states. */
    static final class Fixed extends Optimizer {
        private final OptimizerState state;

        Fixed(OptimizerState state) {
            super(List.of(), Map.of());
            this.state = state;
        }

        @Override
        protected void update(Tensor param, Tensor grad, ParamGroup group, long t) {}

        @Override
        public OptimizerState state() {
            return state;
        }
    }

    private static void assertBitwiseEqual(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what);
        assertEquals(expected.shape(), actual.shape(), what);
        if (expected.dtype() == DType.INT32) {
            assertArrayEquals(expected.toIntArray(), actual.toIntArray(), what);
        } else {
            assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), 0.0, what);
        }
    }

    private static void trainSteps(Module model, Optimizer opt, Tensor x, int steps) {
        for (int i = 0; i < steps; i++) {
            model.forward(x).square().sum().backward();
            opt.step();
            opt.zeroGrad();
        }
    }

    // ------------------------------------------------------------------ round trips

    @Test
    void float32ModelRoundTripsExactly() throws IOException {
        Sequential model = mlp(1);
        ModelIO.save(model, dir);
        Module loaded = ModelIO.load(dir);
        Tensor x = Tensor.randn(Generator.seeded(9), 5, 4);
        assertEquals(DType.FLOAT32, loaded.parameters().get(0).dtype());
        assertBitwiseEqual(model.forward(x), loaded.forward(x), "outputs");
        for (var e : model.state().entrySet()) assertBitwiseEqual(e.getValue(), loaded.state().get(e.getKey()), e.getKey());
    }

    @Test
    void float64ModelComesBackFloat64WhateverTheDefault() throws IOException {
        Sequential model;
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            model = mlp(2);
        }
        ModelIO.save(model, dir);
        Module loaded = ModelIO.load(dir); // default float is float32 here
        for (Tensor p : loaded.parameters()) assertEquals(DType.FLOAT64, p.dtype());
        Tensor x = Tensor.normal(Generator.seeded(9), DType.FLOAT64, 0, 1, 5, 4);
        assertBitwiseEqual(model.forward(x), loaded.forward(x), "outputs");
        assertEquals(model.toString(), loaded.toString());
    }

    @Test
    void modelJsonIsVersionedAndDescribesTheArchitecture() throws IOException {
        ModelIO.save(mlp(1), dir);
        JsonObject json = JsonParser.parseString(Files.readString(dir.resolve(ModelIO.MODEL_JSON))).getAsJsonObject();
        assertEquals("deepj-model", json.get("format").getAsString());
        assertEquals(1, json.get("version").getAsInt());
        assertEquals(Deepj.version(), json.get("deepj").getAsString());
        assertEquals(Runtime.version().toString(), json.get("java").getAsString());
        assertEquals("float32", json.get("dtype").getAsString());
        JsonObject arch = json.getAsJsonObject("architecture");
        assertEquals("Sequential", arch.get("type").getAsString());
        JsonObject first = arch.getAsJsonObject("config").getAsJsonArray("layers").get(0).getAsJsonObject();
        assertEquals("Linear", first.get("type").getAsString());
        assertEquals(8, first.getAsJsonObject("config").get("out").getAsInt());

        var weights = Safetensors.read(dir.resolve(ModelIO.WEIGHTS));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias").stream().sorted().toList(),
                weights.tensors().keySet().stream().sorted().toList());
        assertEquals("deepj-model", weights.metadata().get("format"));
        assertEquals("1", weights.metadata().get("version"));
        assertEquals(json.get("save_id").getAsString(), weights.metadata().get("save_id"));
    }

    // ------------------------------------------------------------------ optimizer state

    @Test
    void optimizerStateResumesTrainingExactly() throws IOException {
        Sequential model;
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            model = mlp(3);
        }
        Tensor x = Tensor.normal(Generator.seeded(4), DType.FLOAT64, 0, 1, 6, 4);
        Momentum opt = new Momentum(model.parameters(), 0.05, 0.9);
        trainSteps(model, opt, x, 3);
        ModelIO.save(model, opt, dir);

        Module resumed = ModelIO.load(dir);
        Momentum opt2 = new Momentum(resumed.parameters(), 123.0, 0.0); // hyperparameters must come from the file
        OptimizerState loaded = ModelIO.loadOptimizerState(dir);
        assertEquals("Momentum", loaded.type());
        assertEquals(3, loaded.step());
        assertEquals(List.of(Map.of("lr", 0.05, "beta", 0.9)), loaded.groups());
        assertEquals(4, loaded.tensors().size());
        opt2.loadState(loaded);

        trainSteps(model, opt, x, 2);
        trainSteps(resumed, opt2, x, 2);
        assertEquals(opt.stepCount(), opt2.stepCount());
        for (var e : model.state().entrySet()) assertBitwiseEqual(e.getValue(), resumed.state().get(e.getKey()), e.getKey());
    }

    @Test
    void handMadeOptimizerStateRoundTripsExactly() throws IOException {
        Map<String, Double> g0 = new LinkedHashMap<>();
        g0.put("lr", 1e-3);
        g0.put("beta1", 0.9);
        g0.put("maxNorm", Double.POSITIVE_INFINITY);
        Map<String, Double> g1 = new LinkedHashMap<>(g0);
        g1.put("lr", 0.1 + 0.2); // not a short decimal: must come back exactly
        Map<String, Tensor> slots = new LinkedHashMap<>();
        slots.put("0.m", Tensor.randn(Generator.seeded(1), 8, 4));
        slots.put("0.v", Tensor.rand(Generator.seeded(2), 8, 4));
        slots.put("12.m", Tensor.normal(Generator.seeded(3), DType.FLOAT64, 0, 1, 2));
        slots.put("3.count", Tensor.of(new int[] {7}, 1));
        long step = (1L << 53) + 1; // not representable as a double
        OptimizerState state = new OptimizerState("Adam", step, List.of(g0, g1), slots);

        ModelIO.save(mlp(1), new Fixed(state), dir);
        OptimizerState back = ModelIO.loadOptimizerState(dir);
        assertEquals("Adam", back.type());
        assertEquals(step, back.step());
        assertEquals(List.of(g0, g1), back.groups());
        assertEquals(slots.keySet(), back.tensors().keySet());
        for (var e : slots.entrySet()) assertBitwiseEqual(e.getValue(), back.tensors().get(e.getKey()), e.getKey());
    }

    @Test
    void savingWithoutAnOptimizerRemovesStaleOptimizerFiles() throws IOException {
        Sequential model = mlp(1);
        ModelIO.save(model, new Momentum(model.parameters(), 0.1, 0.9), dir);
        assertTrue(Files.exists(dir.resolve(ModelIO.OPTIMIZER_JSON)));
        ModelIO.save(model, dir);
        assertFalse(Files.exists(dir.resolve(ModelIO.OPTIMIZER_JSON)));
        assertFalse(Files.exists(dir.resolve(ModelIO.OPTIMIZER_WEIGHTS)));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> ModelIO.loadOptimizerState(dir));
    }

    // ------------------------------------------------------------------ bad directories

    /** Loading fails with a FileFormatException about {@code file} whose message holds every fragment. */
    private static void assertRefused(IOCall call, String file, String... fragments) {
        var e = assertThrows(FileFormatException.class, call::run);
        assertEquals(file, e.file().getFileName().toString(), e.getMessage());
        assertTrue(e.getMessage().contains(file + ": "), e.getMessage());
        for (String s : fragments) assertTrue(e.getMessage().contains(s), "expected '" + s + "' in: " + e.getMessage());
    }

    interface IOCall {
        void run() throws IOException;
    }

    private void editModelJson(UnaryOperator<JsonObject> edit) throws IOException {
        Path f = dir.resolve(ModelIO.MODEL_JSON);
        Files.writeString(f, edit.apply(JsonParser.parseString(Files.readString(f)).getAsJsonObject()).toString());
    }

    /** Rewrites the weights file with the same metadata (so the save ids still agree). */
    private void editWeights(UnaryOperator<Map<String, Tensor>> edit) throws IOException {
        Path f = dir.resolve(ModelIO.WEIGHTS);
        var c = Safetensors.read(f);
        Safetensors.write(f, edit.apply(new LinkedHashMap<>(c.tensors())), c.metadata());
    }

    @Test
    void unknownOrMissingFormatVersionIsRefused() throws IOException {
        ModelIO.save(mlp(1), dir);
        editModelJson(j -> {
            j.addProperty("version", 7);
            return j;
        });
        assertRefused(() -> ModelIO.load(dir), "model.json", "format version 7 is not supported by this deepj", "supports 1");
        editModelJson(j -> {
            j.remove("version");
            return j;
        });
        assertRefused(() -> ModelIO.load(dir), "model.json", "no format version");
        editModelJson(j -> {
            j.addProperty("format", "keras");
            return j;
        });
        assertRefused(() -> ModelIO.load(dir), "model.json", "not a deepj-model file");
    }

    @Test
    void weightsWrittenElsewhereAreAcceptedWhenTheyFit() throws IOException {
        Sequential model = mlp(1);
        ModelIO.save(mlp(5), dir);
        // As Python's safetensors.torch.save_file(state_dict, f, metadata={"format": "pt"}) would write it.
        Safetensors.write(dir.resolve(ModelIO.WEIGHTS), model.state(), Map.of("format", "pt"));
        Module loaded = ModelIO.load(dir);
        for (var e : model.state().entrySet()) assertBitwiseEqual(e.getValue(), loaded.state().get(e.getKey()), e.getKey());
    }

    @Test
    void unknownWeightsVersionInMetadataIsRefused() throws IOException {
        ModelIO.save(mlp(1), dir);
        Path f = dir.resolve(ModelIO.WEIGHTS);
        var c = Safetensors.read(f);
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        meta.put("version", "2");
        Safetensors.write(f, c.tensors(), meta);
        assertRefused(() -> ModelIO.load(dir), "weights.safetensors", "format version 2 is not supported");
    }

    @Test
    void truncatedFilesAreRefused() throws IOException {
        ModelIO.save(mlp(1), dir);
        Path w = dir.resolve(ModelIO.WEIGHTS);
        byte[] weights = Files.readAllBytes(w);
        Files.write(w, java.util.Arrays.copyOf(weights, weights.length - 3));
        assertRefused(() -> ModelIO.load(dir), "weights.safetensors", "truncated");
        Files.write(w, weights);
        Path j = dir.resolve(ModelIO.MODEL_JSON);
        String json = Files.readString(j);
        Files.writeString(j, json.substring(0, json.length() / 2));
        assertRefused(() -> ModelIO.load(dir), "model.json", "not valid JSON");
        Files.writeString(j, "");
        assertRefused(() -> ModelIO.load(dir), "model.json", "not a JSON object");
    }

    @Test
    void weightsOfTheWrongShapeAreRefused() throws IOException {
        ModelIO.save(mlp(1), dir);
        editModelJson(j -> {
            var layers = j.getAsJsonObject("architecture").getAsJsonObject("config").getAsJsonArray("layers");
            layers.get(0).getAsJsonObject().getAsJsonObject("config").addProperty("out", 9);
            layers.get(2).getAsJsonObject().getAsJsonObject("config").addProperty("in", 9);
            return j;
        });
        assertRefused(() -> ModelIO.load(dir), "weights.safetensors", "'0.weight' has shape [8, 4] but the model needs [9, 4]");
    }

    @Test
    void missingOrExtraTensorsAreRefused() throws IOException {
        ModelIO.save(mlp(1), dir);
        editWeights(m -> {
            m.remove("2.bias");
            return m;
        });
        assertRefused(() -> ModelIO.load(dir), "weights.safetensors", "missing [2.bias]");
        ModelIO.save(mlp(1), dir);
        editWeights(m -> {
            m.put("3.weight", Tensor.zeros(2, 2));
            return m;
        });
        assertRefused(() -> ModelIO.load(dir), "weights.safetensors", "unexpected [3.weight]");
    }

    @Test
    void weightsOfAnotherTypeAreRefused() throws IOException {
        ModelIO.save(mlp(1), dir);
        editWeights(m -> {
            m.replaceAll((k, t) -> t.to(DType.FLOAT64));
            return m;
        });
        assertRefused(() -> ModelIO.load(dir), "weights.safetensors", "is float64 but the model built from model.json has float32");
    }

    @Test
    void unknownModuleTypeIsRefused() throws IOException {
        ModelIO.save(mlp(1), dir);
        editModelJson(j -> {
            j.getAsJsonObject("architecture").addProperty("type", "Transformer9000");
            return j;
        });
        assertRefused(() -> ModelIO.load(dir), "model.json", "cannot build the architecture", "Transformer9000");
    }

    @Test
    void filesFromDifferentSavesAreRefused() throws IOException {
        Path other = dir.resolve("other");
        ModelIO.save(mlp(1), dir);
        ModelIO.save(mlp(2), other);
        // As if a save of 'other' into dir had been interrupted after the weights.
        Files.copy(other.resolve(ModelIO.WEIGHTS), dir.resolve(ModelIO.WEIGHTS), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertRefused(() -> ModelIO.load(dir), "weights.safetensors", "different save than model.json");

        Sequential m = mlp(1);
        ModelIO.save(m, new Momentum(m.parameters(), 0.1, 0.9), dir);
        ModelIO.save(m, new Momentum(m.parameters(), 0.1, 0.9), other);
        Files.copy(other.resolve(ModelIO.OPTIMIZER_JSON), dir.resolve(ModelIO.OPTIMIZER_JSON), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertRefused(() -> ModelIO.loadOptimizerState(dir), "optimizer.safetensors", "different save than optimizer.json");
        Files.copy(other.resolve(ModelIO.OPTIMIZER_WEIGHTS), dir.resolve(ModelIO.OPTIMIZER_WEIGHTS),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertRefused(() -> ModelIO.loadOptimizerState(dir), "optimizer.json", "different save than model.json");
    }

    @Test
    void unknownOptimizerVersionIsRefused() throws IOException {
        Sequential m = mlp(1);
        ModelIO.save(m, new Momentum(m.parameters(), 0.1, 0.9), dir);
        Path f = dir.resolve(ModelIO.OPTIMIZER_JSON);
        JsonObject j = JsonParser.parseString(Files.readString(f)).getAsJsonObject();
        j.addProperty("version", 2);
        Files.writeString(f, j.toString());
        assertRefused(() -> ModelIO.loadOptimizerState(dir), "optimizer.json", "format version 2 is not supported", "supports 1");
        j.addProperty("version", 1);
        j.addProperty("step", -4);
        Files.writeString(f, j.toString());
        assertRefused(() -> ModelIO.loadOptimizerState(dir), "optimizer.json", "'step' must be a non-negative integer");
    }
}
