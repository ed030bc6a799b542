package ai.deepj.nn;

import ai.deepj.nn.init.Initializer;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fully connected (dense) layer: {@code y = x·Wᵀ + b}.
 *
 * <p>Shapes: input {@code [..., in]}, output {@code [..., out]}; {@code weight} is
 * {@code [out, in]} (PyTorch's layout, and the course's {@code W[l]} of shape
 * {@code (n[l], n[l-1])}), {@code bias} is {@code [out]}. The transposed weight is a view: GEMM
 * reads it in place.
 *
 * {@snippet :
 * Linear fc = new Linear(784, 128);                                   // PyTorch's default init
 * Linear he = new Linear(784, 128, Linear.Options.defaults().withWeightInit(myInitializer), Generator.seeded(1));
 * Tensor y = fc.forward(x);                                           // [64, 784] → [64, 128]
 * }
 */
public final class Linear extends Module {
    /**
     * Options.
     *
     * @param bias       whether to add a bias (omit it before batch norm, whose β plays that role)
     * @param weightInit initializer for the weight, or null for PyTorch's default (uniform ±1/√in)
     * @param biasInit   initializer for the bias, or null for PyTorch's default (uniform ±1/√in)
     */
    public record Options(boolean bias, Initializer weightInit, Initializer biasInit) {
        /** With bias, PyTorch's default initialization. */
        public static Options defaults() {
            return new Options(true, null, null);
        }

        /** Same options with or without bias. */
        public Options withBias(boolean b) {
            return new Options(b, weightInit, biasInit);
        }

        /** Same options with another weight initializer. */
        public Options withWeightInit(Initializer init) {
            return new Options(bias, init, biasInit);
        }

        /** Same options with another bias initializer. */
        public Options withBiasInit(Initializer init) {
            return new Options(bias, weightInit, init);
        }
    }

    private final int in, out;
    private final Tensor weight;
    private final Tensor bias;

    /** {@code in → out} with bias and PyTorch's default initialization from {@link Generator#global()}. */
    public Linear(int in, int out) {
        this(in, out, Options.defaults(), Generator.global());
    }

    /** {@code in → out} with the given options, initialized from {@code gen}. */
    public Linear(int in, int out, Options options, Generator gen) {
        if (in <= 0 || out <= 0) throw new IllegalArgumentException("Linear: sizes must be positive, got " + in + " -> " + out);
        this.in = in;
        this.out = out;
        Initializer fallback = Initializer.pytorchLinearDefault(out, in);
        Initializer wi = options.weightInit() != null ? options.weightInit() : fallback;
        weight = addParameter("weight", wi.create(gen, out, in));
        if (options.bias()) {
            Initializer bi = options.biasInit() != null ? options.biasInit() : fallback;
            bias = addParameter("bias", bi.create(gen, out));
        } else {
            bias = null;
        }
    }

    /** The weight, {@code [out, in]}. */
    public Tensor weight() {
        return weight;
    }

    /** The bias, {@code [out]}, or null. */
    public Tensor bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() == 0 || x.size(-1) != in) {
            throw new IllegalArgumentException("Linear(" + in + " -> " + out + "): expects input [..., " + in + "], got "
                    + x.shape());
        }
        return x.linear(weight, bias);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("in", in);
        c.put("out", out);
        c.put("bias", bias != null);
        return c;
    }

    /** Re-creates a Linear from its {@link #config()}. */
    public static Linear fromConfig(ModuleConfig cfg) {
        return new Linear(cfg.getInt("in"), cfg.getInt("out"), Options.defaults().withBias(cfg.getBoolean("bias")), Generator.global());
    }
}
