package ai.deepj.optim;

import ai.deepj.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Everything an optimizer needs to resume exactly: its type, the step count, each parameter
 * group's hyperparameters, and its per-parameter slots (momentum, Adam's moments) keyed
 * {@code "<parameter index>.<slot>"}, where the index counts parameters across groups in order.
 *
 * @param type    the optimizer's {@link Optimizer#typeName()}
 * @param step    number of {@link Optimizer#step()} calls so far
 * @param groups  hyperparameters of each group (e.g. {@code lr}, {@code beta1})
 * @param tensors per-parameter state
 */
public record OptimizerState(String type, long step, List<Map<String, Double>> groups, Map<String, Tensor> tensors) {}
