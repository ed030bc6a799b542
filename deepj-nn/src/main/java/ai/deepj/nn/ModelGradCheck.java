package ai.deepj.nn;

import ai.deepj.autograd.GradCheck;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Gradient checking of a whole model in one call, as the course does before training: the
 * gradient of {@code loss(model(input))} with respect to every trainable parameter, from autograd,
 * is compared with centred finite differences (see {@link GradCheck}).
 *
 * <p>The model itself is not touched: the check runs on a float64 copy (re-created from its
 * config inside a {@link DType#useDefaultFloat float64 scope}, then given the model's weights and
 * buffers), in the model's mode, except that {@link Dropout} is switched off — a random mask
 * would make the loss a different function at every evaluation. Batch norm ({@link BatchNorm1d},
 * {@link BatchNorm2d}, {@link BatchNorm3d}) stays in training mode, so the gradient through its
 * batch statistics is checked. Floating-point inputs
 * are converted to float64; integer inputs (indices for an {@link Embedding}) are passed as they
 * are. Frozen parameters are not checked.
 *
 * {@snippet :
 * Module model = new Sequential(new Linear(4, 8), new Tanh(), new Linear(8, 1));
 * GradCheck.Result r = ModelGradCheck.check(model, x, out -> out.sub(y).square().mean());
 * System.out.println(r);   // relative difference 2.4e-10 (great) over 49 coordinates
 * }
 */
public final class ModelGradCheck {
    private ModelGradCheck() {}

    /** Checks with {@link GradCheck.Options#defaults()}. */
    public static GradCheck.Result check(Module model, Tensor input, Function<Tensor, Tensor> lossOfOutput) {
        return check(model, List.of(input), lossOfOutput, GradCheck.Options.defaults());
    }

    /** Checks with the given options (tolerance, ε, coordinate sampling). */
    public static GradCheck.Result check(Module model, Tensor input, Function<Tensor, Tensor> lossOfOutput, GradCheck.Options options) {
        return check(model, List.of(input), lossOfOutput, options);
    }

    /** Checks a model of several inputs ({@link Module#forward(List)}, e.g. a {@link GraphModel}). */
    public static GradCheck.Result check(Module model, List<Tensor> inputs, Function<Tensor, Tensor> lossOfOutput,
            GradCheck.Options options) {
        Module copy = float64Copy(model);
        List<Tensor> x = new ArrayList<>();
        for (Tensor t : inputs) x.add(t.dtype().isFloating() ? t.detach().to(DType.FLOAT64) : t.detach());
        List<Tensor> leaves = new ArrayList<>();
        for (Tensor p : copy.parameters()) if (p.requiresGrad()) leaves.add(p);
        if (leaves.isEmpty()) throw new IllegalArgumentException("ModelGradCheck: " + model.typeName() + " has no trainable parameters");
        return GradCheck.checkLeaves(options, () -> lossOfOutput.apply(copy.forward(x)), leaves);
    }

    /**
     * The float64 copy the check runs on: same architecture, weights, buffers, mode and frozen
     * parameters as {@code model}, with every {@link Dropout} in evaluation mode.
     */
    public static Module float64Copy(Module model) {
        Module copy;
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            copy = ModuleRegistry.fromConfig(ModuleRegistry.describe(model));
        }
        copy.loadState(model.state());
        copy.train(model.isTraining());
        Map<String, Tensor> original = model.namedParameters();
        for (var e : copy.namedParameters().entrySet()) e.getValue().requiresGrad(original.get(e.getKey()).requiresGrad());
        dropoutOff(copy);
        return copy;
    }

    private static void dropoutOff(Module m) {
        if (m instanceof Dropout) m.eval();
        for (Module c : m.children().values()) dropoutOff(c);
    }
}
