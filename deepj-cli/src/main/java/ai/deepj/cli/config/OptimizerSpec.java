package ai.deepj.cli.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code optimizer:} section: a name, or a name with hyperparameters.
 *
 * <pre>
 * optimizer: adam                         # defaults
 * optimizer: {name: adam, lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8}
 * optimizer: {lr: 0.01}                   # adam, the default
 * </pre>
 * <table>
 *   <caption>Optimizers and their hyperparameters (defaults)</caption>
 *   <tr><td>{@code sgd} (also {@code gd})</td><td>lr 0.01, weight_decay 0</td></tr>
 *   <tr><td>{@code momentum}</td><td>lr 0.01, beta 0.9 (the course's v = βv + (1−β)dW); or momentum μ for PyTorch's v = μv + dW, with weight_decay</td></tr>
 *   <tr><td>{@code nesterov}</td><td>lr 0.01, momentum 0.9, weight_decay 0</td></tr>
 *   <tr><td>{@code rmsprop}</td><td>lr 0.001, beta 0.9, eps 1e-7 (Keras's), weight_decay 0</td></tr>
 *   <tr><td>{@code adagrad}</td><td>lr 0.01, eps 1e-10, weight_decay 0</td></tr>
 *   <tr><td>{@code adam}</td><td>lr 0.001, beta1 0.9, beta2 0.999, eps 1e-8, weight_decay 0</td></tr>
 *   <tr><td>{@code adamw}</td><td>lr 0.001, beta1 0.9, beta2 0.999, eps 1e-8, weight_decay 0.01 (decoupled)</td></tr>
 * </table>
 *
 * @param name   the optimizer, one of {@link #NAMES}
 * @param values every hyperparameter, defaults filled in, by the config's names
 * @param where  where the section is
 */
public record OptimizerSpec(String name, Map<String, Double> values, Location where) {
    /** Optimizer names. */
    public static final List<String> NAMES = List.of("sgd", "momentum", "nesterov", "rmsprop", "adagrad", "adam", "adamw");

    /** The learning rate. */
    public double lr() {
        return values.get("lr");
    }

    /** Parses a name or a mapping with {@code name}. */
    public static OptimizerSpec parse(Node n) {
        Section s;
        String name;
        if (n instanceof Node.Scalar) {
            s = new Section(new Node.Obj(Map.of(), Map.of(), n.where()), "optimizer");
            name = choose(n);
        } else {
            s = Section.of(n, "optimizer");
            name = s.has("name") ? choose(s.require("name")) : "adam";
        }
        Map<String, Double> v = new LinkedHashMap<>();
        switch (name) {
            case "sgd" -> {
                v.put("lr", s.positive("lr", 0.01));
                v.put("weight_decay", s.nonNegative("weight_decay", 0));
            }
            case "momentum" -> {
                v.put("lr", s.positive("lr", 0.01));
                if (s.has("momentum")) {
                    if (s.has("beta")) throw s.error("momentum", "give beta (the course's form) or momentum (PyTorch's), not both");
                    v.put("momentum", s.decay("momentum", 0.9));
                    v.put("weight_decay", s.nonNegative("weight_decay", 0));
                } else {
                    v.put("beta", s.decay("beta", 0.9));
                    if (s.has("weight_decay")) throw s.error("weight_decay", "weight_decay needs PyTorch's form (momentum: instead of beta:); or use l2");
                }
            }
            case "nesterov" -> {
                v.put("lr", s.positive("lr", 0.01));
                v.put("momentum", s.decay("momentum", 0.9));
                v.put("weight_decay", s.nonNegative("weight_decay", 0));
            }
            case "rmsprop" -> {
                v.put("lr", s.positive("lr", 0.001));
                v.put("beta", s.decay("beta", 0.9));
                v.put("eps", s.nonNegative("eps", 1e-7));
                v.put("weight_decay", s.nonNegative("weight_decay", 0));
            }
            case "adagrad" -> {
                v.put("lr", s.positive("lr", 0.01));
                v.put("eps", s.nonNegative("eps", 1e-10));
                v.put("weight_decay", s.nonNegative("weight_decay", 0));
            }
            case "adam", "adamw" -> {
                v.put("lr", s.positive("lr", 0.001));
                v.put("beta1", s.decay("beta1", 0.9));
                v.put("beta2", s.decay("beta2", 0.999));
                v.put("eps", s.nonNegative("eps", 1e-8));
                v.put("weight_decay", s.nonNegative("weight_decay", name.equals("adamw") ? 0.01 : 0));
            }
            default -> throw new IllegalStateException(name);
        }
        s.done();
        return new OptimizerSpec(name, Map.copyOf(v), n.where());
    }

    private static String choose(Node n) {
        String v = Section.canonical(Section.toText(n, "optimizer"));
        if (v.equals("gd") || v.equals("gradient_descent")) return "sgd";
        return Section.choose(n, "optimizer", NAMES);
    }
}
