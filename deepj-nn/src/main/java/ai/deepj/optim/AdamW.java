package ai.deepj.optim;

import ai.deepj.tensor.Tensor;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, "Decoupled Weight Decay
 * Regularization", ICLR 2019), as PyTorch's {@code torch.optim.AdamW}: the weights shrink
 * directly, {@code W −= lr·weightDecay·W}, and then the {@link Adam} step runs on the plain
 * gradient. Unlike an L2 penalty in the gradient, the decay is not divided by {@code √ŝ}, so every
 * weight decays at the same rate. Defaults as PyTorch: {@code lr 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-8,
 * weightDecay 0.01}. Hyperparameters (per group): {@code lr}, {@code beta1}, {@code beta2},
 * {@code eps} (or {@code epsHat}), {@code weightDecay}.
 *
 * {@snippet :
 * Optimizer opt = AdamW.of(model.parameters(), AdamW.Options.defaults().withWeightDecay(0.1));
 * }
 */
public final class AdamW extends Optimizer {
    /**
     * Hyperparameters.
     *
     * @param lr          learning rate
     * @param beta1       decay of the first moment
     * @param beta2       decay of the second moment
     * @param eps         ε, added where {@code placement} says
     * @param weightDecay decoupled decay: {@code W −= lr·weightDecay·W} each step
     * @param placement   where ε goes ({@link EpsilonPlacement#AFTER_BIAS_CORRECTION} in PyTorch)
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, EpsilonPlacement placement) {
        /** Checks that the values are valid, naming the one that is not. */
        public Options {
            Adam.checkAdam("AdamW", lr, beta1, beta2, eps, weightDecay, placement);
        }

        /** PyTorch's defaults: {@code lr 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-8, weightDecay 0.01}. */
        public static Options defaults() {
            return new Options(1e-3, 0.9, 0.999, 1e-8, 0.01, EpsilonPlacement.AFTER_BIAS_CORRECTION);
        }

        /** Same options with another {@code lr}. */

        public Options withLr(double v) {
            return new Options(v, beta1, beta2, eps, weightDecay, placement);
        }

        /** Same options with another {@code beta1}. */

        public Options withBeta1(double v) {
            return new Options(lr, v, beta2, eps, weightDecay, placement);
        }

        /** Same options with another {@code beta2}. */

        public Options withBeta2(double v) {
            return new Options(lr, beta1, v, eps, weightDecay, placement);
        }

        /** Same options with another {@code eps}. */

        public Options withEps(double v) {
            return new Options(lr, beta1, beta2, v, weightDecay, placement);
        }

        /** Same options with another {@code weightDecay}. */

        public Options withWeightDecay(double v) {
            return new Options(lr, beta1, beta2, eps, v, placement);
        }

        /** Same options with another {@code placement}. */

        public Options withPlacement(EpsilonPlacement v) {
            return new Options(lr, beta1, beta2, eps, weightDecay, v);
        }
    }

    private final EpsilonPlacement placement;

    private AdamW(List<Tensor> params, Options o) {
        super(params, OptimUtil.hyper("lr", o.lr(), "beta1", o.beta1(), "beta2", o.beta2(), Adam.epsName(o.placement()), o.eps(),
                "weightDecay", o.weightDecay()));
        this.placement = o.placement();
    }

    /** AdamW with PyTorch's defaults. */
    public static AdamW of(List<Tensor> params) {
        return of(params, Options.defaults());
    }

    /** AdamW with the given options. */
    public static AdamW of(List<Tensor> params, Options options) {
        return new AdamW(params, options);
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParamGroup group, long t) {
        double decay = group.get("lr") * group.get("weightDecay");
        if (decay != 0) param.mulInPlace(1 - decay);
        if (!Adam.fusedStep(this, param, grad, 0, group, t, placement)) Adam.step(this, param, grad, group, t, placement);
    }
}
