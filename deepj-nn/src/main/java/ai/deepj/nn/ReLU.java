package ai.deepj.nn;

import ai.deepj.tensor.Tensor;
import java.util.Map;

/**
 * {@code max(x, 0)} elementwise; any shape. In place ({@link #inPlace()}, PyTorch's
 * {@code nn.ReLU(inplace=True)}) it writes the result over its input instead of allocating a new
 * tensor, and returns that input: use it after a layer whose output nothing else reads (Linear,
 * BatchNorm). The gradients are the same. Where autograd cannot allow it — the input is a leaf
 * that requires grad, or shares its values with a view, while recording — it falls back to the
 * out-of-place {@link Tensor#relu()}. Like PyTorch's, an in-place ReLU placed first in a network
 * overwrites the caller's input tensor.
 *
 * {@snippet :
 * Module net = new Sequential(new Linear(784, 512, opts, gen), ReLU.inPlace(), new Linear(512, 10, opts, gen));
 * }
 */
public final class ReLU extends Module {
    private final boolean inPlace;

    /** Out of place. */
    public ReLU() {
        this(false);
    }

    /** In place if {@code inPlace} (see the class comment). */
    public ReLU(boolean inPlace) {
        this.inPlace = inPlace;
    }

    /** {@code new ReLU(true)}. */
    public static ReLU inPlace() {
        return new ReLU(true);
    }

    /** Whether this ReLU writes over its input. */
    public boolean isInPlace() {
        return inPlace;
    }

    @Override
    public Tensor forward(Tensor x) {
        return inPlace && x.inPlaceAllowed() ? x.reluInPlace() : x.relu();
    }

    @Override
    public Map<String, Object> config() {
        return inPlace ? Map.of("inPlace", true) : Map.of();
    }

    /** Re-creates from {@link #config()}. */
    public static ReLU fromConfig(ModuleConfig cfg) {
        return new ReLU(cfg.has("inPlace") && cfg.getBoolean("inPlace"));
    }
}
