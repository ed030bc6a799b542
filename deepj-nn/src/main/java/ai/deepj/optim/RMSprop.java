package ai.deepj.optim;

import ai.deepj.tensor.Tensor;
import java.util.List;

/**
 * RMSprop (Hinton, Coursera "Neural Networks for Machine Learning", lecture 6e): divides each
 * element's step by a running root-mean-square of its recent gradients, damping the directions
 * that oscillate.
 *
 * <pre>{@code
 * s = β·s + (1−β)·dW²
 * W −= lr·dW / (√s + ε)
 * }</pre>
 *
 * The course writes β (as β₂, since Adam reuses it) and ε; PyTorch's {@code torch.optim.RMSprop}
 * computes the same formula (ε outside the root too) and calls β {@code alpha}. Defaults differ:
 * <ul>
 *   <li>PyTorch (used by {@link Options#defaults()}): {@code lr = 0.01}, {@code alpha = 0.99}, {@code eps = 1e-8};</li>
 *   <li>the course gives no separate default; its Adam values, β₂ = 0.999 and ε = 1e-8, are the usual choice;</li>
 *   <li>Keras: {@code learning_rate = 0.001}, {@code rho = 0.9}, {@code epsilon = 1e-7}.</li>
 * </ul>
 * PyTorch's {@code momentum} and {@code centered} variants are not offered. Hyperparameters (per
 * group): {@code lr}, {@code beta}, {@code eps}, {@code weightDecay} (coupled, as PyTorch's).
 *
 * {@snippet :
 * Optimizer opt = RMSprop.of(model.parameters(), RMSprop.Options.defaults().withLr(1e-3).withBeta(0.999));
 * }
 */
public final class RMSprop extends Optimizer {
    /**
     * Hyperparameters.
     *
     * @param lr          learning rate
     * @param beta        decay of the squared-gradient average (PyTorch's {@code alpha}, Keras's {@code rho})
     * @param eps         added to {@code √s} (outside the root)
     * @param weightDecay coupled L2 weight decay
     */
    public record Options(double lr, double beta, double eps, double weightDecay) {
        public Options {
            OptimUtil.checkNonNegative("RMSprop", "lr", lr);
            OptimUtil.checkDecay("RMSprop", "beta", beta);
            OptimUtil.checkNonNegative("RMSprop", "eps", eps);
            OptimUtil.checkNonNegative("RMSprop", "weightDecay", weightDecay);
        }

        /** PyTorch's defaults: {@code lr = 0.01, beta (alpha) = 0.99, eps = 1e-8}, no weight decay. */
        public static Options defaults() {
            return new Options(0.01, 0.99, 1e-8, 0);
        }

        public Options withLr(double v) {
            return new Options(v, beta, eps, weightDecay);
        }

        public Options withBeta(double v) {
            return new Options(lr, v, eps, weightDecay);
        }

        public Options withEps(double v) {
            return new Options(lr, beta, v, weightDecay);
        }

        public Options withWeightDecay(double v) {
            return new Options(lr, beta, eps, v);
        }
    }

    private RMSprop(List<Tensor> params, Options o) {
        super(params, OptimUtil.hyper("lr", o.lr(), "beta", o.beta(), "eps", o.eps(), "weightDecay", o.weightDecay()));
    }

    /** RMSprop with PyTorch's defaults. */
    public static RMSprop of(List<Tensor> params) {
        return of(params, Options.defaults());
    }

    /** RMSprop with the given options. */
    public static RMSprop of(List<Tensor> params, Options options) {
        return new RMSprop(params, options);
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParamGroup group, long t) {
        double beta = group.get("beta");
        Tensor g = withWeightDecay(grad, param, group.get("weightDecay"));
        Tensor s = slot(param, "squareAvg");
        s.mulInPlace(beta).addInPlace(g.square().mul(1 - beta));
        param.subInPlace(g.div(s.sqrt().add(group.get("eps"))).mul(group.get("lr")));
    }
}
