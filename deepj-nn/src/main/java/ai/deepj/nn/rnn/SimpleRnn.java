package ai.deepj.nn.rnn;

import ai.deepj.nn.ModuleConfig;
import ai.deepj.tensor.FusedRecurrent.Activation;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The course's basic RNN as a layer over batch-first sequences {@code [batch, time, inputSize]}:
 * the {@link SimpleRnnCell} (child {@code cell}) at every step,
 * {@code a⟨t⟩ = g(Waa·a⟨t−1⟩ + Wax·x⟨t⟩ + ba)}, by a fused kernel. PyTorch's
 * {@code nn.RNN(batch_first=True)} (tanh or ReLU), Keras's {@code SimpleRNN}.
 *
 * {@snippet :
 * SimpleRnn rnn = new SimpleRnn(27, 50);                 // the course's character model
 * Tensor a = rnn.forward(x);                             // [batch, time, 50]; then TimeDistributed(Linear(50, 27))
 * }
 */
public final class SimpleRnn extends RecurrentLayer {
    /**
     * Options.
     *
     * @param returnSequences {@code forward} returns every step (the default) or the last one
     * @param reverse         process the steps last to first
     * @param activation      g (tanh by default)
     * @param init            initializers
     */
    public record Options(boolean returnSequences, boolean reverse, Activation activation, RnnInit init) {
        /** Every step out, forward in time, tanh, PyTorch's initialization. */
        public static Options defaults() {
            return new Options(true, false, Activation.TANH, RnnInit.defaults());
        }

        /** Same, returning every step or only the last. */
        public Options withReturnSequences(boolean b) {
            return new Options(b, reverse, activation, init);
        }

        /** Same, in the given direction. */
        public Options withReverse(boolean b) {
            return new Options(returnSequences, b, activation, init);
        }

        /** Same, with another activation. */
        public Options withActivation(Activation a) {
            return new Options(returnSequences, reverse, a, init);
        }

        /** Same, with other initializers. */
        public Options withInit(RnnInit i) {
            return new Options(returnSequences, reverse, activation, i);
        }
    }

    private final Options options;

    /** Default options, initialized from {@link Generator#global()}. */
    public SimpleRnn(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, Options.defaults(), Generator.global());
    }

    /** The given options, initialized from {@code gen}. */
    public SimpleRnn(int inputSize, int hiddenSize, Options options, Generator gen) {
        super(new SimpleRnnCell(inputSize, hiddenSize, options.activation(), options.init(), gen), options.returnSequences(),
                options.reverse());
        this.options = options;
    }

    @Override
    public SimpleRnnCell cell() {
        return (SimpleRnnCell) cell;
    }

    @Override
    SimpleRnn reversed(Generator gen) {
        return new SimpleRnn(inputSize(), hiddenSize(), options.withReverse(!reverse), gen);
    }

    /**
     * The deepj module equivalent to a PyTorch {@code nn.RNN(nonlinearity=..., batch_first=True)}
     * with the given {@code state_dict()} (the activation is not in it: pass TANH or RELU). See
     * {@link PyTorchRnn}.
     */
    public static SequenceModule fromPyTorch(Map<String, Tensor> stateDict, Activation activation) {
        return PyTorchRnn.rnn(stateDict, activation, 1);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("inputSize", inputSize());
        c.put("hiddenSize", hiddenSize());
        c.put("returnSequences", returnSequences);
        c.put("reverse", reverse);
        c.put("activation", options.activation().name());
        return c;
    }

    /** Re-creates from {@link #config()} (fresh weights from {@link Generator#global()}). */
    public static SimpleRnn fromConfig(ModuleConfig cfg) {
        Options o = Options.defaults().withReturnSequences(cfg.getBoolean("returnSequences")).withReverse(cfg.getBoolean("reverse"))
                .withActivation(SimpleRnnCell.activation(cfg));
        return new SimpleRnn(cfg.getInt("inputSize"), cfg.getInt("hiddenSize"), o, Generator.global());
    }
}
