package ai.deepj.optim;

import ai.deepj.kernel.OptimizerKernels.AdamStep;
import ai.deepj.tensor.FusedUpdates;
import ai.deepj.tensor.Tensor;
import java.util.List;

/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015): momentum and
 * RMSprop together, both bias-corrected. With {@code g = dW + weightDecay·W} and t counting steps
 * from 1:
 *
 * <pre>{@code
 * v = β₁·v + (1−β₁)·g          (first moment, momentum)
 * s = β₂·s + (1−β₂)·g²         (second moment, RMSprop)
 * v̂ = v/(1−β₁ᵗ),  ŝ = s/(1−β₂ᵗ)
 * W −= lr·v̂/(√ŝ + ε)
 * }</pre>
 *
 * That is the course's and PyTorch's {@code torch.optim.Adam} ({@link
 * EpsilonPlacement#AFTER_BIAS_CORRECTION}, the default). Keras and TensorFlow add ε to the
 * uncorrected root instead ({@link EpsilonPlacement#BEFORE_BIAS_CORRECTION}; {@link Options#keras()}).
 * (The course notes transcribed in this project write {@code √(ŝ + ε)}; the lectures' programming
 * assignment, like PyTorch, puts ε outside the root, which is what is implemented.)
 *
 * <p>{@code weightDecay} here is PyTorch's coupled L2 penalty added to the gradient; for
 * decoupled decay use {@link AdamW}. Defaults (course = PyTorch): {@code lr = 1e-3},
 * {@code β₁ = 0.9}, {@code β₂ = 0.999}, {@code ε = 1e-8}. Hyperparameters (per group): {@code lr},
 * {@code beta1}, {@code beta2}, {@code eps} (or {@code epsHat}), {@code weightDecay}.
 *
 * {@snippet :
 * Optimizer opt = Adam.of(model.parameters(), Adam.Options.defaults().withLr(0.01));
 * Optimizer keras = Adam.of(model.parameters(), Adam.Options.keras());
 * }
 */
public final class Adam extends Optimizer {
    /**
     * Hyperparameters.
     *
     * @param lr          learning rate α
     * @param beta1       decay of the first moment (momentum)
     * @param beta2       decay of the second moment (RMSprop)
     * @param eps         ε, added where {@code placement} says
     * @param weightDecay coupled L2 weight decay (PyTorch's {@code weight_decay})
     * @param placement   where ε goes
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, EpsilonPlacement placement) {
        /** Checks that the values are valid, naming the one that is not. */
        public Options {
            checkAdam("Adam", lr, beta1, beta2, eps, weightDecay, placement);
        }

        /** The course's and PyTorch's defaults: {@code lr 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-8} after bias correction. */
        public static Options defaults() {
            return new Options(1e-3, 0.9, 0.999, 1e-8, 0, EpsilonPlacement.AFTER_BIAS_CORRECTION);
        }

        /** Keras's defaults: {@code lr 1e-3, β₁ 0.9, β₂ 0.999, ε̂ 1e-7} before bias correction. */
        public static Options keras() {
            return new Options(1e-3, 0.9, 0.999, 1e-7, 0, EpsilonPlacement.BEFORE_BIAS_CORRECTION);
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

    private Adam(List<Tensor> params, Options o) {
        super(params, OptimUtil.hyper("lr", o.lr(), "beta1", o.beta1(), "beta2", o.beta2(), epsName(o.placement()), o.eps(),
                "weightDecay", o.weightDecay()));
        this.placement = o.placement();
    }

    /** Adam with the course's (and PyTorch's) defaults. */
    public static Adam of(List<Tensor> params) {
        return of(params, Options.defaults());
    }

    /** Adam with the given options. */
    public static Adam of(List<Tensor> params, Options options) {
        return new Adam(params, options);
    }

    /** Where this optimizer adds ε. */
    public EpsilonPlacement placement() {
        return placement;
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParamGroup group, long t) {
        double weightDecay = group.get("weightDecay");
        if (fusedStep(this, param, grad, weightDecay, group, t, placement)) return;
        Tensor g = withWeightDecay(grad, param, weightDecay);
        step(this, param, g, group, t, placement);
    }

    /** The hyperparameter name of ε for a placement: {@code eps} or {@code epsHat}. */
    static String epsName(EpsilonPlacement placement) {
        return placement == EpsilonPlacement.AFTER_BIAS_CORRECTION ? "eps" : "epsHat";
    }

    static void checkAdam(String op, double lr, double beta1, double beta2, double eps, double weightDecay, EpsilonPlacement p) {
        OptimUtil.checkNonNegative(op, "lr", lr);
        OptimUtil.checkDecay(op, "beta1", beta1);
        OptimUtil.checkDecay(op, "beta2", beta2);
        OptimUtil.checkNonNegative(op, "eps", eps);
        OptimUtil.checkNonNegative(op, "weightDecay", weightDecay);
        if (p == null) throw new IllegalArgumentException(op + ": placement must not be null");
    }

    /**
     * The Adam step as one fused pass ({@link FusedUpdates#adam}), when the tensors allow it; false
     * (nothing done) otherwise. Gives the same bits as {@link #withWeightDecay} followed by
     * {@link #step}, which stay as the reference it is tested against.
     */
    static boolean fusedStep(Optimizer opt, Tensor param, Tensor grad, double weightDecay, ParamGroup group, long t,
            EpsilonPlacement placement) {
        Tensor m = opt.slot(param, "m");
        Tensor v = opt.slot(param, "v");
        if (!FusedUpdates.canFuse(param, grad, m, v)) return false;
        double lr = group.get("lr"), beta1 = group.get("beta1"), beta2 = group.get("beta2");
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        boolean after = placement == EpsilonPlacement.AFTER_BIAS_CORRECTION;
        double eps = group.get(epsName(placement));
        double stepSize = after ? lr / bc1 : lr * Math.sqrt(bc2) / bc1;
        FusedUpdates.adam(param, grad, m, v, new AdamStep(beta1, 1 - beta1, beta2, 1 - beta2, weightDecay, Math.sqrt(bc2), eps,
                stepSize, after));
        return true;
    }

    /** The Adam step shared with {@link AdamW}: moments in slots {@code m} and {@code v}. */
    static void step(Optimizer opt, Tensor param, Tensor g, ParamGroup group, long t, EpsilonPlacement placement) {
        double lr = group.get("lr"), beta1 = group.get("beta1"), beta2 = group.get("beta2");
        Tensor m = opt.slot(param, "m");
        Tensor v = opt.slot(param, "v");
        m.mulInPlace(beta1).addInPlace(g.mul(1 - beta1));
        v.mulInPlace(beta2).addInPlace(g.square().mul(1 - beta2));
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        if (placement == EpsilonPlacement.AFTER_BIAS_CORRECTION) {
            // PyTorch's order: denom = √s/√bc2 + ε; W −= (lr/bc1)·m/denom.
            Tensor denom = v.sqrt().div(Math.sqrt(bc2)).add(group.get("eps"));
            param.subInPlace(m.div(denom).mul(lr / bc1));
        } else {
            // Keras's order: α_t = lr·√bc2/bc1; W −= α_t·m/(√s + ε̂).
            double alphaT = lr * Math.sqrt(bc2) / bc1;
            param.subInPlace(m.mul(alphaT).div(v.sqrt().add(group.get("epsHat"))));
        }
    }
}
