package ai.deepj.train;

import ai.deepj.nn.HasGenerator;
import ai.deepj.nn.Module;
import java.util.LinkedHashMap;
import java.util.Map;

/** Finds the modules that own a generator ({@link HasGenerator}), by dotted name ({@code ""} for the model itself). */
final class Generators {
    private Generators() {}

    /** Every generator-owning module's generator state, by dotted name. */
    static void states(Module model, Map<String, Long> out) {
        for (var e : owners(model).entrySet()) out.put(e.getKey(), e.getValue().generator().state());
    }

    /** Sets each module's generator to its saved state; the names must match exactly. */
    static void restore(Module model, Map<String, Long> saved) {
        Map<String, HasGenerator> owners = owners(model);
        if (!owners.keySet().equals(saved.keySet())) {
            throw new IllegalArgumentException("Trainer.resume: the checkpoint has generator states for modules " + saved.keySet()
                    + " but the model's modules with generators are " + owners.keySet() + " (a different architecture?)");
        }
        for (var e : owners.entrySet()) e.getValue().generator().setState(saved.get(e.getKey()));
    }

    static Map<String, HasGenerator> owners(Module model) {
        Map<String, HasGenerator> out = new LinkedHashMap<>();
        walk("", model, out);
        return out;
    }

    private static void walk(String name, Module m, Map<String, HasGenerator> out) {
        if (m instanceof HasGenerator h) out.put(name, h);
        for (var c : m.children().entrySet()) walk(name.isEmpty() ? c.getKey() : name + "." + c.getKey(), c.getValue(), out);
    }
}
