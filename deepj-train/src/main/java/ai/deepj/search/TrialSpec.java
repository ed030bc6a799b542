package ai.deepj.search;

import ai.deepj.tensor.Generator;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One trial to run: its id, the search round it belongs to, its own seed (derived from the
 * search's seed and the id, so the same search gives the same trials on any number of threads or
 * machines) and its hyperparameter values. A plain serializable value: it can be shipped to
 * another machine.
 *
 * {@snippet :
 * Objective objective = trial -> {
 *     double lr = trial.getDouble("lr");
 *     int hidden = trial.getInt("hidden");
 *     Generator g = trial.generator();             // seeded with trial.seed(): reproducible weights
 *     ...
 *     return Outcome.of(devLoss, Map.of("train_loss", losses));
 * };
 * }
 *
 * @param id     the trial's number within its search, from 0
 * @param round  the coarse-to-fine round (0 for random and grid searches)
 * @param seed   the trial's seed for everything random it does
 * @param params the hyperparameter values by name, in the search space's order
 */
public record TrialSpec(int id, int round, long seed, Map<String, Object> params) implements Serializable {
    /** Copies {@code params} into an unmodifiable map that keeps their order. */
    public TrialSpec {
        if (id < 0) throw new IllegalArgumentException("TrialSpec: id must be >= 0, got " + id);
        if (round < 0) throw new IllegalArgumentException("TrialSpec: round must be >= 0, got " + round);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** The value of hyperparameter {@code name}. */
    public Object get(String name) {
        Object v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException("TrialSpec: trial " + id + " has no hyperparameter '" + name + "'; it has " + params.keySet());
        }
        return v;
    }

    /** The value of {@code name} as a double (any number). */
    public double getDouble(String name) {
        if (get(name) instanceof Number n) return n.doubleValue();
        throw wrongType(name, "a number");
    }

    /** The value of {@code name} as an int (an integer domain, or an integer choice). */
    public int getInt(String name) {
        Object v = get(name);
        if (v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof Long l && l == l.intValue()) {
            return ((Number) v).intValue();
        }
        throw wrongType(name, "an integer");
    }

    /** The value of {@code name} as a string (a choice of strings). */
    public String getString(String name) {
        if (get(name) instanceof String s) return s;
        throw wrongType(name, "a string");
    }

    private IllegalArgumentException wrongType(String name, String expected) {
        Object v = params.get(name);
        return new IllegalArgumentException("TrialSpec: hyperparameter '" + name + "' of trial " + id + " is " + v + " ("
                + v.getClass().getSimpleName() + "), not " + expected);
    }

    /** A fresh generator seeded with {@link #seed()}. */
    public Generator generator() {
        return Generator.seeded(seed);
    }
}
