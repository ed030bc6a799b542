package ai.deepj.nn;

import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Keras-style model summary behind {@link Module#summary(int...)}. */
final class Summary {
    private Summary() {}

    private record Row(Module module, String shape) {}

    private static final ThreadLocal<List<Row>> ACTIVE = new ThreadLocal<>();

    static void record(Module m, List<Tensor> inputs, Tensor out) {
        List<Row> rows = ACTIVE.get();
        if (rows != null) rows.add(new Row(m, out.shape().toString()));
    }

    static String of(Module model, int[] inputShape) {
        Map<Module, String> names = new IdentityHashMap<>();
        name(model, "", names);
        List<Row> rows = new ArrayList<>();
        boolean wasTraining = model.isTraining();
        model.eval();
        ACTIVE.set(rows);
        try (var s = Autograd.noGrad()) {
            model.call(Tensor.zeros(inputShape));
        } finally {
            ACTIVE.remove();
            model.train(wasTraining);
        }
        StringBuilder sb = new StringBuilder();
        String line = "-".repeat(72) + "\n";
        sb.append(String.format(Locale.ROOT, "%-36s %-22s %12s%n", "Layer (type)", "Output shape", "Param #")).append(line);
        java.util.Set<Module> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Row r : rows) seen.add(r.module());
        for (Row r : rows) {
            // Containers are listed through their layers; a module whose children never ran through
            // call() (a recurrent layer's cell, run by a fused kernel) is listed as one row.
            if (r.module().children().values().stream().anyMatch(seen::contains)) continue;
            long own = 0;
            for (Tensor p : r.module().parameters()) own += p.numel();
            String name = names.getOrDefault(r.module(), "?");
            sb.append(String.format(Locale.ROOT, "%-36s %-22s %,12d%n", name + " (" + r.module().typeName() + ")", r.shape(), own));
        }
        long total = 0, trainable = 0;
        for (Tensor p : model.parameters()) {
            total += p.numel();
            if (p.requiresGrad()) trainable += p.numel();
        }
        sb.append(line);
        sb.append(String.format(Locale.ROOT, "Total params: %,d%nTrainable params: %,d%nNon-trainable params: %,d%n", total, trainable,
                total - trainable));
        return sb.toString();
    }

    private static void name(Module m, String prefix, Map<Module, String> names) {
        names.putIfAbsent(m, prefix.isEmpty() ? m.typeName().toLowerCase(Locale.ROOT) : prefix);
        for (var e : m.children().entrySet()) name(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), names);
    }
}
