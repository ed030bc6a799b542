package ai.deepj.nn;

import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A model built as a graph of layers, Keras-functional style: declare {@linkplain #input inputs},
 * {@linkplain #apply apply} layers to symbolic {@link Node}s, and wrap the inputs and outputs with
 * {@link #of}. Skip connections ({@link Add}) and parallel branches ({@link Concatenate}) are
 * written as they are drawn; one layer applied twice shares its weights.
 *
 * <p>The layers become the model's children, named by type in order of first use ({@code linear},
 * {@code linear_1}, {@code relu}, ...), so {@link #namedParameters()}, {@link #summary} and
 * {@link #state()} work as for {@link Sequential}. {@link #config()} lists the layers by name and
 * the nodes referring to them, and {@link #fromConfig} rebuilds the same graph.
 *
 * {@snippet :
 * // A residual block: y = relu(x + W2·relu(W1·x))
 * GraphModel.Node x = GraphModel.input("x");
 * GraphModel.Node h = GraphModel.apply(new Linear(16, 16), x);
 * h = GraphModel.apply(new ReLU(), h);
 * h = GraphModel.apply(new Linear(16, 16), h);
 * GraphModel.Node y = GraphModel.apply(new ReLU(), GraphModel.apply(new Add(), h, x));
 * GraphModel block = GraphModel.of(x, y);
 * Tensor out = block.forward(batch);          // [N, 16] → [N, 16]
 * }
 *
 * <p>A model with several inputs takes them, in the order given to {@link #of}, through
 * {@link #forward(List)}; one with several outputs returns them all from {@link #forwardAll}.
 */
public final class GraphModel extends Module {
    /**
     * A symbolic value of the graph: a model input, or the output of a layer applied to other nodes.
     * Immutable; create with {@link GraphModel#input} and {@link GraphModel#apply}.
     */
    public static final class Node {
        private final String inputName; // non-null for inputs
        private final Module layer;      // non-null for layer outputs
        private final List<Node> inputs;

        private Node(String inputName, Module layer, List<Node> inputs) {
            this.inputName = inputName;
            this.layer = layer;
            this.inputs = inputs;
        }

        /** True for a model input. */
        public boolean isInput() {
            return inputName != null;
        }

        /** The input's name, or null for a layer output. */
        public String inputName() {
            return inputName;
        }

        /** The layer that computes this node, or null for an input. */
        public Module layer() {
            return layer;
        }

        /** The nodes the layer is applied to (empty for an input). */
        public List<Node> inputs() {
            return inputs;
        }

        @Override
        public String toString() {
            return isInput() ? "Input(" + inputName + ")" : layer.typeName() + "(" + inputs.size() + " inputs)";
        }
    }

    /** A model input named {@code name} (names must be unique within a model, non-empty, without dots). */
    public static Node input(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("GraphModel.input: invalid name '" + name + "' (non-empty, no dots)");
        }
        return new Node(name, null, List.of());
    }

    /** The output of {@code layer} applied to {@code inputs} (one for most layers; several for {@link Add}, {@link Concatenate}). */
    public static Node apply(Module layer, Node... inputs) {
        if (layer == null) throw new IllegalArgumentException("GraphModel.apply: layer is null");
        if (inputs.length == 0) throw new IllegalArgumentException("GraphModel.apply: " + layer.typeName() + " needs at least one input node");
        for (Node n : inputs) if (n == null) throw new IllegalArgumentException("GraphModel.apply: " + layer.typeName() + " got a null input node");
        return new Node(null, layer, List.of(inputs));
    }

    /** The model from one input to one output. */
    public static GraphModel of(Node input, Node output) {
        return new GraphModel(List.of(input), List.of(output));
    }

    /** The model from {@code inputs} (in {@link #forward(List)}'s order) to {@code outputs}. */
    public static GraphModel of(List<Node> inputs, List<Node> outputs) {
        return new GraphModel(inputs, outputs);
    }

    /** One computation step: {@code layer} applied to earlier values, by index into the value list. */
    private record Step(Module layer, String layerName, int[] args) {}

    private final List<String> inputNames = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final int[] outputIndices;

    private GraphModel(List<Node> inputs, List<Node> outputs) {
        if (inputs.isEmpty() || outputs.isEmpty()) {
            throw new IllegalArgumentException("GraphModel.of: needs at least one input and one output, got " + inputs.size()
                    + " and " + outputs.size());
        }
        // Values are numbered: the inputs first, then each layer output in dependency order.
        Map<Node, Integer> index = new IdentityHashMap<>();
        for (Node in : inputs) {
            if (!in.isInput()) throw new IllegalArgumentException("GraphModel.of: " + in + " is not an input node");
            if (inputNames.contains(in.inputName)) throw new IllegalArgumentException("GraphModel.of: two inputs named '" + in.inputName + "'");
            index.put(in, inputNames.size());
            inputNames.add(in.inputName);
        }
        Map<Module, String> layerNames = new IdentityHashMap<>();
        Map<String, Integer> typeCounts = new HashMap<>();
        for (Node out : outputs) visit(out, index, layerNames, typeCounts);
        outputIndices = new int[outputs.size()];
        for (int i = 0; i < outputs.size(); i++) outputIndices[i] = index.get(outputs.get(i));
    }

    // Nodes are immutable and built from existing nodes, so the graph cannot have cycles.
    private void visit(Node node, Map<Node, Integer> index, Map<Module, String> layerNames, Map<String, Integer> typeCounts) {
        if (index.containsKey(node)) return;
        if (node.isInput()) {
            throw new IllegalArgumentException("GraphModel.of: the outputs depend on input '" + node.inputName
                    + "', which is not among the model's inputs " + inputNames);
        }
        for (Node in : node.inputs) visit(in, index, layerNames, typeCounts);
        String name = layerNames.get(node.layer);
        if (name == null) {
            String base = node.layer.typeName().toLowerCase(Locale.ROOT);
            int k = typeCounts.merge(base, 1, Integer::sum) - 1;
            name = k == 0 ? base : base + "_" + k;
            while (children().containsKey(name)) name = base + "_" + (k = typeCounts.merge(base, 1, Integer::sum) - 1);
            layerNames.put(node.layer, name);
            addModule(name, node.layer);
        }
        int[] args = new int[node.inputs.size()];
        for (int i = 0; i < args.length; i++) args[i] = index.get(node.inputs.get(i));
        index.put(node, inputNames.size() + steps.size());
        steps.add(new Step(node.layer, name, args));
    }

    /** The input names, in the order {@link #forward(List)} takes them. */
    public List<String> inputNames() {
        return Collections.unmodifiableList(inputNames);
    }

    /** Number of outputs. */
    public int outputCount() {
        return outputIndices.length;
    }

    /** All outputs for the given inputs (in the order of the model's inputs). */
    public List<Tensor> forwardAll(List<Tensor> inputs) {
        if (inputs.size() != inputNames.size()) {
            throw new IllegalArgumentException("GraphModel: expects " + inputNames.size() + " inputs " + inputNames + ", got "
                    + inputs.size());
        }
        Tensor[] values = new Tensor[inputNames.size() + steps.size()];
        for (int i = 0; i < inputs.size(); i++) values[i] = inputs.get(i);
        for (int s = 0; s < steps.size(); s++) {
            Step step = steps.get(s);
            List<Tensor> args = new ArrayList<>(step.args.length);
            for (int a : step.args) args.add(values[a]);
            values[inputNames.size() + s] = step.layer.call(args);
        }
        List<Tensor> out = new ArrayList<>(outputIndices.length);
        for (int o : outputIndices) out.add(values[o]);
        return out;
    }

    /** The single output for the given inputs; a model with several outputs needs {@link #forwardAll}. */
    @Override
    public Tensor forward(List<Tensor> inputs) {
        if (outputIndices.length != 1) {
            throw new IllegalStateException("GraphModel: has " + outputIndices.length + " outputs; use forwardAll(inputs)");
        }
        return forwardAll(inputs).get(0);
    }

    /** The single output for a model with a single input. */
    @Override
    public Tensor forward(Tensor input) {
        return forward(List.of(input));
    }

    /**
     * {@code {"inputs": [names], "layers": [{"name", "module": description}], "nodes": [{"layer", "inputs": [refs]}],
     * "outputs": [refs]}}, where a reference is an input's name or {@code "#k"} for the output of node {@code k}.
     */
    @Override
    public Map<String, Object> config() {
        List<Object> layers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<Object> nodes = new ArrayList<>();
        for (Step step : steps) {
            if (seen.add(step.layerName)) {
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("name", step.layerName);
                l.put("module", ModuleRegistry.describe(step.layer));
                layers.add(l);
            }
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("layer", step.layerName);
            List<Object> refs = new ArrayList<>();
            for (int a : step.args) refs.add(reference(a));
            n.put("inputs", refs);
            nodes.add(n);
        }
        List<Object> outs = new ArrayList<>();
        for (int o : outputIndices) outs.add(reference(o));
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("inputs", List.copyOf(inputNames));
        c.put("layers", layers);
        c.put("nodes", nodes);
        c.put("outputs", outs);
        return c;
    }

    private String reference(int valueIndex) {
        return valueIndex < inputNames.size() ? inputNames.get(valueIndex) : "#" + (valueIndex - inputNames.size());
    }

    /** Re-creates the graph described by {@link #config()} (layers freshly initialized; layer names preserved). */
    @SuppressWarnings("unchecked")
    public static GraphModel fromConfig(ModuleConfig cfg) {
        Map<String, Node> byRef = new HashMap<>();
        List<Node> inputs = new ArrayList<>();
        for (Object o : cfg.getList("inputs")) {
            Node in = input(String.valueOf(o));
            inputs.add(in);
            byRef.put(in.inputName, in);
        }
        Map<String, Module> layers = new LinkedHashMap<>();
        for (Object o : cfg.getList("layers")) {
            if (!(o instanceof Map<?, ?> l) || !(l.get("name") instanceof String name) || !(l.get("module") instanceof Map<?, ?> d)) {
                throw new IllegalArgumentException("GraphModel config: a layer needs 'name' and 'module', got " + o);
            }
            layers.put(name, ModuleRegistry.fromConfig((Map<String, Object>) d));
        }
        List<?> nodes = cfg.getList("nodes");
        for (int k = 0; k < nodes.size(); k++) {
            if (!(nodes.get(k) instanceof Map<?, ?> n) || !(n.get("layer") instanceof String layerName) || !(n.get("inputs") instanceof List<?> refs)) {
                throw new IllegalArgumentException("GraphModel config: node " + k + " needs 'layer' and 'inputs', got " + nodes.get(k));
            }
            Module layer = layers.get(layerName);
            if (layer == null) throw new IllegalArgumentException("GraphModel config: node " + k + " uses unknown layer '" + layerName + "'");
            Node[] args = new Node[refs.size()];
            for (int i = 0; i < args.length; i++) args[i] = resolve(byRef, refs.get(i), k);
            byRef.put("#" + k, apply(layer, args));
        }
        List<Node> outputs = new ArrayList<>();
        for (Object o : cfg.getList("outputs")) outputs.add(resolve(byRef, o, nodes.size()));
        GraphModel m = new GraphModel(inputs, outputs);
        // Names are re-derived from the graph; they match the saved ones because the traversal is the same,
        // and this check keeps saved weights (keyed by those names) from silently landing in the wrong layer.
        if (!m.children().keySet().equals(layers.keySet())) {
            throw new IllegalArgumentException("GraphModel config: layers " + layers.keySet() + " do not match the graph's "
                    + m.children().keySet());
        }
        return m;
    }

    private static Node resolve(Map<String, Node> byRef, Object ref, int node) {
        Node n = byRef.get(String.valueOf(ref));
        if (n == null) throw new IllegalArgumentException("GraphModel config: node " + node + " refers to unknown value '" + ref + "'");
        return n;
    }
}
