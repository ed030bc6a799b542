package ai.deepj.train;

import ai.deepj.data.DataLoader;
import ai.deepj.train.metrics.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The training settings as JSON-friendly values, kept in checkpoints and compared on resuming. */
final class TrainConfig {
    private TrainConfig() {}

    /** Keys whose change makes a position inside an epoch meaningless (batch k would hold other examples). */
    static final List<String> LOADER_KEYS = List.of("train_examples", "batch_size", "shuffle", "shuffle_seed", "drop_last");

    static Map<String, Object> of(Trainer t) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("epochs", t.epochs);
        c.put("loss", typeName(t.loss.getClass()));
        c.put("optimizer", t.optimizer.typeName());
        DataLoader.Options o = t.train.options();
        c.put("train_examples", t.train.dataset().size());
        c.put("batch_size", o.batchSize());
        c.put("shuffle", o.shuffle());
        c.put("shuffle_seed", o.shuffle() ? Long.toString(o.seed()) : "");
        c.put("drop_last", o.dropLast());
        c.put("dev_examples", t.dev == null ? 0 : t.dev.size());
        c.put("eval_batch_size", t.evalBatchSize);
        c.put("l2_lambda", t.l2);
        c.put("clip", switch (t.clip) {
            case NONE -> "none";
            case VALUE -> "value " + t.clipAt;
            case NORM -> "norm " + t.clipAt;
        });
        c.put("schedule", t.schedule == null ? "none" : "per " + t.scheduleUnit.name().toLowerCase(java.util.Locale.ROOT));
        List<String> metrics = new ArrayList<>();
        for (Metric m : t.metrics) metrics.add(m.name());
        c.put("metrics", metrics);
        c.put("stop_on_non_finite_cost", t.stopOnNonFinite);
        if (t.checkpointing != null) {
            c.put("checkpoint_every_steps", t.checkpointing.everySteps());
            c.put("checkpoint_every_epochs", t.checkpointing.everyEpochs());
            c.put("checkpoint_keep_last", t.checkpointing.keepLast());
        }
        return c;
    }

    /** A class's name that is the same in every run: lambdas' generated names are not. */
    static String typeName(Class<?> c) {
        if (c.isHidden()) return "lambda";
        return c.getSimpleName().isEmpty() ? c.getName() : c.getSimpleName();
    }

    /** Normalizes a value for comparison: numbers as doubles (JSON reads 3 back as 3 and 3.0 as 3.0), lists element-wise. */
    static Object comparable(Object v) {
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof List<?> l) return l.stream().map(TrainConfig::comparable).toList();
        return v;
    }
}
