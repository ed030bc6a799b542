package ai.deepj.nn.rnn;

import ai.deepj.nn.ModuleConfig;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An LSTM layer over batch-first sequences {@code [batch, time, inputSize]}: the {@link LstmCell}
 * (child {@code cell}; parameters {@code cell.weightIh}, {@code cell.weightHh}, {@code cell.biasIh},
 * {@code cell.biasHh}, optionally {@code cell.peepholes}) applied at every step by a fused kernel.
 * The state is {@code (h, c)}. PyTorch's {@code nn.LSTM(input, hidden, batch_first=True)}; for
 * several layers or both directions see {@link StackedRnn} and {@link Bidirectional}, and
 * {@link #fromPyTorch} for PyTorch's weights.
 *
 * {@snippet :
 * Lstm lstm = new Lstm(10, 32);                                          // every step out, as PyTorch
 * Lstm encoder = new Lstm(10, 32, Lstm.Options.defaults().withReturnSequences(false), Generator.seeded(1));
 * Tensor y = lstm.forward(x);                                            // [batch, time, 32]
 * RnnOutput out = lstm.run(x, lengths, List.of(RnnState.of(h0, c0)));    // masks and states
 * }
 */
public final class Lstm extends RecurrentLayer {
    /**
     * Options.
     *
     * @param returnSequences {@code forward} returns every step (true, PyTorch's output; the
     *                        default) or the last one (Keras's default {@code return_sequences=False})
     * @param reverse         process the steps last to first
     * @param peepholes       with peephole connections (see {@link LstmCell})
     * @param init            initializers
     */
    public record Options(boolean returnSequences, boolean reverse, boolean peepholes, RnnInit init) {
        /** Every step out, forward in time, no peepholes, PyTorch's initialization. */
        public static Options defaults() {
            return new Options(true, false, false, RnnInit.defaults());
        }

        /** Same, returning every step or only the last. */
        public Options withReturnSequences(boolean b) {
            return new Options(b, reverse, peepholes, init);
        }

        /** Same, in the given direction. */
        public Options withReverse(boolean b) {
            return new Options(returnSequences, b, peepholes, init);
        }

        /** Same, with or without peepholes. */
        public Options withPeepholes(boolean b) {
            return new Options(returnSequences, reverse, b, init);
        }

        /** Same, with other initializers. */
        public Options withInit(RnnInit i) {
            return new Options(returnSequences, reverse, peepholes, i);
        }
    }

    private final Options options;

    /** Default options, initialized from {@link Generator#global()}. */
    public Lstm(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, Options.defaults(), Generator.global());
    }

    /** The given options, initialized from {@code gen}. */
    public Lstm(int inputSize, int hiddenSize, Options options, Generator gen) {
        super(new LstmCell(inputSize, hiddenSize, options.peepholes(), options.init(), gen), options.returnSequences(), options.reverse());
        this.options = options;
    }

    @Override
    public LstmCell cell() {
        return (LstmCell) cell;
    }

    @Override
    Lstm reversed(Generator gen) {
        return new Lstm(inputSize(), hiddenSize(), options.withReverse(!reverse), gen);
    }

    /**
     * The deepj module equivalent to a PyTorch {@code nn.LSTM(batch_first=True)} with the given
     * {@code state_dict()} ({@code weight_ih_l0}, ..., sizes, layers and directions read from it):
     * an {@code Lstm}, a {@link Bidirectional} or a {@link StackedRnn} (without dropout between
     * layers; {@link PyTorchRnn#lstm} takes a keepProb). See {@link PyTorchRnn}.
     */
    public static SequenceModule fromPyTorch(Map<String, Tensor> stateDict) {
        return PyTorchRnn.lstm(stateDict, 1);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("inputSize", inputSize());
        c.put("hiddenSize", hiddenSize());
        c.put("returnSequences", returnSequences);
        c.put("reverse", reverse);
        c.put("peepholes", options.peepholes());
        return c;
    }

    /** Re-creates from {@link #config()} (fresh weights from {@link Generator#global()}). */
    public static Lstm fromConfig(ModuleConfig cfg) {
        Options o = Options.defaults().withReturnSequences(cfg.getBoolean("returnSequences")).withReverse(cfg.getBoolean("reverse"))
                .withPeepholes(cfg.getBoolean("peepholes"));
        return new Lstm(cfg.getInt("inputSize"), cfg.getInt("hiddenSize"), o, Generator.global());
    }
}
