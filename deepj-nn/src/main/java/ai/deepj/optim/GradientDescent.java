package ai.deepj.optim;

import ai.deepj.tensor.Tensor;
import java.util.List;

/**
 * Plain (mini-batch) gradient descent, the course's update {@code W := W − α·dW}; PyTorch's
 * {@code torch.optim.SGD} without momentum.
 *
 * <p>With {@code weightDecay} λ > 0 the gradient becomes {@code dW + λ·W} first (PyTorch's
 * {@code weight_decay}): the course's L2 regularization {@code λ/(2m)·‖W‖²} corresponds to
 * {@code weightDecay = λ/m}. Hyperparameters (per group): {@code lr}, {@code weightDecay}.
 *
 * {@snippet :
 * Optimizer opt = GradientDescent.of(model.parameters(), 0.1);
 * loss.backward();
 * opt.step();      // every parameter p: p -= 0.1 * p.grad()
 * opt.zeroGrad();
 * }
 */
public final class GradientDescent extends Optimizer {
    /**
     * Hyperparameters.
     *
     * @param lr          learning rate α
     * @param weightDecay coupled L2 weight decay (PyTorch's {@code weight_decay}); 0 for none
     */
    public record Options(double lr, double weightDecay) {
        public Options {
            OptimUtil.checkNonNegative("GradientDescent", "lr", lr);
            OptimUtil.checkNonNegative("GradientDescent", "weightDecay", weightDecay);
        }

        /** PyTorch's defaults: {@code lr = 1e-3}, no weight decay. */
        public static Options defaults() {
            return new Options(1e-3, 0);
        }

        public Options withLr(double v) {
            return new Options(v, weightDecay);
        }

        public Options withWeightDecay(double v) {
            return new Options(lr, v);
        }
    }

    private GradientDescent(List<Tensor> params, Options o) {
        super(params, OptimUtil.hyper("lr", o.lr(), "weightDecay", o.weightDecay()));
    }

    /** Gradient descent with learning rate {@code lr}. */
    public static GradientDescent of(List<Tensor> params, double lr) {
        return of(params, Options.defaults().withLr(lr));
    }

    /** Gradient descent with the given options. */
    public static GradientDescent of(List<Tensor> params, Options options) {
        return new GradientDescent(params, options);
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParamGroup group, long t) {
        Tensor d = withWeightDecay(grad, param, group.get("weightDecay"));
        param.subInPlace(d.mul(group.get("lr")));
    }
}
