package ai.deepj.nn.rnn;

import ai.deepj.nn.Module;
import ai.deepj.tensor.Tensor;
import java.util.List;

/**
 * A module over batches of sequences, batch-first: input {@code [batch, time, inputSize]}, output
 * {@code [batch, time, outputSize]} (or the last step, {@code [batch, outputSize]}). PyTorch's
 * recurrent layers default to time-first {@code [time, batch, features]} ({@code batch_first=False});
 * deepj is always batch-first, as Keras and PyTorch's {@code batch_first=True}.
 *
 * <p>{@link #run} is the full interface: an optional mask (padded variable-length batches), optional
 * initial states, and all of the per-step outputs, the last step's output and the final states.
 * {@link #forward(Tensor)} returns the sequence or the last step, as {@link #returnSequences()}
 * says, so the module fits in a {@code Sequential}; {@code forward(List.of(x, mask))} takes a mask
 * too (for a {@code GraphModel}). {@link #step} advances one time step with explicit states, for
 * decoders and sampling.
 *
 * {@snippet :
 * Lstm lstm = new Lstm(10, 32);
 * RnnOutput out = lstm.run(x, Masks.fromLengths(new int[] {7, 4}, 7), null);  // x: [2, 7, 10]
 * out.sequence();   // [2, 7, 32], zero after each sequence's end
 * out.last();       // [2, 32], the outputs at steps 6 and 3
 * out.states();     // final (h, c), to continue from
 * }
 */
public abstract sealed class SequenceModule extends Module permits RecurrentLayer, Bidirectional, StackedRnn {
    SequenceModule() {}

    /** Features of each input step. */
    public abstract int inputSize();

    /** Features of each output step. */
    public abstract int outputSize();

    /** Number of states: one per layer and direction. */
    public abstract int stateCount();

    /** True if {@link #forward(Tensor)} returns every step, false for the last step only. */
    public abstract boolean returnSequences();

    /** {@link #run(Tensor, Tensor, List)} without a mask, from zero states. */
    public final RnnOutput run(Tensor x) {
        return run(x, null, null);
    }

    /**
     * Runs over whole sequences.
     *
     * @param x       {@code [batch, time, inputSize]}
     * @param mask    {@code [batch, time]} of 0/1 (1: a real step), int32 lengths {@code [batch]}
     *                (right padding), or null: at a masked step the state is carried through
     *                unchanged and the output is zero
     * @param initial {@link #stateCount()} states in PyTorch's {@code h_n} order, or null for zeros
     */
    public final RnnOutput run(Tensor x, Tensor mask, List<RnnState> initial) {
        if (x.dim() != 3 || x.size(2) != inputSize()) {
            throw new IllegalArgumentException(this + ": expects input [batch, time, " + inputSize() + "] (batch-first), got "
                    + x.shape());
        }
        if (x.size(0) == 0 || x.size(1) == 0) {
            throw new IllegalArgumentException(this + ": needs at least one sequence and one time step, got " + x.shape());
        }
        Tensor m = Masks.check(toString(), mask, x.size(0), x.size(1));
        if (initial != null && initial.size() != stateCount()) {
            throw new IllegalArgumentException(this + ": expects " + stateCount() + " initial state" + (stateCount() == 1 ? "" : "s")
                    + " (one per layer and direction), got " + initial.size());
        }
        return runChecked(x, m, initial);
    }

    /** The work of {@link #run} once its arguments are checked ({@code mask} is [batch, time] or null). */
    abstract RnnOutput runChecked(Tensor x, Tensor mask, List<RnnState> initial);

    /**
     * One time step: {@code x} {@code [batch, inputSize]} and the previous states (null for zeros)
     * give the step's output ({@code last()}, {@code [batch, outputSize]}; {@code sequence()} is the
     * same as {@code [batch, 1, outputSize]}) and the next states. Feeding steps one at a time gives
     * the same outputs as {@link #run} over the whole sequence. Not for bidirectional modules, whose
     * outputs depend on steps not yet seen.
     */
    public RnnOutput step(Tensor x, List<RnnState> states) {
        if (x.dim() != 2 || x.size(1) != inputSize()) {
            throw new IllegalArgumentException(this + ": step expects input [batch, " + inputSize() + "], got " + x.shape());
        }
        return run(x.unsqueeze(1), null, states);
    }

    /** {@link #run(Tensor)}'s sequence or last step, as {@link #returnSequences()} says. */
    @Override
    public final Tensor forward(Tensor x) {
        RnnOutput out = run(x);
        return returnSequences() ? out.sequence() : out.last();
    }

    /** {@code [x]} or {@code [x, mask]} (mask as in {@link #run(Tensor, Tensor, List)}). */
    @Override
    public final Tensor forward(List<Tensor> inputs) {
        if (inputs.isEmpty() || inputs.size() > 2) {
            throw new IllegalArgumentException(this + ": takes [x] or [x, mask], got " + inputs.size() + " inputs");
        }
        RnnOutput out = run(inputs.get(0), inputs.size() == 2 ? inputs.get(1) : null, null);
        return returnSequences() ? out.sequence() : out.last();
    }

    @Override
    public final String typeName() {
        return "rnn." + getClass().getSimpleName();
    }
}
