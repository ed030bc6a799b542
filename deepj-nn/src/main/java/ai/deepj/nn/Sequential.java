package ai.deepj.nn;

import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Layers applied one after another; children are named {@code 0, 1, 2, ...}.
 *
 * {@snippet :
 * Sequential model = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10));
 * Tensor logits = model.forward(x);          // x: [batch, 784] → [batch, 10]
 * model.namedParameters().keySet();          // [0.weight, 0.bias, 2.weight, 2.bias]
 * }
 */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    /** The given layers, in order. */
    public Sequential(Module... layers) {
        for (Module m : layers) add(m);
    }

    /** Appends a layer; returns this. */
    public Sequential add(Module layer) {
        addModule(Integer.toString(layers.size()), layer);
        layers.add(layer);
        return this;
    }

    /** Layer {@code i}. */
    public Module get(int i) {
        return layers.get(i);
    }

    /** Number of layers. */
    public int size() {
        return layers.size();
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : layers) x = m.call(x);
        return x;
    }

    @Override
    public Map<String, Object> config() {
        List<Object> list = new ArrayList<>();
        for (Module m : layers) list.add(ModuleRegistry.describe(m));
        return Map.of("layers", list);
    }

    /** Re-creates a Sequential from its {@link #config()}. */
    @SuppressWarnings("unchecked")
    public static Sequential fromConfig(ModuleConfig cfg) {
        Sequential s = new Sequential();
        for (Object o : cfg.getList("layers")) {
            if (!(o instanceof Map<?, ?> d)) throw new IllegalArgumentException("Sequential config: layer is not an object: " + o);
            s.add(ModuleRegistry.fromConfig((Map<String, Object>) d));
        }
        return s;
    }
}
