package ai.deepj.optim;

import ai.deepj.tensor.Tensor;
import java.util.List;

/**
 * Gradient descent with momentum, in either of its two common forms. Both keep a velocity
 * {@code v} per parameter, starting at zero:
 *
 * <table>
 *   <caption>The two forms</caption>
 *   <tr><th></th><th>{@link #course course} (Deep Learning Specialization)</th><th>{@link #pytorch pytorch} ({@code torch.optim.SGD(momentum=μ)}, dampening 0)</th></tr>
 *   <tr><td>velocity</td><td>{@code v = β·v + (1−β)·dW} (an exponentially weighted average of the gradients)</td><td>{@code v = μ·v + dW} (a decaying sum)</td></tr>
 *   <tr><td>update</td><td>{@code W −= α·v}</td><td>{@code W −= lr·v}</td></tr>
 *   <tr><td>hyperparameters</td><td>{@code lr}, {@code beta} (typically 0.9), {@code weightDecay}</td><td>{@code lr}, {@code momentum} (typically 0.9), {@code weightDecay}</td></tr>
 * </table>
 *
 * <p>The pytorch velocity is the course velocity divided by {@code 1−β} (with μ = β), so the two
 * walk the same path when {@code lr_pytorch = α_course·(1−β)}: with β = 0.9 PyTorch's learning rate
 * is ten times smaller for the same steps. Neither form bias-corrects (the course notes that after
 * about ten steps it makes no difference). The form is fixed at construction and shows in the
 * hyperparameter names, so a saved state of one form is refused by the other.
 *
 * <p>{@code weightDecay} λ adds {@code λ·W} to the gradient first, as PyTorch's {@code weight_decay}.
 *
 * {@snippet :
 * Optimizer course = Momentum.course(model.parameters(), 0.1, 0.9);    // v = 0.9 v + 0.1 dW; W -= 0.1 v
 * Optimizer torch = Momentum.pytorch(model.parameters(), 0.01, 0.9);   // v = 0.9 v + dW;     W -= 0.01 v
 * }
 *
 * @see Nesterov
 */
public final class Momentum extends Optimizer {
    /** Which velocity formula. */
    public enum Form {
        /** {@code v = β·v + (1−β)·dW}; hyperparameter {@code beta}. */
        COURSE,
        /** {@code v = μ·v + dW}; hyperparameter {@code momentum}. */
        PYTORCH
    }

    private final Form form;

    private Momentum(List<Tensor> params, Form form, double lr, double coefficient, double weightDecay) {
        super(params, OptimUtil.hyper("lr", lr, form == Form.COURSE ? "beta" : "momentum", coefficient, "weightDecay", weightDecay));
        OptimUtil.checkNonNegative("Momentum", "lr", lr);
        OptimUtil.checkDecay("Momentum", form == Form.COURSE ? "beta" : "momentum", coefficient);
        OptimUtil.checkNonNegative("Momentum", "weightDecay", weightDecay);
        this.form = form;
    }

    /** The course's form: {@code v = β·v + (1−β)·dW; W −= lr·v}. */
    public static Momentum course(List<Tensor> params, double lr, double beta) {
        return new Momentum(params, Form.COURSE, lr, beta, 0);
    }

    /** PyTorch's form: {@code v = μ·v + dW; W −= lr·v}. */
    public static Momentum pytorch(List<Tensor> params, double lr, double momentum) {
        return pytorch(params, lr, momentum, 0);
    }

    /** PyTorch's form with weight decay: {@code g = dW + λ·W; v = μ·v + g; W −= lr·v}. */
    public static Momentum pytorch(List<Tensor> params, double lr, double momentum, double weightDecay) {
        return new Momentum(params, Form.PYTORCH, lr, momentum, weightDecay);
    }

    /** The velocity formula this optimizer uses. */
    public Form form() {
        return form;
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParamGroup group, long t) {
        Tensor g = withWeightDecay(grad, param, group.get("weightDecay"));
        Tensor v = slot(param, "velocity");
        if (form == Form.COURSE) {
            double beta = group.get("beta");
            v.mulInPlace(beta).addInPlace(g.mul(1 - beta));
        } else {
            v.mulInPlace(group.get("momentum")).addInPlace(g);
        }
        param.subInPlace(v.mul(group.get("lr")));
    }
}
