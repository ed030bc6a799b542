package ai.deepj.nn.rnn;

import ai.deepj.nn.ModuleConfig;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A GRU layer over batch-first sequences {@code [batch, time, inputSize]}: the {@link GruCell}
 * (child {@code cell}) applied at every step by a fused kernel, in PyTorch's form by default
 * ({@code nn.GRU(batch_first=True)}; parameters {@code cell.weightIh}, {@code cell.weightHh},
 * {@code cell.biasIh}, {@code cell.biasHh}) or the course's ({@link GruCell.Form#COURSE}:
 * {@code cell.weightIh}, {@code cell.weightHh}, {@code cell.bias}). The two forms compute different
 * functions; {@link GruCell} explains both and how their gates correspond.
 *
 * {@snippet :
 * Gru gru = new Gru(10, 32);                                               // PyTorch's form
 * Gru course = new Gru(10, 32, Gru.Options.defaults().withForm(GruCell.Form.COURSE), Generator.seeded(1));
 * Tensor y = course.forward(x);                                           // [batch, time, 32]
 * }
 */
public final class Gru extends RecurrentLayer {
    /**
     * Options.
     *
     * @param returnSequences {@code forward} returns every step (the default) or the last one
     * @param reverse         process the steps last to first
     * @param form            the GRU's equations
     * @param init            initializers
     */
    public record Options(boolean returnSequences, boolean reverse, GruCell.Form form, RnnInit init) {
        /** Every step out, forward in time, PyTorch's form and initialization. */
        public static Options defaults() {
            return new Options(true, false, GruCell.Form.PYTORCH, RnnInit.defaults());
        }

        /** Same, returning every step or only the last. */
        public Options withReturnSequences(boolean b) {
            return new Options(b, reverse, form, init);
        }

        /** Same, in the given direction. */
        public Options withReverse(boolean b) {
            return new Options(returnSequences, b, form, init);
        }

        /** Same, in another form. */
        public Options withForm(GruCell.Form f) {
            return new Options(returnSequences, reverse, f, init);
        }

        /** Same, with other initializers. */
        public Options withInit(RnnInit i) {
            return new Options(returnSequences, reverse, form, i);
        }
    }

    private final Options options;

    /** Default options, initialized from {@link Generator#global()}. */
    public Gru(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, Options.defaults(), Generator.global());
    }

    /** The given options, initialized from {@code gen}. */
    public Gru(int inputSize, int hiddenSize, Options options, Generator gen) {
        super(new GruCell(inputSize, hiddenSize, options.form(), options.init(), gen), options.returnSequences(), options.reverse());
        this.options = options;
    }

    @Override
    public GruCell cell() {
        return (GruCell) cell;
    }

    @Override
    Gru reversed(Generator gen) {
        return new Gru(inputSize(), hiddenSize(), options.withReverse(!reverse), gen);
    }

    /**
     * The deepj module equivalent to a PyTorch {@code nn.GRU(batch_first=True)} with the given
     * {@code state_dict()}: a {@code Gru} (PyTorch's form), a {@link Bidirectional} or a
     * {@link StackedRnn}. See {@link PyTorchRnn}.
     */
    public static SequenceModule fromPyTorch(Map<String, Tensor> stateDict) {
        return PyTorchRnn.gru(stateDict, 1);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("inputSize", inputSize());
        c.put("hiddenSize", hiddenSize());
        c.put("returnSequences", returnSequences);
        c.put("reverse", reverse);
        c.put("form", options.form().name());
        return c;
    }

    /** Re-creates from {@link #config()} (fresh weights from {@link Generator#global()}). */
    public static Gru fromConfig(ModuleConfig cfg) {
        Options o = Options.defaults().withReturnSequences(cfg.getBoolean("returnSequences")).withReverse(cfg.getBoolean("reverse"))
                .withForm(GruCell.form(cfg));
        return new Gru(cfg.getInt("inputSize"), cfg.getInt("hiddenSize"), o, Generator.global());
    }
}
