package ai.deepj.train;

import ai.deepj.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a checkpoint keeps of a {@link Callback}: JSON-friendly values (numbers, strings, booleans, and
 * lists and maps of them) and tensors. Numbers come back as {@link Long} when they were whole and as
 * {@link Double} otherwise (NaN and infinities included), so read them through {@link Number}.
 *
 * @param values  small values by name
 * @param tensors tensors by name (saved as safetensors, exactly)
 */
public record CallbackState(Map<String, Object> values, Map<String, Tensor> tensors) {
    public CallbackState {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values == null ? Map.of() : values));
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors == null ? Map.of() : tensors));
        for (String k : tensors.keySet()) {
            if (k.isEmpty() || k.contains("/")) throw new IllegalArgumentException("CallbackState: tensor name '" + k + "' (non-empty, no '/')");
        }
    }

    /** Value {@code name} as a double. */
    public double number(String name) {
        if (!(values.get(name) instanceof Number n)) throw new IllegalArgumentException("CallbackState: no number '" + name + "' in " + values);
        return n.doubleValue();
    }
}
