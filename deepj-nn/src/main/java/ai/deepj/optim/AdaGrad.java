package ai.deepj.optim;

import ai.deepj.tensor.Tensor;
import java.util.List;

/**
 * AdaGrad as in PyTorch's {@code torch.optim.Adagrad} (Duchi, Hazan and Singer, "Adaptive
 * Subgradient Methods for Online Learning and Stochastic Optimization", JMLR 2011): every element
 * gets a learning rate divided by the root of the sum of all its squared gradients so far.
 *
 * <pre>{@code
 * sum += g²
 * W −= lr·g / (√sum + eps)
 * }</pre>
 *
 * with {@code g = dW + weightDecay·W}. PyTorch's defaults: {@code lr = 0.01}, {@code eps = 1e-10}
 * (outside the root); its {@code lr_decay} and {@code initial_accumulator_value} are not offered
 * (both 0 here). Hyperparameters (per group): {@code lr}, {@code eps}, {@code weightDecay}.
 *
 * {@snippet :
 * Optimizer opt = AdaGrad.of(model.parameters(), AdaGrad.Options.defaults().withLr(0.1));
 * }
 */
public final class AdaGrad extends Optimizer {
    /**
     * Hyperparameters.
     *
     * @param lr          learning rate
     * @param eps         added to {@code √sum} (outside the root)
     * @param weightDecay coupled L2 weight decay
     */
    public record Options(double lr, double eps, double weightDecay) {
        /** Checks that the values are valid, naming the one that is not. */
        public Options {
            OptimUtil.checkNonNegative("AdaGrad", "lr", lr);
            OptimUtil.checkNonNegative("AdaGrad", "eps", eps);
            OptimUtil.checkNonNegative("AdaGrad", "weightDecay", weightDecay);
        }

        /** PyTorch's defaults: {@code lr = 0.01, eps = 1e-10}, no weight decay. */
        public static Options defaults() {
            return new Options(0.01, 1e-10, 0);
        }

        /** Same options with another {@code lr}. */

        public Options withLr(double v) {
            return new Options(v, eps, weightDecay);
        }

        /** Same options with another {@code eps}. */

        public Options withEps(double v) {
            return new Options(lr, v, weightDecay);
        }

        /** Same options with another {@code weightDecay}. */

        public Options withWeightDecay(double v) {
            return new Options(lr, eps, v);
        }
    }

    private AdaGrad(List<Tensor> params, Options o) {
        super(params, OptimUtil.hyper("lr", o.lr(), "eps", o.eps(), "weightDecay", o.weightDecay()));
    }

    /** AdaGrad with PyTorch's defaults. */
    public static AdaGrad of(List<Tensor> params) {
        return of(params, Options.defaults());
    }

    /** AdaGrad with the given options. */
    public static AdaGrad of(List<Tensor> params, Options options) {
        return new AdaGrad(params, options);
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParamGroup group, long t) {
        Tensor g = withWeightDecay(grad, param, group.get("weightDecay"));
        Tensor sum = slot(param, "sum");
        sum.addInPlace(g.square());
        param.subInPlace(g.div(sum.sqrt().add(group.get("eps"))).mul(group.get("lr")));
    }
}
