package ai.deepj.advise;

import ai.deepj.nn.Module;
import ai.deepj.nn.ReLU;
import ai.deepj.nn.Sequential;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Activation statistics of a model on a probe batch: the mean and standard deviation of every
 * layer's output and, for each {@link ReLU}, the fraction of dead units — units that output 0 for
 * every example of the batch (they pass no gradient, so they may never recover).
 *
 * <p>A {@link Sequential} is run child by child (nested Sequentials are entered), and every
 * child's output is measured; layers are named {@code <path>:<Type>}, e.g. {@code 1:ReLU} or
 * {@code 2.0:Linear}. Any other model (a {@code GraphModel}, a custom module) is run whole and only
 * its final output is measured, under the name {@code output:<Type>}, with no dead-unit count.
 *
 * <p>The probe runs in evaluation mode (dropout off, batch norm on its running statistics) without
 * recording gradients; every module's mode is restored afterwards. The probe tensor is copied
 * first, so an in-place ReLU at the front of the model cannot overwrite it. A unit is one position
 * of the output apart from the batch dimension (dimension 0): one column of a {@code [batch, n]}
 * output.
 *
 * {@snippet :
 * for (ActivationProbe.LayerStats s : ActivationProbe.run(model, xProbe)) {
 *     System.out.println(s.name() + " mean " + s.mean() + " std " + s.std() + " dead " + s.deadFraction());
 * }
 * }
 */
public final class ActivationProbe {
    private ActivationProbe() {}

    /**
     * One layer's output statistics.
     *
     * @param name         {@code <path>:<Type>}
     * @param mean         mean over all elements of the output
     * @param std          population standard deviation over all elements
     * @param deadFraction for a ReLU, the fraction of units that are 0 for every example; NaN for other layers
     */
    public record LayerStats(String name, double mean, double std, double deadFraction) {
        /** Whether this layer is a ReLU with a dead-unit count. */
        public boolean isReLU() {
            return !Double.isNaN(deadFraction);
        }
    }

    /** Runs {@code probe} ({@code [batch, ...]}) through {@code model} and measures every layer (see the class comment). */
    public static List<LayerStats> run(Module model, Tensor probe) {
        if (probe.dim() == 0) {
            throw new IllegalArgumentException("ActivationProbe: the probe must be a batch [batch, ...], got a scalar");
        }
        List<String> names = new ArrayList<>();
        List<Module> layers = new ArrayList<>();
        if (model instanceof Sequential s) {
            flatten(s, "", names, layers);
        } else {
            names.add("output");
            layers.add(model);
        }
        Map<Module, Boolean> modes = new IdentityHashMap<>();
        List<Module> order = new ArrayList<>();
        saveModes(model, modes, order);
        List<LayerStats> out = new ArrayList<>();
        try (var s = Autograd.noGrad()) {
            model.eval();
            Tensor x = probe.clone();
            for (int i = 0; i < layers.size(); i++) {
                Module m = layers.get(i);
                x = m.forward(x);
                out.add(measure(names.get(i) + ":" + m.typeName(), x, m instanceof ReLU));
            }
        } finally {
            // Parents first: train(boolean) is recursive, so each child's own mode is set after its parent's.
            for (Module m : order) m.train(modes.get(m));
        }
        return out;
    }

    private static void flatten(Sequential s, String prefix, List<String> names, List<Module> layers) {
        for (int i = 0; i < s.size(); i++) {
            Module m = s.get(i);
            if (m instanceof Sequential inner) {
                flatten(inner, prefix + i + ".", names, layers);
            } else {
                names.add(prefix + i);
                layers.add(m);
            }
        }
    }

    private static void saveModes(Module m, Map<Module, Boolean> modes, List<Module> order) {
        if (modes.put(m, m.isTraining()) == null) order.add(m);
        for (Module c : m.children().values()) saveModes(c, modes, order);
    }

    static LayerStats measure(String name, Tensor out, boolean relu) {
        double[] v = out.toDoubleArray();
        double sum = 0;
        for (double d : v) sum += d;
        double mean = v.length == 0 ? Double.NaN : sum / v.length;
        double ss = 0;
        for (double d : v) ss += (d - mean) * (d - mean);
        double std = v.length == 0 ? Double.NaN : Math.sqrt(ss / v.length);
        double dead = Double.NaN;
        if (relu) {
            int batch = out.dim() == 0 ? 1 : out.size(0);
            int units = batch == 0 ? 0 : v.length / batch;
            int deadUnits = 0;
            for (int u = 0; u < units; u++) {
                boolean allZero = true;
                for (int b = 0; b < batch && allZero; b++) allZero = v[b * units + u] == 0;
                if (allZero) deadUnits++;
            }
            dead = units == 0 ? Double.NaN : (double) deadUnits / units;
        }
        return new LayerStats(name, mean, std, dead);
    }
}
