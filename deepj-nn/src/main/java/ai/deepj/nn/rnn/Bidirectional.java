package ai.deepj.nn.rnn;

import ai.deepj.nn.ModuleConfig;
import ai.deepj.nn.ModuleRegistry;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bidirectional recurrent layer (the course's BRNN): one layer reads the sequence forward, a
 * second one of the same kind reads it backward, and their outputs at each step are merged, so
 * every output sees the whole sequence. Children {@code forward} and {@code backward}.
 *
 * <p>The backward layer respects masks: it starts at each sequence's last real step (padding is
 * skipped, as with PyTorch's packed sequences), and its outputs stay aligned with the input's time
 * steps. {@code last()} merges the forward layer's output at the last real step with the backward
 * layer's at the first step (the one it processed last): PyTorch's {@code h_n[-2]} and
 * {@code h_n[-1]}, and Keras's {@code Bidirectional(..., return_sequences=False)}. The states are
 * {@code [forward, backward]}. {@link #returnSequences()} is the wrapped layer's.
 *
 * {@snippet :
 * Bidirectional brnn = new Bidirectional(new Lstm(10, 32));      // concatenated: 64 features per step
 * RnnOutput out = brnn.run(x, lengths, null);                    // x: [batch, time, 10]
 * }
 */
public final class Bidirectional extends SequenceModule {
    /** How the two directions' outputs are merged. */
    public enum Merge {
        /** {@code [forward, backward]} along the features: {@code 2·hidden} (PyTorch's and Keras's default). */
        CONCAT,
        /** {@code forward + backward}: {@code hidden}. */
        SUM
    }

    private final RecurrentLayer forward, backward;
    private final Merge merge;

    /** Concatenated, the backward layer freshly initialized from {@link Generator#global()}. */
    public Bidirectional(RecurrentLayer layer) {
        this(layer, Merge.CONCAT, Generator.global());
    }

    /** The given merge, the backward layer a fresh copy of {@code layer}'s kind and options, initialized from {@code gen}. */
    public Bidirectional(RecurrentLayer layer, Merge merge, Generator gen) {
        this(layer, checkForward(layer).reversed(gen), merge);
    }

    /** Two given layers: {@code forward} reads forward, {@code backward} (with {@code reverse}) backward. */
    public Bidirectional(RecurrentLayer forward, RecurrentLayer backward, Merge merge) {
        checkForward(forward);
        if (!backward.reverse()) throw new IllegalArgumentException("Bidirectional: the backward layer " + backward + " must have reverse set");
        if (forward.getClass() != backward.getClass() || forward.inputSize() != backward.inputSize()
                || forward.hiddenSize() != backward.hiddenSize()) {
            throw new IllegalArgumentException("Bidirectional: the two directions must be the same kind and size, got " + forward
                    + " and " + backward);
        }
        if (merge == null) throw new IllegalArgumentException("Bidirectional: merge is null");
        this.forward = addModule("forward", forward);
        this.backward = addModule("backward", backward);
        this.merge = merge;
    }

    private static RecurrentLayer checkForward(RecurrentLayer layer) {
        if (layer.reverse()) throw new IllegalArgumentException("Bidirectional: the forward layer " + layer + " must not have reverse set");
        return layer;
    }

    /** The layer reading forward. */
    public RecurrentLayer forwardLayer() {
        return forward;
    }

    /** The layer reading backward. */
    public RecurrentLayer backwardLayer() {
        return backward;
    }

    /** The merge. */
    public Merge merge() {
        return merge;
    }

    @Override
    public int inputSize() {
        return forward.inputSize();
    }

    @Override
    public int outputSize() {
        return merge == Merge.CONCAT ? 2 * forward.outputSize() : forward.outputSize();
    }

    @Override
    public int stateCount() {
        return 2;
    }

    @Override
    public boolean returnSequences() {
        return forward.returnSequences();
    }

    @Override
    RnnOutput runChecked(Tensor x, Tensor mask, List<RnnState> initial) {
        RnnOutput f = forward.runChecked(x, mask, initial == null ? null : initial.subList(0, 1));
        RnnOutput b = backward.runChecked(x, mask, initial == null ? null : initial.subList(1, 2));
        List<RnnState> states = new ArrayList<>(f.states());
        states.addAll(b.states());
        return new RnnOutput(merge(f.sequence(), b.sequence()), merge(f.last(), b.last()), states);
    }

    private Tensor merge(Tensor f, Tensor b) {
        return merge == Merge.CONCAT ? Tensor.concat(-1, f, b) : f.add(b);
    }

    /** Refused: a bidirectional output depends on steps not seen yet. */
    @Override
    public RnnOutput step(Tensor x, List<RnnState> states) {
        throw new IllegalStateException(this + ": cannot run one step at a time; its backward direction needs the whole sequence");
    }

    @Override
    public String toString() {
        return "Bidirectional(" + forward + ", " + merge + ")";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("forward", ModuleRegistry.describe(forward));
        c.put("backward", ModuleRegistry.describe(backward));
        c.put("merge", merge.name());
        return c;
    }

    /** Re-creates from {@link #config()}. */
    @SuppressWarnings("unchecked")
    public static Bidirectional fromConfig(ModuleConfig cfg) {
        return new Bidirectional(layer(cfg, "forward"), layer(cfg, "backward"), cfg.getEnum("merge", Merge.class));
    }

    @SuppressWarnings("unchecked")
    private static RecurrentLayer layer(ModuleConfig cfg, String key) {
        if (!(cfg.get(key) instanceof Map<?, ?> d) || !(ModuleRegistry.fromConfig((Map<String, Object>) d) instanceof RecurrentLayer l)) {
            throw new IllegalArgumentException("rnn.Bidirectional config: '" + key + "' must describe an Lstm, Gru or SimpleRnn, got "
                    + cfg.get(key));
        }
        return l;
    }
}
