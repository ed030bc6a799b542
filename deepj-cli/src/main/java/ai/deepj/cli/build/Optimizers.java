package ai.deepj.cli.build;

import ai.deepj.cli.config.LossSpec;
import ai.deepj.cli.config.OptimizerSpec;
import ai.deepj.cli.config.ScheduleSpec;
import ai.deepj.nn.loss.BinaryCrossEntropy;
import ai.deepj.nn.loss.BinaryCrossEntropyWithLogits;
import ai.deepj.nn.loss.CrossEntropy;
import ai.deepj.nn.loss.HuberLoss;
import ai.deepj.nn.loss.Loss;
import ai.deepj.nn.loss.MeanAbsoluteError;
import ai.deepj.nn.loss.MeanSquaredError;
import ai.deepj.optim.AdaGrad;
import ai.deepj.optim.Adam;
import ai.deepj.optim.AdamW;
import ai.deepj.optim.GradientDescent;
import ai.deepj.optim.LearningRateSchedule;
import ai.deepj.optim.Momentum;
import ai.deepj.optim.Nesterov;
import ai.deepj.optim.Optimizer;
import ai.deepj.optim.RMSprop;
import ai.deepj.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** Builds the loss, optimizer and learning-rate schedule a config names. */
public final class Optimizers {
    private Optimizers() {}

    /**
     * The loss; for binary cross-entropy {@code probabilities} says whether the model's output is a
     * probability (it ends with a sigmoid) or a logit.
     */
    public static Loss loss(LossSpec spec, boolean probabilities) {
        return switch (spec.name()) {
            case "cross_entropy" -> new CrossEntropy(CrossEntropy.Options.defaults().withLabelSmoothing(spec.labelSmoothing()));
            case "binary_cross_entropy" -> probabilities ? new BinaryCrossEntropy() : new BinaryCrossEntropyWithLogits();
            case "mse" -> new MeanSquaredError();
            case "mae" -> new MeanAbsoluteError();
            case "huber" -> new HuberLoss(HuberLoss.Options.defaults().withDelta(spec.delta()));
            default -> throw new IllegalStateException(spec.name());
        };
    }

    /** The optimizer over {@code params}. */
    public static Optimizer optimizer(OptimizerSpec spec, List<Tensor> params) {
        Map<String, Double> v = spec.values();
        double lr = v.get("lr");
        return switch (spec.name()) {
            case "sgd" -> GradientDescent.of(params, GradientDescent.Options.defaults().withLr(lr).withWeightDecay(v.get("weight_decay")));
            case "momentum" -> v.containsKey("beta") ? Momentum.course(params, lr, v.get("beta"))
                    : Momentum.pytorch(params, lr, v.get("momentum"), v.get("weight_decay"));
            case "nesterov" -> Nesterov.of(params, lr, v.get("momentum"), v.get("weight_decay"));
            case "rmsprop" -> RMSprop.of(params, RMSprop.Options.defaults().withLr(lr).withBeta(v.get("beta")).withEps(v.get("eps"))
                    .withWeightDecay(v.get("weight_decay")));
            case "adagrad" -> AdaGrad.of(params, AdaGrad.Options.defaults().withLr(lr).withEps(v.get("eps")).withWeightDecay(v.get("weight_decay")));
            case "adam" -> Adam.of(params, Adam.Options.defaults().withLr(lr).withBeta1(v.get("beta1")).withBeta2(v.get("beta2"))
                    .withEps(v.get("eps")).withWeightDecay(v.get("weight_decay")));
            case "adamw" -> AdamW.of(params, AdamW.Options.defaults().withLr(lr).withBeta1(v.get("beta1")).withBeta2(v.get("beta2"))
                    .withEps(v.get("eps")).withWeightDecay(v.get("weight_decay")));
            default -> throw new IllegalStateException(spec.name());
        };
    }

    /**
     * The schedule from {@code lr0}; {@code total} is the number of epochs (or steps, for a per-step
     * schedule) of the run, the default length of a cosine schedule.
     */
    public static LearningRateSchedule schedule(ScheduleSpec s, double lr0, int total) {
        return switch (s.name()) {
            case "constant" -> LearningRateSchedule.constant(lr0);
            case "inverse_time" -> LearningRateSchedule.inverseTime(lr0, s.number("decay_rate"));
            case "staircase" -> LearningRateSchedule.inverseTimeStaircase(lr0, s.number("decay_rate"), (int) s.number("interval"));
            case "exponential" -> LearningRateSchedule.exponential(lr0, s.number("base"));
            case "inverse_sqrt" -> LearningRateSchedule.inverseSqrt(lr0, s.number("k"));
            case "step" -> LearningRateSchedule.step(lr0, (int) s.number("step_size"), s.number("gamma"));
            case "piecewise" -> LearningRateSchedule.piecewiseConstant((int[]) s.values().get("boundaries"), (double[]) s.values().get("values"));
            case "cosine" -> {
                int warmup = (int) s.number("warmup");
                int length = s.values().containsKey("total") ? (int) s.number("total") : Math.max(total, warmup + 1);
                if (length <= warmup) {
                    throw new ai.deepj.cli.config.ConfigException(s.where(), "cosine: warmup " + warmup + " leaves no room in "
                            + length + (s.perStep() ? " steps" : " epochs"));
                }
                yield LearningRateSchedule.warmupCosine(lr0, warmup, length, s.number("min_lr"));
            }
            default -> throw new IllegalStateException(s.name());
        };
    }
}
