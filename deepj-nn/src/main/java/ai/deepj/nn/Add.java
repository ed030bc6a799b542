package ai.deepj.nn;

import ai.deepj.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Sums two or more inputs elementwise, broadcasting (Keras' {@code Add}): the merge of a residual
 * (skip) connection. Takes its inputs through {@link #forward(List)}; see {@link GraphModel}.
 *
 * {@snippet :
 * Tensor y = new Add().forward(List.of(fx, x));   // fx + x
 * }
 */
public final class Add extends Module {
    @Override
    public Tensor forward(List<Tensor> inputs) {
        if (inputs.size() < 2) throw new IllegalArgumentException("Add: needs at least 2 inputs, got " + inputs.size());
        Tensor sum = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            Tensor next = inputs.get(i);
            try {
                sum = sum.add(next);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Add: input " + i + " of shape " + next.shape()
                        + " does not broadcast with the sum of the previous inputs, of shape " + sum.shape(), e);
            }
        }
        return sum;
    }

    /** Always an error: Add merges several inputs. */
    @Override
    public Tensor forward(Tensor input) {
        throw new IllegalArgumentException("Add: takes a list of at least 2 inputs (forward(List<Tensor>)), got one tensor of shape "
                + input.shape());
    }

    @Override
    public Map<String, Object> config() {
        return Map.of();
    }

    /** Re-creates from {@link #config()}. */
    public static Add fromConfig(ModuleConfig cfg) {
        return new Add();
    }
}
