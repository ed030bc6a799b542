package ai.deepj.optim;

import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients. Parameters come in groups, each with its own
 * hyperparameters (a lower learning rate for a pretrained body, say); per-parameter state (such
 * as momentum) lives in named slots so that {@link #state()} can save it and {@link #loadState}
 * restore it.
 *
 * <p>The training loop: {@code loss.backward(); optimizer.step(); optimizer.zeroGrad();}
 * Subclasses implement {@link #update}, called once per parameter with a gradient, inside a
 * no-grad scope.
 */
public abstract class Optimizer {
    /** Parameters that share hyperparameters. */
    public static final class ParamGroup {
        private final List<Tensor> params;
        private final Map<String, Double> hyper;

        ParamGroup(List<Tensor> params, Map<String, Double> hyper) {
            this.params = List.copyOf(params);
            this.hyper = new LinkedHashMap<>(hyper);
        }

        /** The parameters. */
        public List<Tensor> params() {
            return params;
        }

        /** Hyperparameter {@code name}. */
        public double get(String name) {
            Double v = hyper.get(name);
            if (v == null) throw new IllegalArgumentException("optimizer: no hyperparameter '" + name + "' in " + hyper);
            return v;
        }

        /** Sets hyperparameter {@code name} (e.g. {@code lr} from a schedule). */
        public void set(String name, double value) {
            if (!hyper.containsKey(name)) throw new IllegalArgumentException("optimizer: no hyperparameter '" + name + "' in " + hyper);
            hyper.put(name, value);
        }

        /** All hyperparameters (a copy). */
        public Map<String, Double> hyperparameters() {
            return new LinkedHashMap<>(hyper);
        }
    }

    private final Map<String, Double> defaults;
    private final List<ParamGroup> groups = new ArrayList<>();
    private final Map<Tensor, Map<String, Tensor>> slots = new IdentityHashMap<>();
    private long step;

    /** One group of {@code params} with the given default hyperparameters. */
    protected Optimizer(List<Tensor> params, Map<String, Double> defaults) {
        this.defaults = new LinkedHashMap<>(defaults);
        addParamGroup(params, Map.of());
    }

    /** Adds a group whose hyperparameters are the defaults overridden by {@code overrides}. */
    public Optimizer addParamGroup(List<Tensor> params, Map<String, Double> overrides) {
        for (String k : overrides.keySet()) {
            if (!defaults.containsKey(k)) {
                throw new IllegalArgumentException(typeName() + ": unknown hyperparameter '" + k + "'; known: " + defaults.keySet());
            }
        }
        for (Tensor p : params) {
            if (!p.isLeaf()) throw new IllegalArgumentException(typeName() + ": can only optimize leaf tensors, got one made by '"
                    + p.gradFnName() + "'");
            for (ParamGroup g : groups) {
                for (Tensor q : g.params) {
                    if (q == p) throw new IllegalArgumentException(typeName() + ": a parameter appears in two groups");
                }
            }
        }
        Map<String, Double> h = new LinkedHashMap<>(defaults);
        h.putAll(overrides);
        groups.add(new ParamGroup(params, h));
        return this;
    }

    /** The parameter groups. */
    public List<ParamGroup> groups() {
        return Collections.unmodifiableList(groups);
    }

    /** Name used in saved state: the class's simple name. */
    public String typeName() {
        return getClass().getSimpleName();
    }

    /** Number of steps taken. */
    public long stepCount() {
        return step;
    }

    /** Learning rate of the first group. */
    public double learningRate() {
        return groups.get(0).get("lr");
    }

    /** Sets the learning rate of every group (what schedules call). */
    public void setLearningRate(double lr) {
        for (ParamGroup g : groups) g.set("lr", lr);
    }

    /** Applies one update to every parameter that has a gradient. */
    public void step() {
        step++;
        try (var s = Autograd.noGrad()) {
            for (ParamGroup g : groups) {
                for (Tensor p : g.params) {
                    if (p.grad() != null && p.requiresGrad()) update(p, p.grad(), g, step);
                }
            }
        }
    }

    /**
     * Updates one parameter in place.
     *
     * @param param the parameter
     * @param grad  its gradient
     * @param group its group's hyperparameters
     * @param t     the step number, starting at 1 (for bias correction)
     */
    protected abstract void update(Tensor param, Tensor grad, ParamGroup group, long t);

    /**
     * PyTorch's (coupled) weight decay: the gradient plus {@code weightDecay · param}, which is
     * the gradient of an added L2 penalty {@code weightDecay/2 · ‖param‖²}. Returns {@code grad}
     * itself when {@code weightDecay} is 0.
     */
    protected static Tensor withWeightDecay(Tensor grad, Tensor param, double weightDecay) {
        return weightDecay == 0 ? grad : grad.add(param.mul(weightDecay));
    }

    /** The state slot {@code name} of {@code param}, created as zeros of its shape on first use. */
    protected final Tensor slot(Tensor param, String name) {
        return slots.computeIfAbsent(param, k -> new LinkedHashMap<>()).computeIfAbsent(name, k -> param.zerosLike());
    }

    /**
     * Clears every parameter's gradient for the next step: {@code grad()} becomes {@code null}, as
     * PyTorch's {@code zero_grad()} (default {@code set_to_none=True}) does. The next backward then
     * takes its freshly computed gradient as the parameter's {@code grad} with no zero-fill and no
     * add; a parameter that gets no gradient is skipped by {@link #step()}.
     */
    public void zeroGrad() {
        zeroGrad(true);
    }

    /**
     * Clears the gradients ({@code setToNone}) or sets them to zero in place, keeping the buffers
     * (PyTorch's {@code zero_grad(set_to_none=False)}).
     */
    public void zeroGrad(boolean setToNone) {
        for (ParamGroup g : groups) {
            for (Tensor p : g.params) {
                if (setToNone) p.setGrad(null);
                else p.zeroGrad();
            }
        }
    }

    /** A snapshot of everything needed to resume (the tensors are copies). */
    public OptimizerState state() {
        List<Map<String, Double>> hs = new ArrayList<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        int index = 0;
        for (ParamGroup g : groups) {
            hs.add(g.hyperparameters());
            for (Tensor p : g.params) {
                Map<String, Tensor> s = slots.get(p);
                if (s != null) for (var e : s.entrySet()) tensors.put(index + "." + e.getKey(), e.getValue().clone());
                index++;
            }
        }
        return new OptimizerState(typeName(), step, hs, tensors);
    }

    /** Restores a {@link #state()} taken from an optimizer of the same type over the same parameter shapes. */
    public void loadState(OptimizerState state) {
        if (!state.type().equals(typeName())) {
            throw new IllegalArgumentException("loadState: state of a " + state.type() + " cannot be loaded into a " + typeName());
        }
        if (state.groups().size() != groups.size()) {
            throw new IllegalArgumentException("loadState: state has " + state.groups().size() + " parameter groups, optimizer has "
                    + groups.size());
        }
        for (int i = 0; i < groups.size(); i++) {
            // Different hyperparameter names mean a different variant (Momentum's course "beta" vs
            // PyTorch's "momentum", Adam's "eps" vs Keras's "epsHat"): its slots would be misread.
            var have = groups.get(i).hyper.keySet();
            var saved = state.groups().get(i).keySet();
            if (!have.equals(saved)) {
                throw new IllegalArgumentException("loadState: group " + i + " of the state has hyperparameters " + saved
                        + " but this " + typeName() + " has " + have + " (a different variant?)");
            }
        }
        List<Tensor> all = new ArrayList<>();
        for (ParamGroup g : groups) all.addAll(g.params);
        Map<Tensor, Map<String, Tensor>> restored = new IdentityHashMap<>();
        for (var e : state.tensors().entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            int index;
            try {
                index = Integer.parseInt(key.substring(0, Math.max(dot, 0)));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("loadState: bad state key '" + key + "' (expected <index>.<slot>)");
            }
            if (index < 0 || index >= all.size()) {
                throw new IllegalArgumentException("loadState: state for parameter " + index + " but the optimizer has " + all.size());
            }
            Tensor p = all.get(index);
            if (!p.shape().equals(e.getValue().shape())) {
                throw new IllegalArgumentException("loadState: '" + key + "' has shape " + e.getValue().shape() + " but parameter "
                        + index + " has " + p.shape());
            }
            restored.computeIfAbsent(p, k -> new LinkedHashMap<>()).put(key.substring(dot + 1), e.getValue().to(p.dtype()).clone());
        }
        for (int i = 0; i < groups.size(); i++) {
            for (var h : state.groups().get(i).entrySet()) groups.get(i).hyper.put(h.getKey(), h.getValue());
        }
        slots.clear();
        slots.putAll(restored);
        step = state.step();
    }
}
