package ai.deepj.nn;

import ai.deepj.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Joins two or more inputs along dimension {@code dim} (default −1, the features, as in Keras'
 * {@code Concatenate}); all other sizes must agree. The merge of parallel branches (Inception).
 * Takes its inputs through {@link #forward(List)}; see {@link GraphModel}.
 *
 * {@snippet :
 * Tensor y = new Concatenate().forward(List.of(a, b));   // [N, 3] and [N, 5] → [N, 8]
 * }
 */
public final class Concatenate extends Module {
    private final int dim;

    /** Along the last dimension. */
    public Concatenate() {
        this(-1);
    }

    /** Along {@code dim} (negative counts from the end). */
    public Concatenate(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(List<Tensor> inputs) {
        if (inputs.size() < 2) throw new IllegalArgumentException("Concatenate: needs at least 2 inputs, got " + inputs.size());
        return Tensor.concat(dim, inputs.toArray(new Tensor[0]));
    }

    /** Always an error: Concatenate joins several inputs. */
    @Override
    public Tensor forward(Tensor input) {
        throw new IllegalArgumentException("Concatenate: takes a list of at least 2 inputs (forward(List<Tensor>)), got one tensor of"
                + " shape " + input.shape());
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("dim", dim);
    }

    /** Re-creates from {@link #config()}. */
    public static Concatenate fromConfig(ModuleConfig cfg) {
        return new Concatenate(cfg.getInt("dim"));
    }
}
