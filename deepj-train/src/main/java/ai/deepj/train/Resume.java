package ai.deepj.train;

import ai.deepj.nn.Module;
import ai.deepj.optim.Optimizer;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import ai.deepj.train.metrics.Metric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Puts a {@link Run} where a checkpoint left off: weights, optimizer state, every generator, gradient
 * buffers, position, the epoch's running sums and metric states, callbacks' states and the history;
 * then records what differs from the checkpointed run as events.
 */
final class Resume {
    private Resume() {}

    private record Pending(String kind, String message, Map<String, String> details) {}

    static void restore(Run run, Path path) {
        Trainer t = run.t;
        Checkpoint cp;
        try {
            cp = Checkpoint.read(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Trainer.resume: cannot read a checkpoint from " + path + ": " + e.getMessage(), e);
        }
        Checkpoint.Position pos = cp.position();
        List<Pending> events = new ArrayList<>();
        checkPosition(t, cp, run.config());
        try {
            loadWeights(t.model, cp);
            restoreOptimizer(t, cp, events);
        } catch (IOException e) {
            throw new UncheckedIOException("Trainer.resume: cannot read " + cp.dir() + ": " + e.getMessage(), e);
        }
        Generator.global().setState(cp.globalRng());
        Generators.restore(t.model, cp.moduleRngs());
        restoreGradBuffers(t.model, cp.gradBuffers());

        run.epoch = pos.epoch();
        run.nextBatch = pos.batch();
        run.step = pos.step();
        if (pos.batch() > 0) restoreRunning(run, cp, events);
        run.history = cp.history();
        run.lastSaved = pos;
        for (int i = 0; i < run.callbacks.size(); i++) {
            CallbackState s = cp.callbacks().get(run.callbackKeys.get(i));
            if (s != null) run.callbacks.get(i).restoreCheckpointState(s);
        }

        run.recordEvent(History.RESUME, "resumed from " + cp.dir() + " at " + pos, Map.of("path", cp.dir().toString()));
        configChanges(cp.config(), run.config(), events);
        dataChange(run, cp, events);
        if (pos.epoch() >= t.epochs) {
            events.add(new Pending(History.NOTE, "the checkpoint is at epoch " + pos.epoch() + " and epochs is " + t.epochs
                    + ": nothing left to train (raise epochs to go on)", Map.of()));
        }
        for (Pending p : events) run.recordEvent(p.kind(), p.message(), p.details());
    }

    /** A checkpoint inside an epoch needs the same batches: the loader's settings must not have changed. */
    private static void checkPosition(Trainer t, Checkpoint cp, Map<String, Object> now) {
        Checkpoint.Position pos = cp.position();
        if (pos.batch() == 0) return;
        List<String> changed = new ArrayList<>();
        for (String k : TrainConfig.LOADER_KEYS) {
            Object was = cp.config().get(k), is = now.get(k);
            if (!Objects.equals(TrainConfig.comparable(was), TrainConfig.comparable(is))) changed.add(k + " " + was + " -> " + is);
        }
        if (!changed.isEmpty()) {
            throw new IllegalArgumentException("Trainer.resume: " + cp.dir().getFileName() + " is inside epoch " + pos.epoch() + " (at batch "
                    + pos.batch() + ") but the training batches differ from the checkpointed run's (" + String.join(", ", changed)
                    + "); keep the data loader's settings, or resume from a checkpoint at an epoch boundary");
        }
        int n = t.train.batchesPerEpoch();
        if (pos.batch() > n) {
            throw new IllegalArgumentException("Trainer.resume: the checkpoint is at batch " + pos.batch() + " but an epoch has " + n + " batches");
        }
    }

    private static void loadWeights(Module model, Checkpoint cp) throws IOException {
        Map<String, Tensor> saved = cp.weights();
        for (var e : model.state().entrySet()) {
            Tensor s = saved.get(e.getKey());
            if (s != null && s.dtype() != e.getValue().dtype()) {
                throw new IllegalArgumentException("Trainer.resume: '" + e.getKey() + "' is " + s.dtype() + " in the checkpoint but "
                        + e.getValue().dtype() + " in the model");
            }
        }
        try {
            model.loadState(saved);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Trainer.resume: the checkpoint's weights do not fit the model: " + e.getMessage(), e);
        }
    }

    private static void restoreOptimizer(Trainer t, Checkpoint cp, List<Pending> events) throws IOException {
        Optimizer opt = t.optimizer;
        Map<String, Double> built = opt.groups().get(0).hyperparameters();
        try {
            opt.loadState(cp.optimizerState());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Trainer.resume: the checkpoint's optimizer state does not fit " + opt.typeName() + ": "
                    + e.getMessage(), e);
        }
        Map<String, Double> loaded = opt.groups().get(0).hyperparameters();
        for (var h : loaded.entrySet()) {
            String name = h.getKey();
            if (t.resumeWith.containsKey(name) || (name.equals("lr") && t.schedule != null)) continue;
            double b = built.get(name), l = h.getValue();
            if (Double.compare(b, l) != 0) {
                events.add(new Pending(History.NOTE, opt.typeName() + " " + name + " is " + l + " as in the checkpoint; the optimizer given was"
                        + " built with " + b + " (resumeWith(\"" + name + "\", " + b + ") would use that)", Map.of("name", name)));
            }
        }
        for (var w : t.resumeWith.entrySet()) {
            double old = opt.groups().get(0).get(w.getKey());
            for (Optimizer.ParamGroup g : opt.groups()) g.set(w.getKey(), w.getValue());
            Map<String, String> d = new LinkedHashMap<>();
            d.put("name", w.getKey());
            d.put("old", Double.toString(old));
            d.put("new", Double.toString(w.getValue()));
            d.put("reason", "resumeWith");
            events.add(new Pending(History.HYPERPARAMETER, w.getKey() + " " + old + " -> " + w.getValue() + " (on resuming)", d));
        }
    }

    /**
     * Gradient buffers as the uninterrupted run has them: zero-filled for the parameters that had one,
     * none for the others (backward then adds to 0 exactly as it would have, signed zeros included).
     */
    private static void restoreGradBuffers(Module model, List<String> names) {
        Map<String, Tensor> params = model.namedParameters();
        Set<String> want = new LinkedHashSet<>(names);
        for (String n : want) {
            if (!params.containsKey(n)) throw new IllegalArgumentException("Trainer.resume: the checkpoint names a gradient for '" + n
                    + "', which the model does not have");
        }
        for (var e : params.entrySet()) e.getValue().setGrad(want.contains(e.getKey()) ? e.getValue().zerosLike() : null);
    }

    private static void restoreRunning(Run run, Checkpoint cp, List<Pending> events) {
        double[] r = cp.running();
        run.costSum = r[0];
        run.dataCostSum = r[1];
        run.examples = (long) r[2];
        List<Metric> metrics = run.t.metrics;
        for (int i = 0; i < metrics.size(); i++) {
            double[] s = cp.metricStates().get(metrics.get(i).name());
            if (s != null) {
                run.accs.get(i).restore(s);
            } else {
                events.add(new Pending(History.NOTE, "metric " + metrics.get(i).name() + " is new: this epoch's train value counts only the"
                        + " batches after the checkpoint", Map.of("name", metrics.get(i).name())));
            }
        }
    }

    private static void configChanges(Map<String, Object> was, Map<String, Object> is, List<Pending> events) {
        Set<String> keys = new LinkedHashSet<>(was.keySet());
        keys.addAll(is.keySet());
        for (String k : keys) {
            Object a = was.get(k), b = is.get(k);
            if (Objects.equals(TrainConfig.comparable(a), TrainConfig.comparable(b))) continue;
            Map<String, String> d = new LinkedHashMap<>();
            d.put("name", k);
            d.put("old", String.valueOf(a));
            d.put("new", String.valueOf(b));
            events.add(new Pending(History.CONFIG, k + ": " + a + " -> " + b, d));
        }
    }

    private static void dataChange(Run run, Checkpoint cp, List<Pending> events) {
        DatasetIdentity was = cp.provenance() == null ? null : cp.provenance().train();
        if (was == null) return;
        DatasetIdentity is = run.provenance().train();
        if (!was.sha256().equals(is.sha256())) {
            events.add(new Pending(History.NOTE, "the training data differ from the checkpointed run's (" + was.name() + " " + was.shortHash()
                    + ", " + was.examples() + " examples -> " + is.name() + " " + is.shortHash() + ", " + is.examples() + " examples)",
                    Map.of("old", was.sha256(), "new", is.sha256())));
        }
    }
}
