package ai.deepj.nn;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code y = x·scale + offset}, elementwise, as Keras's {@code Rescaling} layer: the usual first
 * layer for pixel data, {@code new Rescaling(1.0 / 255)} for [0, 1] or
 * {@code new Rescaling(1.0 / 127.5, -1)} for [−1, 1]. Part of the model, so a saved model takes
 * raw pixels. Any input shape; integer inputs (pixels read as int32) are converted to the float
 * type that was the default when the layer was made. No parameters; gradients flow through.
 *
 * {@snippet :
 * Sequential model = new Sequential(new Rescaling(1.0 / 255), new Flatten(), new Linear(784, 10));
 * Tensor out = model.forward(pixels);            // pixels: int32 [64, 28, 28] in 0..255
 * }
 *
 * <p>In float32, {@code scale} and {@code offset} are rounded to float32 and the arithmetic is
 * float32's, as in Keras: {@code y = x · (float) scale + (float) offset}.
 */
public final class Rescaling extends Module {
    private final double scale, offset;
    private final DType floatType;

    /** {@code x·scale}. */
    public Rescaling(double scale) {
        this(scale, 0);
    }

    /** {@code x·scale + offset}. */
    public Rescaling(double scale, double offset) {
        if (!Double.isFinite(scale) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("Rescaling: scale and offset must be finite, got scale " + scale + ", offset " + offset);
        }
        this.scale = scale;
        this.offset = offset;
        this.floatType = DType.defaultFloat();
    }

    /** The factor. */
    public double scale() {
        return scale;
    }

    /** The added constant. */
    public double offset() {
        return offset;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor f = x.dtype().isFloating() ? x : x.to(floatType);
        Tensor y = f.mul(scale);
        return offset == 0 ? y : y.add(offset);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("scale", scale);
        c.put("offset", offset);
        return c;
    }

    /** Re-creates from {@link #config()}. */
    public static Rescaling fromConfig(ModuleConfig cfg) {
        return new Rescaling(cfg.getDouble("scale"), cfg.getDouble("offset"));
    }
}
