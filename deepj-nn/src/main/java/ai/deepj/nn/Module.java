package ai.deepj.nn;

import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A piece of a network: it owns named parameters (tensors that learn), buffers (state that does
 * not, such as batch norm's running mean) and child modules, and maps inputs to an output in
 * {@link #forward(Tensor)}. Names nest with dots, as in PyTorch: {@code layers.0.weight}.
 *
 * <p>A layer is one class: its constructor takes the sizes and registers parameters with
 * {@link #addParameter}; {@code forward} is a few lines of tensor ops, whose gradients autograd
 * provides. Every module can describe itself with {@link #config()} (JSON-friendly values only),
 * so that {@link ModuleRegistry#fromConfig} re-creates it: the basis of saving, copying and
 * shipping models to other machines.
 *
 * {@snippet :
 * final class Affine extends Module {
 *     final Tensor weight, bias;
 *     Affine(int in, int out) {
 *         weight = addParameter("weight", Tensor.zeros(in, out));
 *         bias = addParameter("bias", Tensor.zeros(out));
 *     }
 *     @Override public Tensor forward(Tensor x) { return x.matmul(weight).add(bias); }
 *     @Override public Map<String, Object> config() { return Map.of("in", weight.size(0), "out", weight.size(1)); }
 * }
 * }
 *
 * <p>Training mode ({@link #train()}, the default) and evaluation mode ({@link #eval()}) differ for
 * dropout and batch norm. In evaluation mode {@code forward} changes no state, so one model may
 * serve inference from several threads at once.
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** The output for one input. */
    public abstract Tensor forward(Tensor input);

    /**
     * The output for several inputs (for merging layers such as {@link Add}). By default a module
     * takes exactly one input.
     */
    public Tensor forward(List<Tensor> inputs) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(typeName() + ": takes one input, got " + inputs.size());
        }
        return forward(inputs.get(0));
    }

    /**
     * Runs {@link #forward(List)} and reports the output to an active {@link Summary}; containers
     * call their children through this so that summaries see every layer.
     */
    public final Tensor call(List<Tensor> inputs) {
        Tensor out = forward(inputs);
        Summary.record(this, inputs, out);
        return out;
    }

    /** {@link #call(List)} with one input. */
    public final Tensor call(Tensor input) {
        return call(List.of(input));
    }

    /** The arguments that re-create this module (sizes, options), as JSON-friendly values. */
    public abstract Map<String, Object> config();

    /** The name under which {@link ModuleRegistry} knows this module's class: its simple name by default. */
    public String typeName() {
        return getClass().getSimpleName();
    }

    // ------------------------------------------------------------------ registration

    /** Registers a learnable parameter: {@code value} becomes a leaf that requires grad. */
    protected final Tensor addParameter(String name, Tensor value) {
        checkName(name);
        if (!value.isLeaf()) value = value.detach();
        value.requiresGrad(true);
        parameters.put(name, value);
        return value;
    }

    /** Registers state that is saved with the model but not learned (e.g. running statistics). */
    protected final Tensor addBuffer(String name, Tensor value) {
        checkName(name);
        buffers.put(name, value);
        return value;
    }

    /** Registers a child module. */
    protected final <M extends Module> M addModule(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(typeName() + ": invalid name '" + name + "' (non-empty, no dots)");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(typeName() + ": name '" + name + "' is already registered");
        }
    }

    // ------------------------------------------------------------------ traversal

    /** All parameters of this module and its descendants, by dotted name, in registration order. */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, true);
        return out;
    }

    /** All parameters, in the order of {@link #namedParameters()}. */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** All buffers of this module and its descendants, by dotted name. */
    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, false);
        return out;
    }

    private void collect(String prefix, Map<String, Tensor> out, boolean params) {
        for (var e : (params ? parameters : buffers).entrySet()) out.put(prefix + e.getKey(), e.getValue());
        for (var e : children.entrySet()) e.getValue().collect(prefix + e.getKey() + ".", out, params);
    }

    /** Direct children by name. */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** Number of scalar parameters (trainable or frozen). */
    public final long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) n += p.numel();
        return n;
    }

    /** Parameters and buffers by dotted name: everything {@link #loadState} needs. */
    public final Map<String, Tensor> state() {
        Map<String, Tensor> s = namedParameters();
        s.putAll(namedBuffers());
        return s;
    }

    /**
     * Copies values into this module's parameters and buffers. Every name must be present with
     * the same shape; extra or missing names are an error naming them.
     */
    public final void loadState(Map<String, Tensor> values) {
        Map<String, Tensor> mine = state();
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>();
        for (String k : mine.keySet()) if (!values.containsKey(k)) missing.add(k);
        for (String k : values.keySet()) if (!mine.containsKey(k)) unexpected.add(k);
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IllegalArgumentException("loadState: weights do not fit " + typeName() + " (missing " + missing
                    + ", unexpected " + unexpected + ")");
        }
        for (var e : mine.entrySet()) {
            Tensor src = values.get(e.getKey());
            if (!Arrays.equals(src.shape().toArray(), e.getValue().shape().toArray())) {
                throw new IllegalArgumentException("loadState: '" + e.getKey() + "' has shape " + src.shape()
                        + " but the model needs " + e.getValue().shape());
            }
        }
        try (var s = ai.deepj.tensor.Autograd.noGrad()) {
            for (var e : mine.entrySet()) e.getValue().copyInPlace(values.get(e.getKey()));
        }
    }

    // ------------------------------------------------------------------ modes

    /** Training mode for this module and its descendants (dropout active, batch norm uses batch statistics). */
    public final Module train() {
        return train(true);
    }

    /** Evaluation mode: dropout off, batch norm uses running statistics, no state changes. */
    public final Module eval() {
        return train(false);
    }

    /** Sets training ({@code true}) or evaluation mode recursively. */
    public Module train(boolean on) {
        training = on;
        for (Module c : children.values()) c.train(on);
        return this;
    }

    /** True in training mode. */
    public final boolean isTraining() {
        return training;
    }

    /** Stops all parameters from learning (transfer learning); {@link #unfreeze()} undoes it. */
    public final Module freeze() {
        for (Tensor p : parameters()) p.requiresGrad(false);
        return this;
    }

    /** Lets all parameters learn again. */
    public final Module unfreeze() {
        for (Tensor p : parameters()) p.requiresGrad(true);
        return this;
    }

    /**
     * Stops the parameters whose dotted names start with one of {@code prefixes} from learning; the
     * others are left as they are. A prefix matches a name equal to it or continuing it at a dot, so
     * {@code "layers.3"} and {@code "layers.3."} match {@code layers.3.weight} but not {@code layers.30.weight};
     * {@code "0.w"} matches nothing (it stops inside a name part). Nothing changes if a prefix matches
     * no parameter.
     *
     * {@snippet :
     * Sequential model = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 2));
     * model.freeze("0.");                  // 0.weight and 0.bias stop learning; 2.* still learn
     * }
     *
     * @throws IllegalArgumentException if no prefix is given, or a prefix matches no parameter (naming it)
     */
    public final Module freeze(String... prefixes) {
        for (Tensor p : matching("freeze", prefixes)) p.requiresGrad(false);
        return this;
    }

    /** Lets the parameters whose names start with one of {@code prefixes} learn again; matching as in {@link #freeze(String...)}. */
    public final Module unfreeze(String... prefixes) {
        for (Tensor p : matching("unfreeze", prefixes)) p.requiresGrad(true);
        return this;
    }

    private List<Tensor> matching(String op, String... prefixes) {
        if (prefixes.length == 0) throw new IllegalArgumentException(op + ": no prefix given (use " + op + "() for all parameters)");
        Map<String, Tensor> named = namedParameters();
        List<Tensor> out = new ArrayList<>();
        for (String prefix : prefixes) {
            if (prefix == null || prefix.isEmpty()) {
                throw new IllegalArgumentException(op + ": empty prefix (use " + op + "() for all parameters)");
            }
            int before = out.size();
            for (var e : named.entrySet()) if (startsWithPart(e.getKey(), prefix)) out.add(e.getValue());
            if (out.size() == before) {
                throw new IllegalArgumentException(op + ": no parameter of " + typeName() + " matches prefix '" + prefix
                        + "' (parameters: " + named.keySet() + ")");
            }
        }
        return out;
    }

    private static boolean startsWithPart(String name, String prefix) {
        if (!name.startsWith(prefix)) return false;
        return name.length() == prefix.length() || prefix.endsWith(".") || name.charAt(prefix.length()) == '.';
    }

    /**
     * Clears every parameter's gradient ({@code grad()} becomes {@code null}), as PyTorch's
     * {@code zero_grad()} does by default ({@code set_to_none=True}): the next backward then takes
     * its fresh gradient without a zero-fill and an add. See {@link #zeroGrad(boolean)}.
     */
    public final void zeroGrad() {
        zeroGrad(true);
    }

    /** Clears the gradients ({@code setToNone}), or sets them to zero in place, keeping the buffers. */
    public final void zeroGrad(boolean setToNone) {
        for (Tensor p : parameters()) {
            if (setToNone) p.setGrad(null);
            else p.zeroGrad();
        }
    }

    /** A deep copy: same architecture (from {@link #config()}), same weights and buffers, same mode. */
    public Module copy() {
        Module m = ModuleRegistry.fromConfig(ModuleRegistry.describe(this));
        m.loadState(state());
        m.train(training);
        return m;
    }

    /**
     * A Keras-style table (layer, output shape, parameter count, totals) for an input of the given
     * shape, found by running the model once on zeros in evaluation mode without recording.
     */
    public final String summary(int... inputShape) {
        return Summary.of(this, inputShape);
    }

    @Override
    public String toString() {
        return typeName() + config();
    }
}
