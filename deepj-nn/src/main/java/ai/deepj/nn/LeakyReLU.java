package ai.deepj.nn;

import ai.deepj.tensor.Tensor;
import java.util.Map;

/**
 * {@code x} for {@code x > 0}, else {@code slope·x}, elementwise; any shape in, the same shape
 * out. The default slope 0.01 is PyTorch's ({@code negative_slope}); Keras' {@code LeakyReLU}
 * defaults to 0.3, so pass it explicitly when porting Keras models.
 *
 * {@snippet :
 * Module act = new LeakyReLU();        // slope 0.01
 * Module keras = new LeakyReLU(0.3);
 * }
 */
public final class LeakyReLU extends Module {
    private final double slope;

    /** Slope 0.01. */
    public LeakyReLU() {
        this(0.01);
    }

    /** The given slope for negative inputs. */
    public LeakyReLU(double slope) {
        if (!Double.isFinite(slope)) throw new IllegalArgumentException("LeakyReLU: slope must be finite, got " + slope);
        this.slope = slope;
    }

    /** The slope for negative inputs. */
    public double slope() {
        return slope;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.leakyRelu(slope);
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("slope", slope);
    }

    /** Re-creates from {@link #config()}. */
    public static LeakyReLU fromConfig(ModuleConfig cfg) {
        return new LeakyReLU(cfg.getDouble("slope"));
    }
}
