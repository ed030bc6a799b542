package ai.deepj.nn.loss;

import ai.deepj.tensor.FusedLosses;
import ai.deepj.tensor.Tensor;

/**
 * Binary cross-entropy on logits {@code x} (the values before the sigmoid), computed stably as
 * {@code max(x, 0) − x·y + log(1 + e^−|x|)}, which equals {@code −(y·log σ(x) + (1 − y)·log(1 − σ(x)))}
 * without ever forming σ(x) (PyTorch's {@code BCEWithLogitsLoss}, Keras's
 * {@code BinaryCrossentropy(from_logits=True)}). Its gradient is {@code σ(x) − y}, exact even for
 * logits of ±50 or more. One fused op ({@link FusedLosses#binaryCrossEntropyWithLogits}).
 *
 * <p>With a positive-class weight {@code p} the loss is
 * {@code −(p·y·log σ(x) + (1 − y)·log(1 − σ(x)))}: {@code p > 1} raises recall on rare positives
 * (PyTorch's {@code pos_weight}). It broadcasts along the last dimension ({@code [C]}, one per
 * class/label, or {@code [1]}).
 *
 * <p>Shapes: logits and targets the same shape (any); {@code weight} rescales each element and
 * broadcasts to that shape. Output a scalar, or that shape with {@link Reduction#NONE};
 * {@link Reduction#MEAN} averages the weighted values over all elements, as PyTorch does.
 *
 * {@snippet :
 * Tensor logits = model.forward(x);                                     // [m, 1], no sigmoid
 * Tensor cost = new BinaryCrossEntropyWithLogits().compute(logits, y);
 * Tensor rare = new BinaryCrossEntropyWithLogits(BinaryCrossEntropyWithLogits.Options.defaults()
 *         .withPosWeight(Tensor.scalar(5.0).reshape(1))).compute(logits, y);
 * }
 */
public final class BinaryCrossEntropyWithLogits implements Loss {
    /**
     * Options.
     *
     * @param reduction how per-element values are combined
     * @param weight    per-element rescaling, broadcast to the input's shape, or null
     * @param posWeight weight of the positive class, {@code [C]} (the last dimension) or {@code [1]}, or null
     */
    public record Options(Reduction reduction, Tensor weight, Tensor posWeight) {
        /** Mean, unweighted. */
        public static Options defaults() {
            return new Options(Reduction.MEAN, null, null);
        }

        /** Same options with another reduction. */
        public Options withReduction(Reduction r) {
            return new Options(r, weight, posWeight);
        }

        /** Same options with a per-element (or, shaped {@code [C]}, per-class) weight. */
        public Options withWeight(Tensor w) {
            return new Options(reduction, w, posWeight);
        }

        /** Same options with a positive-class weight. */
        public Options withPosWeight(Tensor p) {
            return new Options(reduction, weight, p);
        }
    }

    private final Options options;

    /** Mean, unweighted. */
    public BinaryCrossEntropyWithLogits() {
        this(Options.defaults());
    }

    /** With the given options. */
    public BinaryCrossEntropyWithLogits(Options options) {
        Checks.reduction("BinaryCrossEntropyWithLogits", options.reduction());
        this.options = options;
    }

    @Override
    public Tensor compute(Tensor logits, Tensor target) {
        String name = "BinaryCrossEntropyWithLogits";
        Checks.sameShapeFloats(name, logits, target);
        Checks.broadcastsTo(name, "weight", options.weight(), logits);
        Tensor pw = options.posWeight();
        int last = logits.dim() == 0 ? 1 : logits.size(-1);
        if (pw != null && !(pw.dtype().isFloating() && (pw.numel() == 1 || pw.dim() == 1 && pw.size(0) == last))) {
            throw new IllegalArgumentException(name + ": posWeight " + pw.dtype() + " " + pw.shape() + " must be floating, [" + last
                    + "] (the logits' last dimension) or [1], for logits " + logits.shape());
        }
        Tensor perElement = FusedLosses.binaryCrossEntropyWithLogits(logits, target, pw);
        if (options.weight() != null) perElement = perElement.mul(options.weight());
        return options.reduction().reduce(perElement);
    }

    /**
     * The same loss composed from differentiable primitives, the reference the fused op is tested
     * against: {@code (1 − y)·x + L·softplus(−x)} with {@code L = 1 + (p − 1)·y}, where
     * {@code softplus(z) = ½z + ½|z| + log(1 + e^−|z|)} (written this way, rather than with
     * {@code max(z, 0)}, so that the subgradients at 0 cancel and give σ(0) = ½). Per element.
     */
    static Tensor composed(Tensor logits, Tensor target, Tensor posWeight) {
        Tensor z = logits.neg();
        Tensor absZ = z.abs();
        Tensor softplusNegX = z.mul(0.5).add(absZ.mul(0.5)).add(absZ.neg().exp().log1p());
        Tensor l = posWeight == null ? softplusNegX : target.mul(posWeight.sub(1)).add(1).mul(softplusNegX);
        return target.rsub(1).mul(logits).add(l);
    }
}
