package ai.deepj.optim;

import ai.deepj.tensor.Tensor;
import java.util.List;

/**
 * Nesterov momentum in PyTorch's formulation ({@code torch.optim.SGD(momentum=μ, nesterov=True)},
 * dampening 0), after Sutskever et al., "On the importance of initialization and momentum in deep
 * learning" (ICML 2013):
 *
 * <pre>{@code
 * v = μ·v + g
 * W −= lr·(g + μ·v)
 * }</pre>
 *
 * where {@code g = dW + weightDecay·W}. The step looks ahead along the updated velocity instead of
 * evaluating the gradient at a shifted point. Hyperparameters (per group): {@code lr},
 * {@code momentum}, {@code weightDecay}.
 *
 * {@snippet :
 * Optimizer opt = Nesterov.of(model.parameters(), 0.01, 0.9);
 * }
 */
public final class Nesterov extends Optimizer {
    private Nesterov(List<Tensor> params, double lr, double momentum, double weightDecay) {
        super(params, OptimUtil.hyper("lr", lr, "momentum", momentum, "weightDecay", weightDecay));
        OptimUtil.checkNonNegative("Nesterov", "lr", lr);
        OptimUtil.checkDecay("Nesterov", "momentum", momentum);
        OptimUtil.checkNonNegative("Nesterov", "weightDecay", weightDecay);
    }

    /** Nesterov momentum without weight decay. */
    public static Nesterov of(List<Tensor> params, double lr, double momentum) {
        return new Nesterov(params, lr, momentum, 0);
    }

    /** Nesterov momentum with PyTorch's coupled weight decay. */
    public static Nesterov of(List<Tensor> params, double lr, double momentum, double weightDecay) {
        return new Nesterov(params, lr, momentum, weightDecay);
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParamGroup group, long t) {
        double mu = group.get("momentum");
        Tensor g = withWeightDecay(grad, param, group.get("weightDecay"));
        Tensor v = slot(param, "velocity");
        v.mulInPlace(mu).addInPlace(g);
        param.subInPlace(g.add(v.mul(mu)).mul(group.get("lr")));
    }
}
