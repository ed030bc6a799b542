package ai.deepj.nn.loss;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.FusedLosses;
import ai.deepj.tensor.Tensor;

/**
 * Softmax cross-entropy from logits: softmax and the course's loss {@code L(ŷ, y) = −Σ_j y_j log ŷ_j}
 * in one step, computed stably through log-softmax (PyTorch's {@code CrossEntropyLoss}; Keras's
 * {@code CategoricalCrossentropy(from_logits=True)} and {@code SparseCategoricalCrossentropy(from_logits=True)}).
 * The model's last layer is linear: do not apply softmax before this loss.
 *
 * <p>Targets come in two forms:
 * <ul>
 *   <li><b>sparse</b>: int32 class labels {@code [N]} in {@code [0, C)}. Computed by one fused op
 *       ({@link FusedLosses#softmaxCrossEntropy}) whose backward is {@code (softmax − onehot)/N};
 *       this is the fast path for training classifiers.</li>
 *   <li><b>dense</b>: floating one-hot or probability rows {@code [N, C]} (the course's {@code Y}
 *       transposed to examples-first), composed from {@link Tensor#logSoftmax}.</li>
 * </ul>
 *
 * <p>Options, with PyTorch's semantics: {@code classWeights} {@code [C]} rescale each class's
 * term; with sparse labels {@link Reduction#MEAN} is then a weighted mean, dividing by the sum of
 * the weights of the targets {@code Σ_i w[y_i]} (not by N); with dense targets it divides by N.
 * {@code labelSmoothing} ε mixes the targets with the uniform distribution:
 * {@code (1 − ε)·y + ε/C}.
 *
 * <p>Shapes: logits {@code [N, C]}; labels {@code [N]} (int32) or targets {@code [N, C]}; output
 * a scalar, or {@code [N]} (one loss per example) with {@link Reduction#NONE}.
 *
 * {@snippet :
 * Tensor logits = model.forward(x);                                    // [64, 10]
 * Tensor loss = new CrossEntropy().compute(logits, labels);            // labels: int32 [64]
 * Tensor smoothed = new CrossEntropy(CrossEntropy.Options.defaults().withLabelSmoothing(0.1))
 *         .compute(logits, labels);
 * }
 */
public final class CrossEntropy implements Loss {
    /**
     * Options.
     *
     * @param reduction      how per-example values are combined
     * @param classWeights   {@code [C]} rescaling of each class, or null
     * @param labelSmoothing ε in [0, 1]
     */
    public record Options(Reduction reduction, Tensor classWeights, double labelSmoothing) {
        /** Mean, unweighted, no smoothing. */
        public static Options defaults() {
            return new Options(Reduction.MEAN, null, 0);
        }

        /** Same options with another reduction. */
        public Options withReduction(Reduction r) {
            return new Options(r, classWeights, labelSmoothing);
        }

        /** Same options with class weights {@code [C]}. */
        public Options withClassWeights(Tensor w) {
            return new Options(reduction, w, labelSmoothing);
        }

        /** Same options with label smoothing ε. */
        public Options withLabelSmoothing(double eps) {
            return new Options(reduction, classWeights, eps);
        }
    }

    private static final String NAME = "CrossEntropy";
    private final Options options;

    /** Mean, unweighted, no smoothing. */
    public CrossEntropy() {
        this(Options.defaults());
    }

    /** With the given options. */
    public CrossEntropy(Options options) {
        Checks.reduction(NAME, options.reduction());
        double eps = options.labelSmoothing();
        if (!(eps >= 0 && eps <= 1)) throw new IllegalArgumentException(NAME + ": labelSmoothing must be in [0, 1], got " + eps);
        Tensor w = options.classWeights();
        if (w != null && (w.dim() != 1 || !w.dtype().isFloating())) {
            throw new IllegalArgumentException(NAME + ": classWeights must be a floating [C] tensor, got " + w.dtype() + " " + w.shape());
        }
        this.options = options;
    }

    /** {@link #compute} with sparse int32 labels {@code [N]} or dense targets {@code [N, C]}, chosen by the target's type. */
    @Override
    public Tensor compute(Tensor logits, Tensor target) {
        checkLogits(logits);
        if (target.dtype() == DType.INT32) {
            checkLabels(logits, target);
            Tensor perExample = FusedLosses.softmaxCrossEntropy(logits, target, options.classWeights(), options.labelSmoothing());
            return reduceSparse(perExample, target);
        }
        checkDense(logits, target);
        return options.reduction().reduce(dense(logits, target, options.classWeights(), options.labelSmoothing()));
    }

    private void checkLogits(Tensor logits) {
        if (logits.dim() != 2 || !logits.dtype().isFloating()) {
            throw new IllegalArgumentException(NAME + ": logits must be floating [N, C], got " + logits.dtype() + " "
                    + logits.shape() + (logits.dim() == 1 ? "; for one example use reshape(1, C)" : ""));
        }
        Tensor w = options.classWeights();
        if (w != null && w.size(0) != logits.size(1)) {
            throw new IllegalArgumentException(NAME + ": classWeights " + w.shape() + " do not match the " + logits.size(1)
                    + " classes of logits " + logits.shape());
        }
    }

    private static void checkLabels(Tensor logits, Tensor labels) {
        int n = logits.size(0), c = logits.size(1);
        if (labels.dim() != 1 || labels.size(0) != n) {
            String hint = labels.dim() == 2 && labels.size(1) == 1 ? "; flatten [N, 1] labels with reshape(-1)" : "";
            throw new IllegalArgumentException(NAME + ": int32 labels must be [" + n + "] for logits " + logits.shape() + ", got "
                    + labels.shape() + hint);
        }
        int[] y = labels.toIntArray();
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= c) {
                throw new IllegalArgumentException(NAME + ": label " + y[i] + " of example " + i + " is out of range [0, " + c
                        + ") for logits " + logits.shape());
            }
        }
    }

    private static void checkDense(Tensor logits, Tensor target) {
        if (!target.dtype().isFloating() || !target.shape().equals(logits.shape())) {
            throw new IllegalArgumentException(NAME + ": targets must be int32 labels [" + logits.size(0) + "] or floating"
                    + " one-hot/probability rows " + logits.shape() + ", got " + target.dtype() + " " + target.shape());
        }
    }

    /** PyTorch's weighted mean for class indices: divide by the total weight of the targets. */
    private Tensor reduceSparse(Tensor perExample, Tensor labels) {
        Tensor w = options.classWeights();
        if (options.reduction() != Reduction.MEAN || w == null) return options.reduction().reduce(perExample);
        double total = 0;
        double[] wd = w.toDoubleArray();
        for (int y : labels.toIntArray()) total += wd[y];
        return perExample.sum().div(total);
    }

    /** Per-example {@code −Σ_c w_c·t'_c·log softmax(x)_c} with {@code t' = (1 − ε)·t + ε/C}; dense targets. */
    static Tensor dense(Tensor logits, Tensor target, Tensor classWeights, double eps) {
        Tensor t = eps == 0 ? target : target.mul(1 - eps).add(eps / logits.size(1));
        if (classWeights != null) t = t.mul(classWeights);
        return t.mul(logits.logSoftmax(1)).sum(1).neg();
    }

    /**
     * The sparse loss per example composed from differentiable primitives, as PyTorch writes it:
     * {@code (1 − ε)·w[y]·(−log softmax(x)_y) + (ε/C)·Σ_c w_c·(−log softmax(x)_c)}. The reference the
     * fused op is tested against.
     */
    static Tensor sparseComposed(Tensor logits, Tensor labels, Tensor classWeights, double eps) {
        Tensor logP = logits.logSoftmax(1);
        Tensor nll = logP.gather(1, labels.reshape(-1, 1)).reshape(-1).neg();
        if (classWeights != null) nll = nll.mul(classWeights.indexSelect(0, labels));
        if (eps == 0) return nll;
        Tensor all = classWeights == null ? logP : logP.mul(classWeights);
        return nll.mul(1 - eps).add(all.sum(1).neg().mul(eps / logits.size(1)));
    }
}
