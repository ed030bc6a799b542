package ai.deepj.cli.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code schedule:} section: the learning rate as a function of the epoch (or step), starting
 * from the optimizer's {@code lr} (α₀).
 *
 * <pre>
 * schedule: {name: cosine, warmup: 1, min_lr: 1e-5}       # warm-up, then half a cosine to min_lr at the last epoch
 * schedule: {name: inverse_time, decay_rate: 1}             # the course's α₀/(1 + decay_rate·t)
 * schedule: {name: staircase, decay_rate: 1, interval: 1000}   # the course's schedule_lr_decay
 * schedule: {name: exponential, base: 0.95}                 # α₀·0.95ᵗ
 * schedule: {name: inverse_sqrt, k: 1}                      # k·α₀/√t
 * schedule: {name: step, step_size: 10, gamma: 0.1}         # ×γ every step_size epochs
 * schedule: {name: piecewise, boundaries: [10, 20], values: [1e-3, 1e-4, 1e-5]}
 * </pre>
 * {@code per: step} applies the schedule before every step with {@code t} = steps so far instead of
 * at every epoch.
 *
 * @param name    one of {@link #NAMES}
 * @param values  its numbers, defaults filled in ({@code boundaries} and {@code values} are lists)
 * @param perStep whether {@code t} counts steps (else epochs)
 * @param where   where the section is
 */
public record ScheduleSpec(String name, Map<String, Object> values, boolean perStep, Location where) {
    /** Schedule names. */
    public static final List<String> NAMES = List.of("constant", "inverse_time", "staircase", "exponential", "inverse_sqrt", "step", "piecewise",
            "cosine");

    /** A number of the schedule. */
    public double number(String key) {
        return ((Number) values.get(key)).doubleValue();
    }

    /** Parses a name or a mapping with {@code name}. */
    public static ScheduleSpec parse(Node n) {
        Section s;
        String name;
        if (n instanceof Node.Scalar) {
            s = new Section(new Node.Obj(Map.of(), Map.of(), n.where()), "schedule");
            name = Section.choose(n, "schedule", NAMES);
        } else {
            s = Section.of(n, "schedule");
            name = Section.choose(s.require("name"), "schedule", NAMES);
        }
        Map<String, Object> v = new LinkedHashMap<>();
        switch (name) {
            case "constant" -> {}
            case "inverse_time" -> v.put("decay_rate", s.nonNegative("decay_rate", 1));
            case "staircase" -> {
                v.put("decay_rate", s.nonNegative("decay_rate", 1));
                v.put("interval", s.positiveInt("interval", 1));
            }
            case "exponential" -> {
                double base = s.positive("base", 0.95);
                if (base > 1) throw s.error("base", "base must be at most 1 (a decay), got " + Node.numberText(base));
                v.put("base", base);
            }
            case "inverse_sqrt" -> v.put("k", s.positive("k", 1));
            case "step" -> {
                v.put("step_size", s.positiveInt("step_size", 10));
                v.put("gamma", s.nonNegative("gamma", 0.1));
            }
            case "piecewise" -> {
                int[] b = s.intList("boundaries", null);
                double[] vals = s.numberList("values", null);
                if (b == null || vals == null) throw new ConfigException(s.where(), "piecewise needs boundaries and values, e.g. "
                        + "{name: piecewise, boundaries: [10, 20], values: [1e-3, 1e-4, 1e-5]}");
                if (vals.length != b.length + 1) {
                    throw s.error("values", "piecewise needs one more value than boundaries, got " + vals.length + " values for "
                            + b.length + " boundaries");
                }
                v.put("boundaries", b);
                v.put("values", vals);
            }
            case "cosine" -> {
                v.put("warmup", s.nonNegativeInt("warmup", 0));
                v.put("min_lr", s.nonNegative("min_lr", 0));
                if (s.has("total")) v.put("total", s.positiveInt("total", 1));
            }
            default -> throw new IllegalStateException(name);
        }
        boolean perStep = s.choice("per", "epoch", List.of("epoch", "step")).equals("step");
        s.done();
        return new ScheduleSpec(name, v, perStep, n.where());
    }
}
