package ai.deepj.nn.init;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;

/**
 * Creates the initial value of a parameter. Fans follow PyTorch's convention for a weight of shape
 * {@code [out, in, k...]}: {@code fanIn = in·Πk}, {@code fanOut = out·Πk}; a rank-1 tensor (a
 * bias) has {@code fanIn = fanOut = its length}.
 */
@FunctionalInterface
public interface Initializer {
    /** A new tensor of {@code shape} of the {@linkplain DType#defaultFloat() default float type}. */
    default Tensor create(Generator gen, int... shape) {
        return create(gen, DType.defaultFloat(), shape);
    }

    /** A new tensor of {@code shape} and type {@code dtype}. */
    Tensor create(Generator gen, DType dtype, int... shape);

    /** {@code in·Πk} for a weight {@code [out, in, k...]}. */
    static int fanIn(int... shape) {
        if (shape.length < 2) return shape.length == 0 ? 1 : shape[0];
        int receptive = 1;
        for (int i = 2; i < shape.length; i++) receptive *= shape[i];
        return shape[1] * receptive;
    }

    /** {@code out·Πk} for a weight {@code [out, in, k...]}. */
    static int fanOut(int... shape) {
        if (shape.length < 2) return shape.length == 0 ? 1 : shape[0];
        int receptive = 1;
        for (int i = 2; i < shape.length; i++) receptive *= shape[i];
        return shape[0] * receptive;
    }

    /**
     * PyTorch's default for {@code nn.Linear}: uniform in {@code ±1/√fanIn}, where the fan-in is
     * taken from {@code weightShape} (so a bias gets the same bound as its weight).
     */
    static Initializer pytorchLinearDefault(int... weightShape) {
        double bound = 1 / Math.sqrt(fanIn(weightShape));
        return (gen, dtype, shape) -> Tensor.uniform(gen, dtype, -bound, bound, shape);
    }
}
