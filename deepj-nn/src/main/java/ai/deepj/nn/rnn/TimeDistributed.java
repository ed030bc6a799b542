package ai.deepj.nn.rnn;

import ai.deepj.nn.Module;
import ai.deepj.nn.ModuleConfig;
import ai.deepj.nn.ModuleRegistry;
import ai.deepj.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Applies a module to every time step (Keras's {@code TimeDistributed}): {@code [batch, time, ...]}
 * is folded to {@code [batch·time, ...]}, run through the module in one call, and unfolded to
 * {@code [batch, time, ...out]}. The course's output layer {@code ŷ⟨t⟩ = softmax(Wya·a⟨t⟩ + by)}
 * is {@code TimeDistributed(Linear)} followed by a softmax (or a cross-entropy on the logits).
 * Child {@code layer}. With a mask ({@code forward(List.of(x, mask))}, mask as in
 * {@link SequenceModule#run(Tensor, Tensor, List)}) the outputs at masked steps are zero.
 *
 * {@snippet :
 * Sequential model = new Sequential(new SimpleRnn(27, 50), new TimeDistributed(new Linear(50, 27)));
 * Tensor logits = model.forward(x);   // [batch, time, 27]
 * }
 */
public final class TimeDistributed extends Module {
    private final Module layer;

    /** Applies {@code layer} at every step. */
    public TimeDistributed(Module layer) {
        if (layer == null) throw new IllegalArgumentException("TimeDistributed: layer is null");
        this.layer = addModule("layer", layer);
    }

    /** The module applied at every step. */
    public Module layer() {
        return layer;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() < 3) {
            throw new IllegalArgumentException(this + ": expects input [batch, time, ...] of rank 3 or more, got " + x.shape());
        }
        int[] shape = x.shape().toArray();
        int[] folded = new int[shape.length - 1];
        folded[0] = shape[0] * shape[1];
        System.arraycopy(shape, 2, folded, 1, shape.length - 2);
        Tensor y = layer.forward(x.reshape(folded)); // not call(): a summary lists this module with its unfolded shape
        if (y.dim() == 0 || y.size(0) != folded[0]) {
            throw new IllegalStateException(this + ": the layer must keep the leading dimension " + folded[0] + ", but returned "
                    + y.shape());
        }
        int[] out = new int[y.dim() + 1];
        out[0] = shape[0];
        out[1] = shape[1];
        System.arraycopy(y.shape().toArray(), 1, out, 2, y.dim() - 1);
        return y.reshape(out);
    }

    /** {@code [x]} or {@code [x, mask]}: with a mask, zero outputs at the masked steps. */
    @Override
    public Tensor forward(List<Tensor> inputs) {
        if (inputs.isEmpty() || inputs.size() > 2) {
            throw new IllegalArgumentException(this + ": takes [x] or [x, mask], got " + inputs.size() + " inputs");
        }
        Tensor y = forward(inputs.get(0));
        if (inputs.size() == 1) return y;
        Tensor mask = Masks.check(toString(), inputs.get(1), y.size(0), y.size(1));
        int[] s = new int[y.dim()];
        Arrays.fill(s, 1);
        s[0] = y.size(0);
        s[1] = y.size(1);
        return Tensor.where(mask.reshape(s), y, y.zerosLike());
    }

    @Override
    public String typeName() {
        return "rnn.TimeDistributed";
    }

    @Override
    public String toString() {
        return "TimeDistributed(" + layer.typeName() + ")";
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("layer", ModuleRegistry.describe(layer));
    }

    /** Re-creates from {@link #config()}. */
    @SuppressWarnings("unchecked")
    public static TimeDistributed fromConfig(ModuleConfig cfg) {
        if (!(cfg.get("layer") instanceof Map<?, ?> d)) {
            throw new IllegalArgumentException("rnn.TimeDistributed config: 'layer' must be a module description, got " + cfg.get("layer"));
        }
        return new TimeDistributed(ModuleRegistry.fromConfig((Map<String, Object>) d));
    }
}
