package ai.deepj.nn;

import ai.deepj.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Gives each example a new shape, keeping the batch dimension (Keras' {@code Reshape}): input
 * {@code [N, ...]}, output {@code [N, targetShape...]}; one target size may be −1 (inferred).
 *
 * {@snippet :
 * Tensor images = new Reshape(1, 28, 28).forward(rows);   // [64, 784] → [64, 1, 28, 28]
 * }
 */
public final class Reshape extends Module {
    private final int[] targetShape;

    /** Each example reshaped to {@code targetShape} (the batch dimension excluded). */
    public Reshape(int... targetShape) {
        int inferred = 0;
        for (int s : targetShape) {
            if (s == -1) inferred++;
            else if (s < 0) throw new IllegalArgumentException("Reshape: invalid size " + s + " in " + Arrays.toString(targetShape));
        }
        if (inferred > 1) throw new IllegalArgumentException("Reshape: at most one size may be -1, got " + Arrays.toString(targetShape));
        this.targetShape = targetShape.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() == 0) throw new IllegalArgumentException("Reshape: needs a batch dimension, got a scalar");
        int[] shape = new int[targetShape.length + 1];
        shape[0] = x.size(0);
        System.arraycopy(targetShape, 0, shape, 1, targetShape.length);
        try {
            return x.reshape(shape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Reshape" + Arrays.toString(targetShape) + ": cannot reshape " + x.shape()
                    + " to " + Arrays.toString(shape) + " (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("shape", Arrays.stream(targetShape).boxed().toList());
    }

    /** Re-creates from {@link #config()}. */
    public static Reshape fromConfig(ModuleConfig cfg) {
        return new Reshape(cfg.getIntArray("shape"));
    }

    /** The per-example target shape. */
    public List<Integer> targetShape() {
        return Arrays.stream(targetShape).boxed().toList();
    }
}
